/**
 * Recompute jobs: after a config change, on demand, and daily as a reconcile, every issue in scope
 * is recomputed through the async-event queue. A job is planned first (how many issues, the range
 * of their ids), then split into lanes of id ranges that run concurrently. A lane pages its issues
 * by id ascending (`id > cursor`), a stable key, so issues resolved while it runs cannot make it
 * skip others; it reads 100 issues a search with what the engine needs, writes records in batches
 * and mirrors 100 to a request, saves its cursor after every page, and hands over to a fresh
 * invocation (one queue push) when its time budget runs out. A page that fails is retried by the
 * queue from the saved cursor; a lane that stalls is resumed by the sweep. A lock written with
 * FAIL_IF_EXISTS (with a TTL, in case a job dies) keeps two jobs from running at once, and the
 * sweep starts a job whenever the newest finished one used an older config than the active one,
 * so every saved version gets its recompute even when starting it failed at save time.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from '@forge/events';
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import { askedToWait, OutOfTimeError, type JiraClient } from '../jira/client';
import { searchForEvaluation, searchPage } from '../jira/issues';
import { siteOf, type Site } from '../jira/site';
import { countIssues } from '../jira/lookups';
import { Budget } from '../platform/invocation';
import { activeConfig, projectsInScope } from './active-config';
import { recomputePage } from './recompute';
import type { CompiledConfig } from '../domain';
import type { JobKind, JobView, RecomputeJob as JobRecord } from '../contract/admin';

export type { JobKind, JobRecord, JobView };

export const RECOMPUTE_QUEUE = 'recompute-queue';
const LOCK = 'job:lock';
const LATEST = 'job:latest';
const jobKey = (id: string) => `job:${id}`;
const laneKey = (id: string, lane: number) => `job:${id}:lane:${lane}`;
/** Issues read per search. */
export const PAGE_SIZE = 100;
/** Lanes a job fans out to: concurrent invocations, each well inside the KVS and Jira rate limits. */
export const LANES = 4;
const MAX_FAILURES_KEPT = 50;
/** A lane not updated for this long has lost its queue event and is resumed by the sweep. */
export const STALLED_AFTER_MS = 10 * 60_000;
const LOCK_TTL = { value: 2, unit: 'HOURS' as const };
/** Kept back from a consumer's time limit to save the cursor and hand over. */
const LANE_RESERVE_MS = 60_000;
/** Issues resolved this recently are reconciled too (their mirrors repaired). */
const RECONCILE_RESOLVED_DAYS = 90;

interface LaneRecord {
  readonly lane: number;
  /** Issue ids in `[fromId, toId)`; `toId` null for no upper bound. */
  readonly fromId: number;
  readonly toId: number | null;
  /** The last issue id done. */
  cursor: number | null;
  done: boolean;
  processed: number;
  written: number;
  mirrored: number;
  failed: number;
  failures: { key: string; reason: string }[];
  pages: number;
  updatedAt: string;
}

export class JobRunningError extends Error {
  constructor(readonly job: JobView | undefined) {
    super(`A recompute job is already running${job ? ` (${job.done + job.failed} of ${job.total} done)` : ''}`);
    this.name = 'JobRunningError';
  }
}

type JobEvent = { jobId: string; step: 'plan' } | { jobId: string; step: 'lane'; lane: number };

const queue = () => new Queue({ key: RECOMPUTE_QUEUE });
const quoteAll = (keys: readonly string[]) => keys.map((key) => `"${key}"`).join(', ');

/** JQL for the issues a job covers: open ones; for a reconcile, recently resolved ones too. */
export function scopeJql(projects: readonly string[], kind: JobKind, now = Date.now()): string | null {
  if (!projects.length) return null;
  const since = new Date(now - RECONCILE_RESOLVED_DAYS * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
  const open = kind === 'reconcile' ? `(resolution IS EMPTY OR resolved >= "${since}")` : 'resolution IS EMPTY';
  return `project IN (${quoteAll(projects)}) AND ${open}`;
}

/**
 * Starts a job, unless one is running (then {@link JobRunningError}). Takes no Jira call: planning
 * happens in the queue, so a save can always start its recompute. The lock is released when
 * starting fails.
 */
export async function startRecompute(reason: string, startedBy: string | null, kind: JobKind = 'recompute'): Promise<JobView> {
  const { version, compiled } = await activeConfig();
  const id = randomUUID();
  try {
    await kvs.set(LOCK, { jobId: id }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: LOCK_TTL });
  } catch (error) {
    if ((error as ForgeKvsAPIError).code !== 'KEY_CONFLICT') throw error;
    const lock = await kvs.get<{ jobId: string }>(LOCK);
    throw new JobRunningError(lock ? await jobView(lock.jobId) : undefined);
  }
  try {
    const now = new Date().toISOString();
    const jql = scopeJql(projectsInScope(compiled), kind);
    const record: JobRecord = { id, kind, status: jql ? 'queued' : 'done', reason, startedBy, startedAt: now, updatedAt: now, ...(jql ? {} : { finishedAt: now }), configVersion: version.version, jql, lanes: 0, total: 0 };
    await kvs.set(jobKey(id), record);
    await kvs.set(LATEST, { id });
    if (jql) await queue().push({ body: { jobId: id, step: 'plan' } satisfies JobEvent });
    else await kvs.delete(LOCK);
    return summarise(record, []);
  } catch (error) {
    await kvs.delete(LOCK).catch(() => undefined);
    throw error;
  }
}

async function job(id: string): Promise<JobRecord | undefined> {
  return kvs.get<JobRecord>(jobKey(id));
}

async function lanes(record: JobRecord): Promise<LaneRecord[]> {
  if (!record.lanes) return [];
  const found = await kvs.batchGet<LaneRecord>(Array.from({ length: record.lanes }, (_, lane) => ({ key: laneKey(record.id, lane) })));
  return found.successfulKeys.map((item) => item.value).sort((a, b) => a.lane - b.lane);
}

function summarise(record: JobRecord, laneRecords: readonly LaneRecord[]): JobView {
  const sum = (field: 'processed' | 'written' | 'mirrored' | 'failed' | 'pages') => laneRecords.reduce((total, lane) => total + lane[field], 0);
  return {
    ...record,
    total: Math.max(record.total, sum('processed')),
    done: sum('processed') - sum('failed'),
    written: sum('written'),
    mirrored: sum('mirrored'),
    failed: sum('failed'),
    failures: laneRecords.flatMap((lane) => lane.failures).slice(0, MAX_FAILURES_KEPT),
    pages: sum('pages'),
  };
}

export async function jobView(id: string): Promise<JobView | undefined> {
  const record = await job(id);
  return record ? summarise(record, await lanes(record)) : undefined;
}

export async function latestJob(): Promise<JobView | undefined> {
  const latest = await kvs.get<{ id: string }>(LATEST);
  return latest ? jobView(latest.id) : undefined;
}

/** One queue event of a job. Throws when the step cannot be done, so the queue retries it. */
export async function processJobEvent(jira: JiraClient, event: JobEvent): Promise<JobView | undefined> {
  const record = await job(event.jobId);
  if (!record || record.status === 'done' || !record.jql) return record && summarise(record, await lanes(record));
  if (event.step === 'plan') return plan(jira, record);
  return runLane(jira, record, event.lane);
}

/** Counts the issues, splits their id range into lanes, and starts the lanes (one push). */
async function plan(jira: JiraClient, record: JobRecord): Promise<JobView> {
  if (record.status === 'running') return summarise(record, await lanes(record));
  const [total, lowest, highest] = await Promise.all([
    countIssues(jira, record.jql!),
    searchPage(jira, `${record.jql} ORDER BY id ASC`, { maxResults: 1 }),
    searchPage(jira, `${record.jql} ORDER BY id DESC`, { maxResults: 1 }),
  ]);
  const low = Number(lowest.issues[0]?.id ?? 0);
  const high = Number(highest.issues[0]?.id ?? 0);
  const now = new Date().toISOString();
  const count = lowest.issues.length ? Math.max(1, Math.min(LANES, Math.ceil(total / PAGE_SIZE))) : 0;
  const width = Math.ceil((high - low + 1) / Math.max(1, count));
  const laneRecords: LaneRecord[] = Array.from({ length: count }, (_, lane) => ({
    lane,
    // The first lane has no lower bound and the last no upper one: issues made meanwhile are found too.
    fromId: lane === 0 ? 0 : low + lane * width,
    toId: lane === count - 1 ? null : low + (lane + 1) * width,
    cursor: null,
    done: false,
    processed: 0,
    written: 0,
    mirrored: 0,
    failed: 0,
    failures: [],
    pages: 0,
    updatedAt: now,
  }));
  await kvs.batchSet(laneRecords.map((lane) => ({ key: laneKey(record.id, lane.lane), value: lane })));
  Object.assign(record, { status: 'running', lanes: count, total, updatedAt: now });
  await kvs.set(jobKey(record.id), record);
  if (count) await queue().push(laneRecords.map((lane) => ({ body: { jobId: record.id, step: 'lane', lane: lane.lane } satisfies JobEvent })));
  else await finish(record);
  return summarise(record, laneRecords);
}

function laneJql(record: JobRecord, lane: LaneRecord): string {
  const bounds = [`id >= ${Math.max(lane.fromId, (lane.cursor ?? -1) + 1)}`, ...(lane.toId === null ? [] : [`id < ${lane.toId}`])];
  return `${record.jql} AND ${bounds.join(' AND ')} ORDER BY id ASC`;
}

/** A job's reporters' groups, shared by its lanes and invocations: each reporter's groups are read once per job. */
const groupsKey = (jobId: string) => `job:${jobId}:groups`;
/** Reporters a job remembers the groups of (about 40 bytes each: far inside a value's 240 KiB). */
const MAX_SHARED_REPORTERS = 4_000;

/**
 * After each page: adds what the lane read of reporters' groups to the job's shared list (only the
 * groups the config's rules name), and answers the list as it stands, with what other lanes added.
 * Lanes writing at once may lose each other's additions: those reporters are read again, never
 * misjudged.
 */
async function shareGroups(jobId: string, site: Site, config: CompiledConfig): Promise<Record<string, string[]>> {
  const shared = (await kvs.get<Record<string, string[]>>(groupsKey(jobId))) ?? {};
  const learnt = Object.entries(site.drainLearntGroups());
  if (!learnt.length) return shared;
  let size = Object.keys(shared).length;
  for (const [accountId, groups] of learnt) {
    if (size >= MAX_SHARED_REPORTERS) break;
    if (!Object.hasOwn(shared, accountId)) size++;
    shared[accountId] = groups.filter((group) => config.ruleGroups.has(group.toLowerCase()));
  }
  await kvs.set(groupsKey(jobId), shared, { ttl: { value: 1, unit: 'DAYS' } });
  return shared;
}

/** Pages through one lane until it is done or the invocation's budget is spent, then hands over. */
async function runLane(jira: JiraClient, record: JobRecord, laneNumber: number): Promise<JobView> {
  const lane = await kvs.get<LaneRecord>(laneKey(record.id, laneNumber));
  if (!lane || lane.done) return summarise(record, await lanes(record));
  const active = await activeConfig();
  const known = (await kvs.get<Record<string, string[]>>(groupsKey(record.id))) ?? {};
  const site = siteOf(jira, active.version.serviceFields, known);
  const budget = new Budget(LANE_RESERVE_MS);
  let waiting = false;
  while (!lane.done && !budget.spent()) {
    let page, results, failures;
    try {
      page = await searchForEvaluation(jira, laneJql(record, lane), { maxResults: PAGE_SIZE, extraFields: await site.fields(active.compiled) });
      ({ results, failures } = await recomputePage(jira, page, active, site));
    } catch (error) {
      // A call that would outlast the invocation: hand over from the saved cursor.
      if (error instanceof OutOfTimeError) break;
      // Jira asked to wait longer than this invocation can: the lane rests at its cursor, and the
      // sweep resumes it once it has been still for STALLED_AFTER_MS.
      if (askedToWait(error)) {
        waiting = true;
        break;
      }
      throw error;
    }
    lane.failures.push(...failures.slice(0, MAX_FAILURES_KEPT - lane.failures.length));
    const ids = [...page.issues.map((issue) => Number(issue.timeline.id)), ...page.unreadable.map((issue) => Number(issue.id))];
    lane.processed += ids.length;
    lane.failed += page.unreadable.length;
    lane.written += results.filter((result) => result.outcome === 'written').length;
    lane.mirrored += results.filter((result) => result.mirrored).length;
    lane.pages += 1;
    if (ids.length) lane.cursor = Math.max(lane.cursor ?? -1, ...ids);
    lane.done = !page.nextPageToken;
    lane.updatedAt = new Date().toISOString();
    await kvs.set(laneKey(record.id, laneNumber), lane);
    Object.assign(known, await shareGroups(record.id, site, active.compiled));
  }
  if (!lane.done) {
    if (!waiting) await queue().push({ body: { jobId: record.id, step: 'lane', lane: laneNumber } satisfies JobEvent });
    return summarise(record, await lanes(record));
  }
  return finish(record);
}

/** Closes the job when every lane is done; a config saved meanwhile gets a job of its own. */
async function finish(record: JobRecord): Promise<JobView> {
  const laneRecords = await lanes(record);
  if (laneRecords.some((lane) => !lane.done)) return summarise(record, laneRecords);
  const now = new Date().toISOString();
  Object.assign(record, { status: 'done', updatedAt: now, finishedAt: now });
  await kvs.set(jobKey(record.id), record);
  await kvs.delete(LOCK);
  const { version } = await activeConfig();
  if (version.version > record.configVersion) await startIfIdle(`config version ${version.version} (saved during a recompute)`);
  return summarise(record, laneRecords);
}

/** Starts a job unless one is running (which then covers the same ground). */
async function startIfIdle(reason: string, kind: JobKind = 'recompute'): Promise<JobView | undefined> {
  try {
    return await startRecompute(reason, null, kind);
  } catch (error) {
    if (error instanceof JobRunningError) return undefined;
    throw error;
  }
}

/**
 * Called by the sweep: starts the recompute a saved version is owed (the newest job used an older
 * config, or never got going), and resumes planning or lanes whose queue event was lost.
 */
export async function ensureRecompute(): Promise<JobView | undefined> {
  const [lock, latest, { version }] = await Promise.all([kvs.get<{ jobId: string }>(LOCK), latestJob(), activeConfig()]);
  if (!lock) {
    const owed = version.version > 0 && (!latest || latest.configVersion < version.version || latest.status !== 'done');
    return owed ? startIfIdle(`config version ${version.version}`) : undefined;
  }
  const record = await job(lock.jobId);
  if (!record || record.status === 'done') return undefined;
  const now = new Date().toISOString();
  const stalled = (updatedAt: string) => Date.now() - Date.parse(updatedAt) >= STALLED_AFTER_MS;
  if (record.status === 'queued') {
    if (!stalled(record.updatedAt)) return undefined;
    await kvs.set(jobKey(record.id), { ...record, updatedAt: now });
    await queue().push({ body: { jobId: record.id, step: 'plan' } satisfies JobEvent });
    return summarise(record, []);
  }
  const laneRecords = await lanes(record);
  const stuck = laneRecords.filter((lane) => !lane.done && stalled(lane.updatedAt));
  if (!stuck.length) return undefined;
  await kvs.batchSet(stuck.map((lane) => ({ key: laneKey(record.id, lane.lane), value: { ...lane, updatedAt: now } })));
  await queue().push(stuck.map((lane) => ({ body: { jobId: record.id, step: 'lane', lane: lane.lane } satisfies JobEvent })));
  return summarise(record, laneRecords);
}

/** The daily reconcile: a job over open and recently resolved issues; skipped while a job runs. */
export async function startReconcile(): Promise<JobView | undefined> {
  return startIfIdle('daily reconcile', 'reconcile');
}
