/**
 * A local Forge Key-Value Store and Custom Entity Store: answers the POSTs `@forge/kvs` sends
 * through `__forge_fetch__` (`/api/v1/get`, `/set`, `/delete`, `/query`, `/batch/*`,
 * `/transaction`, and `/api/v1/entity/get|set|delete|query`) with the real service's semantics and
 * limits: the key format and length, value size and depth, FAIL_IF_EXISTS (409 KEY_CONFLICT), TTL,
 * key-ordered queries with cursors, atomic transactions of at most 25 operations with conditions on
 * entities, and custom entities as the manifest declares them (`app.storage.entities`): typed
 * attributes, and queries only through a declared index (partition by equality, a condition and a
 * sort on the range attribute, filters on any attribute, cursor and limit). Optionally persisted to
 * a JSON file (the preview keeps admin edits across restarts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const MAX_KEY = 500;
const MAX_VALUE_BYTES = 240 * 1024;
const MAX_DEPTH = 32;
const MAX_TRANSACTION_OPS = 25;
const MAX_BATCH_ITEMS = 25;
const MAX_QUERY_LIMIT = 100;
const DEFAULT_QUERY_LIMIT = 10;
const INT32 = 2 ** 31;

interface Entry {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** A cursor as the store gave it; anything else is the caller's error (400), as Forge's store answers. */
function readCursor<T>(read: () => T): T {
  try {
    return read();
  } catch {
    throw new KvsError(400, 'INVALID_CURSOR', 'The cursor was not given by this query');
  }
}

/** A custom entity as `app.storage.entities` declares it. */
export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes?: (string | { name: string; range: string[]; partition?: string[] })[];
}

interface Index {
  name: string;
  range: string;
  partition: string[];
}

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
type Condition = { property: string; condition: string; values: unknown[] };

/** The plain key-value namespace; each entity has its own. */
const PLAIN = '';

export class LocalKvs {
  private spaces = new Map<string, Map<string, Entry>>();
  private readonly entities = new Map<string, { definition: EntityDefinition; indexes: Map<string, Index> }>();
  /** Requests answered, by path: tests and the bench read them. */
  readonly calls = new Map<string, number>();
  /** Added to every request (on the world clock, so simulated timers make it free to wait). */
  latencyMs = 0;
  /** Injected failures: the next `times` requests to `path` (after `after` more succeed) answer `status`. */
  readonly faults: { path: string; status: number; times: number; after?: number }[] = [];

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly file?: string,
    entities: readonly EntityDefinition[] = [],
  ) {
    for (const definition of entities) {
      const indexes = new Map<string, Index>();
      for (const index of definition.indexes ?? []) {
        const normal = typeof index === 'string' ? { name: index, range: index, partition: [] } : { name: index.name, range: index.range[0]!, partition: index.partition ?? [] };
        indexes.set(normal.name, normal);
      }
      this.entities.set(definition.name, { definition, indexes });
    }
    if (file && existsSync(file)) this.load(file);
  }

  /** Answers one request as the KVS service would: a status and a JSON body (or none). */
  handle(path: string, body: Json): { status: number; body?: unknown } {
    this.calls.set(path, (this.calls.get(path) ?? 0) + 1);
    const fault = this.faults.find((candidate) => candidate.path === path && candidate.times > 0);
    if (fault && (fault.after ?? 0) > 0) fault.after!--;
    else if (fault) {
      fault.times--;
      return { status: fault.status, body: { code: 'INJECTED', message: `Injected ${fault.status}` } };
    }
    try {
      const result = this.dispatch(path, body);
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    } catch (error) {
      if (error instanceof KvsError) return { status: error.status, body: { code: error.code, message: error.message } };
      throw error;
    }
  }

  /** Every live plain key and value, in key order (for tests and the preview's reset). */
  dump(): Record<string, unknown> {
    return this.dumpSpace(PLAIN);
  }

  /** Every live entity of `entityName`, by key. */
  dumpEntities(entityName: string): Record<string, unknown> {
    return this.dumpSpace(entityName);
  }

  /** Deletes one entity as the app would (tests make the app compute a record afresh with it). */
  deleteEntity(entityName: string, key: string): void {
    this.remove(this.entityName({ entityName }), key);
    this.persist();
  }

  clear(): void {
    this.spaces.clear();
    this.persist();
  }

  private dumpSpace(space: string): Record<string, unknown> {
    return Object.fromEntries(this.liveKeys(space).map((key) => [key, this.space(space).get(key)!.value]));
  }

  private dispatch(path: string, body: Json): unknown {
    switch (path) {
      case '/api/v1/get':
        return this.get(PLAIN, String(body.key));
      case '/api/v1/set':
        return this.set(PLAIN, body);
      case '/api/v1/delete':
        this.remove(PLAIN, String(body.key));
        return undefined;
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/entity/get':
        return this.get(this.entityName(body), String(body.key));
      case '/api/v1/entity/set':
        return this.set(this.entityName(body), body);
      case '/api/v1/entity/delete':
        this.remove(this.entityName(body), String(body.key));
        return undefined;
      case '/api/v1/entity/query':
        return this.queryEntity(body);
      case '/api/v1/batch/get':
        return this.batch(body, (item, space) => this.get(space, String(item.key)), true);
      case '/api/v1/batch/set':
        return this.batch(body, (item, space) => (this.set(space, item), { key: item.key, ...(space ? { entityName: space } : {}) }));
      case '/api/v1/batch/delete':
        return this.batch(body, (item, space) => (this.remove(space, String(item.key)), { key: item.key, ...(space ? { entityName: space } : {}) }));
      case '/api/v1/transaction':
        this.transact(body);
        return undefined;
      default:
        throw new KvsError(404, 'NOT_FOUND', `The local KVS does not implement ${path}`);
    }
  }

  private entityName(body: Json): string {
    const name = String(body.entityName ?? '');
    if (!this.entities.has(name)) throw new KvsError(400, 'ENTITY_NOT_FOUND', `No custom entity "${name}" is declared in the manifest`);
    return name;
  }

  /** An item's namespace: its entity's, or the plain keys'. */
  private spaceOf(item: Json): string {
    return item.entityName ? this.entityName(item) : PLAIN;
  }

  private space(space: string): Map<string, Entry> {
    let entries = this.spaces.get(space);
    if (!entries) this.spaces.set(space, (entries = new Map()));
    return entries;
  }

  private live(space: string, key: string): Entry | undefined {
    const entries = this.space(space);
    const entry = entries.get(key);
    if (entry?.expireAt !== undefined && entry.expireAt <= this.clock()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private liveKeys(space: string): string[] {
    return [...this.space(space).keys()].filter((key) => this.live(space, key)).sort();
  }

  private get(space: string, key: string) {
    checkKey(key);
    const entry = this.live(space, key);
    if (!entry) throw new KvsError(404, 'KEY_NOT_FOUND', `Key "${key}" not found`);
    return { key, value: entry.value, createdAt: entry.createdAt, updatedAt: entry.updatedAt, ...(space ? { entityName: space } : {}) };
  }

  private set(space: string, body: Json) {
    const key = String(body.key);
    checkKey(key);
    checkValue(body.value);
    if (space) this.checkEntityValue(space, body.value);
    const options = (body.options ?? {}) as { keyPolicy?: string; ttl?: { value: number; unit: string }; returnValue?: string };
    const previous = this.live(space, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw new KvsError(409, 'KEY_CONFLICT', `Key "${key}" already exists`);
    const now = this.clock();
    const expireAt = options.ttl ? now + options.ttl.value * TTL_UNIT_MS[options.ttl.unit]! : undefined;
    this.space(space).set(key, { value: structuredClone(body.value), createdAt: previous?.createdAt ?? now, updatedAt: now, ...(expireAt ? { expireAt } : {}) });
    this.persist();
    if (options.returnValue === 'PREVIOUS') return previous ? { key, value: previous.value } : {};
    if (options.returnValue === 'LATEST') return { key, value: body.value };
    return undefined;
  }

  private remove(space: string, key: string) {
    checkKey(key);
    this.space(space).delete(key);
    this.persist();
  }

  private query(body: Json) {
    const limit = queryLimit(body.limit);
    const where = (body.where as Condition[] | undefined)?.[0];
    const after = body.after ? readCursor(() => Buffer.from(String(body.after), 'base64url').toString()) : undefined;
    const keys = this.liveKeys(PLAIN).filter((key) => (after === undefined || key > after) && (!where || matchesKey(key, where)));
    const page = keys.slice(0, limit);
    const data = page.map((key) => ({ key, value: this.space(PLAIN).get(key)!.value }));
    return { data, ...(keys.length > limit ? { cursor: Buffer.from(page[page.length - 1]!).toString('base64url') } : {}) };
  }

  /** A query through one declared index, as the Custom Entity Store answers it. */
  private queryEntity(body: Json) {
    const space = this.entityName(body);
    const index = this.entities.get(space)!.indexes.get(String(body.indexName));
    if (!index) throw new KvsError(400, 'INDEX_NOT_FOUND', `Entity "${space}" has no index "${String(body.indexName)}"`);
    const partition = (body.partition as unknown[] | undefined) ?? [];
    if (partition.length !== index.partition.length) {
      throw new KvsError(400, 'INVALID_PARTITION', `Index "${index.name}" is partitioned by [${index.partition.join(', ')}]: give exactly ${index.partition.length} partition value(s)`);
    }
    const range = body.range as Omit<Condition, 'property'> | undefined;
    const filters = body.filters as { and?: Condition[]; or?: Condition[] } | undefined;
    const descending = body.sort === 'DESC';
    const limit = queryLimit(body.limit);
    const cursor = body.cursor ? readCursor(() => JSON.parse(Buffer.from(String(body.cursor), 'base64url').toString()) as { range: Sortable; key: string }) : undefined;
    if (cursor && (typeof cursor.key !== 'string' || cursor.range === undefined)) throw new KvsError(400, 'INVALID_CURSOR', 'The cursor was not given by this query');
    const rows = this.liveKeys(space)
      .map((key) => ({ key, value: this.space(space).get(key)!.value as Json }))
      .filter((row) => index.partition.every((attribute, i) => row.value[attribute] === partition[i]) && index.range in row.value)
      .filter((row) => !range || satisfies(row.value[index.range], range))
      .map((row) => ({ ...row, range: row.value[index.range] as Sortable }))
      .sort((a, b) => (compare(a.range, b.range) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) * (descending ? -1 : 1));
    const start = cursor ? rows.findIndex((row) => (compare(row.range, cursor.range) || (row.key < cursor.key ? -1 : row.key > cursor.key ? 1 : 0)) * (descending ? -1 : 1) > 0) : 0;
    const remaining = start < 0 ? [] : rows.slice(start);
    // Filters apply to what the range reads: a page may hold fewer than `limit` and still have a cursor.
    const read = remaining.slice(0, limit);
    const data = read.filter((row) => matchesFilters(row.value, filters)).map((row) => ({ key: row.key, value: row.value }));
    const last = read[read.length - 1];
    return { data, ...(remaining.length > limit && last ? { cursor: Buffer.from(JSON.stringify({ range: last.range, key: last.key })).toString('base64url') } : {}) };
  }

  private checkEntityValue(space: string, value: unknown) {
    const { definition } = this.entities.get(space)!;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new KvsError(400, 'INVALID_VALUE', `An entity of "${space}" must be an object of its attributes`);
    for (const [name, attribute] of Object.entries(value)) {
      const declared = definition.attributes[name];
      if (!declared) throw new KvsError(400, 'INVALID_ATTRIBUTE', `"${name}" is not an attribute of entity "${space}"`);
      if (!fitsType(attribute, declared.type)) throw new KvsError(400, 'INVALID_ATTRIBUTE_TYPE', `Attribute "${name}" of entity "${space}" must be of type ${declared.type}`);
    }
  }

  private batch(items: unknown, each: (item: Json, space: string) => Json, reportMissing = false) {
    const list = items as Json[];
    if (list.length > MAX_BATCH_ITEMS) throw new KvsError(400, 'TOO_MANY_ITEMS', `A batch holds at most ${MAX_BATCH_ITEMS} items`);
    const successfulKeys: Json[] = [];
    const failedKeys: Json[] = [];
    for (const item of list) {
      try {
        successfulKeys.push(each(item, this.spaceOf(item)));
      } catch (error) {
        if (!(error instanceof KvsError)) throw error;
        if (error.code === 'KEY_NOT_FOUND' && !reportMissing) continue;
        failedKeys.push({ key: item.key, ...(item.entityName ? { entityName: item.entityName } : {}), error: { code: error.code, message: error.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  /** All or nothing: every condition is checked against the state before any write. */
  private transact(body: Json) {
    const sets = (body.set as Json[] | undefined) ?? [];
    const deletes = (body.delete as Json[] | undefined) ?? [];
    const checks = (body.check as Json[] | undefined) ?? [];
    if (sets.length + deletes.length + checks.length > MAX_TRANSACTION_OPS) {
      throw new KvsError(400, 'TOO_MANY_OPERATIONS', `A transaction holds at most ${MAX_TRANSACTION_OPS} operations`);
    }
    for (const item of [...sets, ...deletes, ...checks]) {
      if (!item.conditions) continue;
      const space = this.entityName(item);
      const stored = (this.live(space, String(item.key))?.value ?? {}) as Json;
      if (!matchesFilters(stored, item.conditions as { and?: Condition[]; or?: Condition[] })) {
        throw new KvsError(409, 'CONDITION_CHECK_FAILED', `The condition on "${String(item.key)}" of entity "${space}" does not hold`);
      }
    }
    // Everything that could refuse an operation is checked before the first write: none is half done.
    for (const item of sets) {
      checkKey(String(item.key));
      checkValue(item.value);
      if (item.entityName) this.checkEntityValue(this.entityName(item), item.value);
      if ((item.options as { keyPolicy?: string } | undefined)?.keyPolicy === 'FAIL_IF_EXISTS' && this.live(this.spaceOf(item), String(item.key))) {
        throw new KvsError(409, 'KEY_CONFLICT', `Key "${String(item.key)}" already exists`);
      }
    }
    for (const item of deletes) checkKey(String(item.key));
    for (const item of sets) this.set(this.spaceOf(item), item);
    for (const item of deletes) this.remove(this.spaceOf(item), String(item.key));
  }

  /**
   * Reads a saved store. One that cannot be read (a stop half-way through a write of an older
   * version of this store, a hand edit) is set aside under a name that says so, and the store
   * starts empty: what was there is never lost, and never stops the preview from starting.
   */
  private load(file: string) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Entry>>;
      this.spaces = new Map(Object.entries(saved).map(([space, entries]) => [space, new Map(Object.entries(entries))]));
    } catch (error) {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      this.setAside = aside;
      console.error(`The local store ${file} could not be read (${(error as Error).message}): set aside as ${aside}; starting on an empty store.`);
    }
  }

  /** Where an unreadable saved store was moved, if one was. */
  setAside: string | undefined;

  /** Writes the store whole to a temporary file, then renames it over the old one: a stop at any moment leaves one or the other. */
  private persist() {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries([...this.spaces].map(([space, entries]) => [space, Object.fromEntries(entries)]))));
    renameSync(temporary, this.file);
  }
}

const TTL_UNIT_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

type Sortable = string | number | boolean;

function queryLimit(limit: unknown): number {
  const wanted = limit === undefined ? DEFAULT_QUERY_LIMIT : Number(limit);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_QUERY_LIMIT) throw new KvsError(400, 'INVALID_LIMIT', `A query's limit is a whole number from 1 to ${MAX_QUERY_LIMIT}`);
  return wanted;
}

function compare(a: Sortable, b: Sortable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fitsType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'any':
      return true;
  }
}

function satisfies(value: unknown, { condition, values }: Omit<Condition, 'property'>): boolean {
  const v = value as Sortable;
  const [a, b] = values as Sortable[];
  switch (condition) {
    case 'EQUAL_TO':
      return v === a;
    case 'NOT_EQUAL_TO':
      return v !== a;
    case 'GREATER_THAN':
      return value !== undefined && v > a!;
    case 'GREATER_THAN_EQUAL_TO':
      return value !== undefined && v >= a!;
    case 'LESS_THAN':
      return value !== undefined && v < a!;
    case 'LESS_THAN_EQUAL_TO':
      return value !== undefined && v <= a!;
    case 'BETWEEN':
      return value !== undefined && v >= a! && v <= b!;
    case 'BEGINS_WITH':
      return typeof value === 'string' && value.startsWith(String(a));
    case 'CONTAINS':
      return (typeof value === 'string' || Array.isArray(value)) && value.includes(a as never);
    case 'NOT_CONTAINS':
      return !((typeof value === 'string' || Array.isArray(value)) && value.includes(a as never));
    case 'EXISTS':
      return value !== undefined;
    case 'NOT_EXISTS':
      return value === undefined;
    default:
      throw new KvsError(400, 'INVALID_CONDITION', `Unknown condition ${condition}`);
  }
}

function matchesFilters(value: Json, filters: { and?: Condition[]; or?: Condition[] } | undefined): boolean {
  if (!filters) return true;
  if (filters.and) return filters.and.every((filter) => satisfies(value[filter.property], filter));
  if (filters.or) return filters.or.some((filter) => satisfies(value[filter.property], filter));
  return true;
}

function checkKey(key: string) {
  if (key.length < 1) throw new KvsError(400, 'KEY_TOO_SHORT', 'The key must not be empty');
  if (key.length > MAX_KEY) throw new KvsError(400, 'KEY_TOO_LONG', `The key exceeds ${MAX_KEY} characters`);
  if (!KEY.test(key)) throw new KvsError(400, 'INVALID_KEY', `The key "${key}" does not match ${KEY}`);
}

function checkValue(value: unknown) {
  if (value === undefined) throw new KvsError(400, 'INVALID_VALUE', 'The value is missing');
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_VALUE_BYTES) throw new KvsError(400, 'MAX_SIZE', `The value exceeds ${MAX_VALUE_BYTES} bytes`);
  if (depth(value) > MAX_DEPTH) throw new KvsError(400, 'MAX_DEPTH', `The value is nested deeper than ${MAX_DEPTH}`);
}

function depth(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depth));
}

function matchesKey(key: string, where: Condition): boolean {
  if (where.condition === 'BEGINS_WITH') return key.startsWith(String(where.values[0]));
  throw new KvsError(400, 'INVALID_QUERY', `The KVS query condition ${where.condition} is not supported on keys`);
}
