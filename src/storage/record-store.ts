/**
 * The authoritative SLA records in Forge's Custom Entity Store (`sla-record`, keyed by issue id),
 * which only the app can write; the stopped clocks compliance counts (`sla-cycle`); and the issues
 * the app failed to recompute (`sla-failure`), with why, retried with backoff.
 *
 * A record is written conditionally: never over one computed from a newer read of the issue or
 * with a newer config, so of two events for one issue the older read cannot win. Its cycles are
 * written in the same transaction.
 */
import { kvs, Filter, FilterConditions, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import { mayReplace, NEVER, recordCycles, sameRecord, type Metric, type RecordCycle, type SlaRecord } from '../domain';

export const RECORDS = 'sla-record';
export const CYCLES = 'sla-cycle';
export const FAILURES = 'sla-failure';

/** A record as stored: when the sweep should look at it next, and how often it failed since it last succeeded. */
export interface StoredRecord extends SlaRecord {
  readonly sweepAt: number;
  readonly failures: number;
}

/** A cycle as stored (entity `sla-cycle`, keyed by {@link cycleKey}). */
export type CycleEntity = RecordCycle;

export interface FailureEntity {
  readonly issueId: string;
  readonly issueKey: string;
  readonly reason: string;
  readonly attempts: number;
  readonly firstFailedAt: number;
  readonly lastFailedAt: number;
  readonly retryAt: number;
}

/** Forge KVS: items per batch and operations per transaction. */
const BATCH = 25;
const TRANSACTION_OPS = 25;
const FIRST_RETRY_MS = 5 * 60_000;
const MAX_RETRY_MS = 24 * 3_600_000;

export type WriteOutcome = 'written' | 'unchanged' | 'stale';

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export async function readRecord(issueId: string): Promise<StoredRecord | undefined> {
  return kvs.entity<StoredRecord>(RECORDS).get(issueId);
}

/** The stored records of these issues, by issue id (25 to a request). */
export async function readRecords(issueIds: readonly string[]): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  for (const ids of chunks([...new Set(issueIds)], BATCH)) {
    const answer = await kvs.batchGet<StoredRecord>(ids.map((key) => ({ key, entityName: RECORDS })));
    for (const item of answer.successfulKeys) found.set(item.key, item.value);
  }
  return found;
}

interface Operation {
  kind: 'set' | 'delete';
  key: string;
  entityName: string;
  value?: unknown;
  conditions?: Filter<unknown>;
}

/**
 * The operations that replace `stored` by `candidate`: the record (conditionally) and its cycles.
 * A failure of the issue stands until the whole recompute succeeded ({@link clearFailure}), so its
 * backoff keeps growing while a later step (the mirror) fails; only a first record clears the
 * failures recorded before it existed.
 */
function replaceOperations(candidate: SlaRecord, stored: StoredRecord | undefined): Operation[] {
  const conditions = stored
    ? new Filter<StoredRecord>().and('sourceUpdated', FilterConditions.lessThanEqualTo(candidate.sourceUpdated)).and('configVersion', FilterConditions.lessThanEqualTo(candidate.configVersion))
    : new Filter<StoredRecord>().and('issueId', FilterConditions.notExists());
  const operations: Operation[] = [{ kind: 'set', key: candidate.issueId, entityName: RECORDS, value: { ...candidate, sweepAt: candidate.nextDeadline, failures: stored?.failures ?? 0 }, conditions: conditions as Filter<unknown> }];
  const before = stored ? recordCycles(stored) : new Map<string, CycleEntity>();
  const after = recordCycles(candidate);
  for (const [key, cycle] of after) {
    if (JSON.stringify(before.get(key)) !== JSON.stringify(cycle)) operations.push({ kind: 'set', key, entityName: CYCLES, value: cycle });
  }
  for (const key of before.keys()) if (!after.has(key)) operations.push({ kind: 'delete', key, entityName: CYCLES });
  // A first record may follow failures recorded before it existed.
  if (!stored) operations.push({ kind: 'delete', key: candidate.issueId, entityName: FAILURES });
  return operations;
}

async function execute(operations: readonly Operation[]): Promise<void> {
  const transaction = kvs.transact();
  for (const operation of operations) {
    const entity = { entityName: operation.entityName, ...(operation.conditions ? { conditions: operation.conditions } : {}) };
    if (operation.kind === 'set') transaction.set(operation.key, operation.value, entity);
    else transaction.delete(operation.key, entity);
  }
  await transaction.execute();
}

const conflict = (error: unknown) => (error as ForgeKvsAPIError).responseDetails?.status === 409;

function unchanged(candidate: SlaRecord, stored: StoredRecord | undefined): boolean {
  return !!stored && sameRecord(asRecord(stored), candidate) && stored.failures === 0 && stored.sweepAt === candidate.nextDeadline;
}

/** The record without what storage adds to it. */
export function asRecord(stored: StoredRecord): SlaRecord {
  const { sweepAt: _sweepAt, failures: _failures, ...record } = stored;
  return record;
}

/**
 * Writes `candidate` over `stored` (what the caller read), unless it says the same or the stored
 * record is newer. When another write came between the read and this one, reads again and decides
 * again.
 */
export async function writeRecord(candidate: SlaRecord, stored: StoredRecord | undefined): Promise<WriteOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (unchanged(candidate, stored)) return 'unchanged';
    if (!mayReplace(stored, candidate)) return 'stale';
    try {
      await execute(replaceOperations(candidate, stored));
      return 'written';
    } catch (error) {
      if (!conflict(error)) throw error;
      stored = await readRecord(candidate.issueId);
    }
  }
  return 'stale';
}

/**
 * Writes many records, as few transactions as fit (25 operations each); a transaction that meets
 * a newer record is redone record by record.
 */
export async function writeRecords(pairs: readonly { candidate: SlaRecord; stored: StoredRecord | undefined }[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = pairs.map(({ candidate, stored }) => (unchanged(candidate, stored) ? 'unchanged' : mayReplace(stored, candidate) ? 'written' : 'stale'));
  const pending = pairs.map((pair, i) => ({ ...pair, i, operations: outcomes[i] === 'written' ? replaceOperations(pair.candidate, pair.stored) : [] })).filter((item) => item.operations.length);
  const packs: (typeof pending)[] = [];
  for (const item of pending) {
    const pack = packs[packs.length - 1];
    if (pack && pack.reduce((n, p) => n + p.operations.length, 0) + item.operations.length <= TRANSACTION_OPS) pack.push(item);
    else packs.push([item]);
  }
  for (const pack of packs) {
    try {
      await execute(pack.flatMap((item) => item.operations));
    } catch (error) {
      if (!conflict(error)) throw error;
      for (const item of pack) outcomes[item.i] = await writeRecord(item.candidate, item.stored);
    }
  }
  return outcomes;
}

/** Forgets an issue that no longer exists: its record, cycles and failure. */
export async function removeRecord(issueId: string): Promise<void> {
  const stored = await readRecord(issueId);
  const transaction = kvs.transact();
  transaction.delete(issueId, { entityName: RECORDS });
  for (const key of stored ? recordCycles(stored).keys() : []) transaction.delete(key, { entityName: CYCLES });
  transaction.delete(issueId, { entityName: FAILURES });
  await transaction.execute();
}

/** Forgets an issue's failure once every step of its recompute succeeded: its record goes back to its own deadline. */
export async function clearFailure(issueId: string): Promise<void> {
  const record = await readRecord(issueId);
  const transaction = kvs.transact();
  transaction.delete(issueId, { entityName: FAILURES });
  if (record?.failures) {
    transaction.set(issueId, { ...record, sweepAt: record.nextDeadline, failures: 0 }, { entityName: RECORDS, conditions: new Filter<StoredRecord>().and('evaluatedAt', FilterConditions.equalTo(record.evaluatedAt)) as Filter<unknown> });
  }
  try {
    await transaction.execute();
  } catch (error) {
    // A newer record was written meanwhile: it carries the failure count, and the next success clears it.
    if (!conflict(error)) throw error;
  }
}

/** The delay before the `attempts`-th retry: 5 minutes, doubling, at most a day. */
export function retryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Notes that an issue could not be recomputed: with why, how often, and when to try again. Its
 * record (if any) leaves the sweep's way until then, so an issue that fails every time cannot hold
 * up the others.
 */
export async function recordFailure(issueId: string, issueKey: string, reason: string, now = Date.now()): Promise<FailureEntity> {
  const previous = await kvs.entity<FailureEntity>(FAILURES).get(issueId);
  const attempts = (previous?.attempts ?? 0) + 1;
  const failure: FailureEntity = {
    issueId,
    issueKey,
    reason: reason.slice(0, 500),
    attempts,
    firstFailedAt: previous?.firstFailedAt ?? now,
    lastFailedAt: now,
    retryAt: now + retryDelay(attempts),
  };
  const record = await readRecord(issueId);
  const transaction = kvs.transact();
  transaction.set(issueId, failure, { entityName: FAILURES });
  if (record) {
    // Only the record as read: a newer one written meanwhile keeps its own schedule.
    transaction.set(issueId, { ...record, sweepAt: failure.retryAt, failures: attempts }, { entityName: RECORDS, conditions: new Filter<StoredRecord>().and('evaluatedAt', FilterConditions.equalTo(record.evaluatedAt)) as Filter<unknown> });
  }
  try {
    await transaction.execute();
  } catch (error) {
    if (!conflict(error)) throw error;
    await kvs.entity<FailureEntity>(FAILURES).set(issueId, failure);
  }
  return failure;
}

export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | undefined;
}

async function page<T>(query: { getMany(): Promise<{ results: { key: string; value: T }[]; nextCursor?: string }> }): Promise<Page<T>> {
  const { results, nextCursor } = await query.getMany();
  return { items: results.map((result) => result.value), cursor: nextCursor };
}

/** Records the sweep should look at by `now` (next deadline passed, or a failure's retry due), soonest first. */
export function dueForSweep(now: number, limit: number, cursor?: string): Promise<Page<StoredRecord>> {
  const query = kvs.entity<StoredRecord>(RECORDS).query().index('by-sweep').where(WhereConditions.lessThanEqualTo(now)).sort(Sort.ASC).limit(limit);
  return page(cursor ? query.cursor(cursor) : query);
}

/** Records whose next deadline is after `now`, soonest first: the at-risk clocks' due instants, in order (the work queue). */
export function nextDeadlines(now: number, limit: number, cursor?: string): Promise<Page<StoredRecord>> {
  const query = kvs.entity<StoredRecord>(RECORDS).query().index('by-sweep').where(WhereConditions.between(now + 1, NEVER - 1)).sort(Sort.ASC).limit(limit);
  return page(cursor ? query.cursor(cursor) : query);
}

/** Failures whose retry is due by `now` (issues with no record among them too). */
export function failuresDue(now: number, limit: number, cursor?: string): Promise<Page<FailureEntity>> {
  const query = kvs.entity<FailureEntity>(FAILURES).query().index('by-retry').where(WhereConditions.lessThanEqualTo(now)).sort(Sort.ASC).limit(limit);
  return page(cursor ? query.cursor(cursor) : query);
}

/** The record attributes the breaches list can narrow by, each with its index (partition, range `alertAt`). */
export type AlertScope = { tier: string } | { project: string } | { policy: string } | { assignee: string } | { priority: string };

const ALERT_INDEX = { tier: 'by-alert', project: 'by-project', policy: 'by-policy', assignee: 'by-assignee', priority: 'by-priority' } as const;

/**
 * Records at risk or breached by `now` (an alert instant passed), most overdue first, through the
 * index of `scope`'s attribute; `tier` (unless `null`) narrows further (a filter) where the index
 * is not by tier.
 */
export function alerts(scope: AlertScope, tier: string | null, now: number, limit: number, cursor?: string): Promise<Page<StoredRecord>> {
  const [attribute, value] = Object.entries(scope)[0] as [keyof typeof ALERT_INDEX, string];
  let query = kvs.entity<StoredRecord>(RECORDS).query().index(ALERT_INDEX[attribute], { partition: [value] }).where(WhereConditions.lessThanEqualTo(Math.min(now, NEVER))).sort(Sort.ASC).limit(limit);
  if (attribute !== 'tier' && tier !== null) query = query.filters(new Filter<StoredRecord>().and('tier', FilterConditions.equalTo(tier)));
  return page(cursor ? query.cursor(cursor) : query);
}

/** Cycles of `agreement` that stopped in `[from, to)` (running ones: `to` beyond {@link NEVER}), in stop order. */
export function agreementCycles(agreement: string, from: number, to: number, limit: number, cursor?: string): Promise<Page<CycleEntity>> {
  const query = kvs.entity<CycleEntity>(CYCLES).query().index('by-agreement-stopped', { partition: [agreement] }).where(WhereConditions.between(from, Math.min(to, NEVER + 1) - 1)).sort(Sort.ASC).limit(limit);
  return page(cursor ? query.cursor(cursor) : query);
}

/** Cycles of `metric` that stopped in `[from, to)`, in stop order (`newest`: latest first). */
export function cyclesStopped(metric: Metric, from: number, to: number, limit: number, cursor?: string, newest = false): Promise<Page<CycleEntity>> {
  const query = kvs
    .entity<CycleEntity>(CYCLES)
    .query()
    .index('by-metric-stopped', { partition: [metric] })
    .where(WhereConditions.between(from, Math.min(to, NEVER) - 1))
    .sort(newest ? Sort.DESC : Sort.ASC)
    .limit(limit);
  return page(cursor ? query.cursor(cursor) : query);
}
