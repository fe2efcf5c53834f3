/**
 * Recompute jobs: after a config change (or on demand) every open issue in scope is recomputed in
 * batches through the async-event queue. Progress (done / total / failed) is stored after each
 * batch; a batch that fails is retried by the queue from the saved cursor, and a job that stalls
 * (its retries used up) is resumed by the sweep. A lock written with FAIL_IF_EXISTS (and a TTL, in
 * case a job dies) keeps two jobs from running at once.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from '@forge/events';
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import type { JiraClient } from '../jira/client';
import { countIssues, groupsOf, searchPage } from '../jira/issues';
import { activeConfig, projectsInScope } from './active-config';
import { recomputeIssue } from './recompute';

export const RECOMPUTE_QUEUE = 'recompute-queue';
const LOCK = 'job:lock';
const LATEST = 'job:latest';
const jobKey = (id: string) => `job:${id}`;
export const BATCH_SIZE = 25;
const MAX_FAILED_KEYS = 50;
/** A running job not updated for this long has lost its queue event and is resumed. */
export const STALLED_AFTER_MS = 10 * 60_000;
const LOCK_TTL = { value: 1, unit: 'HOURS' as const };

export interface JobRecord {
  readonly id: string;
  status: 'running' | 'done';
  readonly reason: string;
  readonly startedBy: string | null;
  readonly startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  readonly configVersion: number;
  readonly jql: string | null;
  total: number;
  done: number;
  written: number;
  failed: number;
  failedKeys: string[];
  cursor: string | null;
  batches: number;
}

export class JobRunningError extends Error {
  constructor(readonly job: JobRecord | undefined) {
    super(`A recompute job is already running${job ? ` (${job.done + job.failed} of ${job.total} done)` : ''}`);
    this.name = 'JobRunningError';
  }
}

const queue = () => new Queue({ key: RECOMPUTE_QUEUE });

/** JQL for the open issues of the projects in scope, in a stable order for paging. */
export function openIssuesJql(projects: readonly string[]): string | null {
  if (!projects.length) return null;
  return `project IN (${projects.map((key) => `"${key}"`).join(', ')}) AND resolution IS EMPTY ORDER BY key ASC`;
}

export async function startRecompute(jira: JiraClient, reason: string, startedBy: string | null): Promise<JobRecord> {
  const { version, compiled } = await activeConfig();
  const id = randomUUID();
  try {
    await kvs.set(LOCK, { jobId: id }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: LOCK_TTL });
  } catch (error) {
    if ((error as ForgeKvsAPIError).code !== 'KEY_CONFLICT') throw error;
    const lock = await kvs.get<{ jobId: string }>(LOCK);
    throw new JobRunningError(lock ? await job(lock.jobId) : undefined);
  }
  const jql = openIssuesJql(projectsInScope(compiled));
  const now = new Date().toISOString();
  const record: JobRecord = {
    id,
    status: jql ? 'running' : 'done',
    reason,
    startedBy,
    startedAt: now,
    updatedAt: now,
    ...(jql ? {} : { finishedAt: now }),
    configVersion: version.version,
    jql,
    total: jql ? await countIssues(jira, jql) : 0,
    done: 0,
    written: 0,
    failed: 0,
    failedKeys: [],
    cursor: null,
    batches: 0,
  };
  await kvs.set(jobKey(id), record);
  await kvs.set(LATEST, { id });
  if (jql) await queue().push({ body: { jobId: id } });
  else await kvs.delete(LOCK);
  return record;
}

export async function job(id: string): Promise<JobRecord | undefined> {
  return kvs.get<JobRecord>(jobKey(id));
}

export async function latestJob(): Promise<JobRecord | undefined> {
  const latest = await kvs.get<{ id: string }>(LATEST);
  return latest ? job(latest.id) : undefined;
}

/**
 * One batch of a job (the queue consumer). Throws when the batch cannot be done (the search or
 * the store failed), so that the queue retries it; failures of single issues are counted instead.
 */
export async function processBatch(jira: JiraClient, jobId: string): Promise<JobRecord | undefined> {
  const record = await job(jobId);
  if (!record || record.status !== 'running' || !record.jql) return record;
  const { compiled } = await activeConfig();
  const groups = groupsOf(jira);
  const page = await searchPage(jira, record.jql, { maxResults: BATCH_SIZE, ...(record.cursor ? { nextPageToken: record.cursor } : {}) });
  for (const issue of page.issues) {
    try {
      const result = await recomputeIssue(jira, issue.key, compiled, groups);
      record.done += 1;
      if (result.outcome === 'written') record.written += 1;
    } catch {
      record.failed += 1;
      if (record.failedKeys.length < MAX_FAILED_KEYS) record.failedKeys.push(issue.key);
    }
  }
  record.cursor = page.nextPageToken ?? null;
  record.batches += 1;
  // The count at the start is approximate, and issues created since are found too.
  record.total = Math.max(record.total, record.done + record.failed);
  record.updatedAt = new Date().toISOString();
  if (!page.nextPageToken) {
    record.status = 'done';
    record.finishedAt = record.updatedAt;
  }
  await kvs.set(jobKey(jobId), record);
  if (record.status === 'done') {
    await kvs.delete(LOCK);
    // The config changed while this job ran: its early batches used the old one.
    const { version } = await activeConfig();
    if (version.version !== record.configVersion) await startRecompute(jira, `config version ${version.version} (saved during a recompute)`, null);
  } else {
    await kvs.set(LOCK, { jobId }, { ttl: LOCK_TTL });
    await queue().push({ body: { jobId } });
  }
  return record;
}

/** Re-queues the latest job if it is running but has not moved for {@link STALLED_AFTER_MS}. */
export async function resumeStalledJob(): Promise<JobRecord | undefined> {
  const record = await latestJob();
  if (!record || record.status !== 'running' || Date.now() - Date.parse(record.updatedAt) < STALLED_AFTER_MS) return undefined;
  record.updatedAt = new Date().toISOString();
  await kvs.set(jobKey(record.id), record);
  await queue().push({ body: { jobId: record.id } });
  return record;
}
