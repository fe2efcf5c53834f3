/**
 * A local Forge Key-Value Store: answers the POSTs `@forge/kvs` sends through `__forge_fetch__`
 * (`/api/v1/get`, `/set`, `/delete`, `/query`, `/batch/*`, `/transaction`) with the real service's
 * semantics and limits: the key format and length, value size and depth, FAIL_IF_EXISTS (409
 * KEY_CONFLICT), TTL, key-ordered queries with cursors, atomic transactions of at most 25
 * operations. Optionally persisted to a JSON file (the preview keeps admin edits across restarts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const MAX_KEY = 500;
const MAX_VALUE_BYTES = 240 * 1024;
const MAX_DEPTH = 32;
const MAX_TRANSACTION_OPS = 25;
const MAX_QUERY_LIMIT = 100;

interface Entry {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
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

export class LocalKvs {
  private entries = new Map<string, Entry>();
  /** Requests answered, by path: tests and the bench read them. */
  readonly calls = new Map<string, number>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) this.entries = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>));
  }

  /** Answers one request as the KVS service would: a status and a JSON body (or none). */
  handle(path: string, body: Json): { status: number; body?: unknown } {
    this.calls.set(path, (this.calls.get(path) ?? 0) + 1);
    try {
      const result = this.dispatch(path, body);
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    } catch (error) {
      if (error instanceof KvsError) return { status: error.status, body: { code: error.code, message: error.message } };
      throw error;
    }
  }

  /** Every live key and value, in key order (for tests and the preview's reset). */
  dump(): Record<string, unknown> {
    return Object.fromEntries(this.liveKeys().map((key) => [key, this.entries.get(key)!.value]));
  }

  clear(): void {
    this.entries.clear();
    this.persist();
  }

  private dispatch(path: string, body: Json): unknown {
    switch (path) {
      case '/api/v1/get':
        return this.get(String(body.key));
      case '/api/v1/set':
        return this.set(body);
      case '/api/v1/delete':
        this.remove(String(body.key));
        return undefined;
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/batch/get':
        return this.batch(body, (item) => this.get(String(item.key)), true);
      case '/api/v1/batch/set':
        return this.batch(body, (item) => (this.set(item), { key: item.key }));
      case '/api/v1/batch/delete':
        return this.batch(body, (item) => (this.remove(String(item.key)), { key: item.key }));
      case '/api/v1/transaction':
        this.transact(body);
        return undefined;
      default:
        throw new KvsError(404, 'NOT_FOUND', `The local KVS does not implement ${path}`);
    }
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expireAt !== undefined && entry.expireAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private liveKeys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key)).sort();
  }

  private get(key: string) {
    checkKey(key);
    const entry = this.live(key);
    if (!entry) throw new KvsError(404, 'KEY_NOT_FOUND', `Key "${key}" not found`);
    return { key, value: entry.value, createdAt: entry.createdAt, updatedAt: entry.updatedAt };
  }

  private set(body: Json) {
    const key = String(body.key);
    checkKey(key);
    checkValue(body.value);
    const options = (body.options ?? {}) as { keyPolicy?: string; ttl?: { value: number; unit: string }; returnValue?: string };
    const previous = this.live(key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw new KvsError(409, 'KEY_CONFLICT', `Key "${key}" already exists`);
    const now = this.clock();
    const expireAt = options.ttl ? now + options.ttl.value * TTL_UNIT_MS[options.ttl.unit]! : undefined;
    this.entries.set(key, { value: body.value, createdAt: previous?.createdAt ?? now, updatedAt: now, ...(expireAt ? { expireAt } : {}) });
    this.persist();
    if (options.returnValue === 'PREVIOUS') return previous ? { key, value: previous.value } : {};
    if (options.returnValue === 'LATEST') return { key, value: body.value };
    return undefined;
  }

  private remove(key: string) {
    checkKey(key);
    this.entries.delete(key);
    this.persist();
  }

  private query(body: Json) {
    const limit = Math.min(Number(body.limit ?? 10), MAX_QUERY_LIMIT);
    const where = (body.where as { property: string; condition: string; values: unknown[] }[] | undefined)?.[0];
    const after = body.after ? Buffer.from(String(body.after), 'base64url').toString() : undefined;
    const keys = this.liveKeys().filter((key) => (after === undefined || key > after) && (!where || matches(key, where)));
    const page = keys.slice(0, limit);
    const data = page.map((key) => ({ key, value: this.entries.get(key)!.value }));
    return { data, ...(keys.length > limit ? { cursor: Buffer.from(page[page.length - 1]!).toString('base64url') } : {}) };
  }

  private batch(items: unknown, each: (item: Json) => Json, reportMissing = false) {
    const successfulKeys: Json[] = [];
    const failedKeys: Json[] = [];
    for (const item of items as Json[]) {
      try {
        successfulKeys.push(each(item));
      } catch (error) {
        if (!(error instanceof KvsError)) throw error;
        if (error.code === 'KEY_NOT_FOUND' && !reportMissing) continue;
        failedKeys.push({ key: item.key, error: { code: error.code, message: error.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private transact(body: Json) {
    const sets = (body.set as Json[] | undefined) ?? [];
    const deletes = (body.delete as Json[] | undefined) ?? [];
    const checks = (body.check as Json[] | undefined) ?? [];
    if (sets.length + deletes.length + checks.length > MAX_TRANSACTION_OPS) {
      throw new KvsError(400, 'TOO_MANY_OPERATIONS', `A transaction holds at most ${MAX_TRANSACTION_OPS} operations`);
    }
    const snapshot = new Map(this.entries);
    try {
      for (const item of sets) this.set(item);
      for (const item of deletes) this.remove(String(item.key));
    } catch (error) {
      this.entries = snapshot;
      this.persist();
      throw error;
    }
  }

  private persist() {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.entries)));
  }
}

const TTL_UNIT_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

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

function matches(key: string, where: { condition: string; values: unknown[] }): boolean {
  if (where.condition === 'BEGINS_WITH') return key.startsWith(String(where.values[0]));
  throw new KvsError(400, 'INVALID_QUERY', `The KVS query condition ${where.condition} is not supported on keys`);
}
