/**
 * Statement jobs: closing a period, restating one, refreshing the open period's forecast. A job
 * reads the agreement's cycles from the record store's `by-agreement-stopped` index, 100 to a
 * query (never a Jira search), tallies them with the domain's rules and, for a closed statement,
 * writes the cycles behind each figure as it goes; the head comes last. It runs in the statement
 * queue's consumer, saves its progress every few pages and hands over to a fresh invocation when
 * its time budget runs out, so an agreement of any size closes. One job per agreement, period and
 * kind runs at a time (its state is created only if absent); the sweep starts the closes that are
 * due, in period order, and keeps each forecast fresh.
 */
import { Queue } from '@forge/events';
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import {
  addToTallies,
  classifyCycle,
  emptyTallies,
  historyOf,
  holdsAt,
  levelsOf,
  NEVER,
  nextPeriod,
  periodById,
  periodOf,
  previousPeriod,
  statementCycle,
  statementFigures,
  type CompiledAgreement,
  type Period,
  type PeriodHistory,
  type StatementCycle,
  type Tallies,
} from '../domain';
import { Budget } from '../platform/invocation';
import { agreementCycles } from '../storage/record-store';
import {
  exclusionsOf,
  latestStatements,
  LINES_PER_CHUNK,
  readLines,
  statementKey,
  StatementExistsError,
  writeLines,
  writeStatement,
  type ExclusionEntity,
  type Person,
  type StatementEntity,
  type StoredLine,
} from '../storage/statement-store';
import { activeConfig } from './active-config';
import type { StatementJobView } from '../contract/statements';

export const STATEMENT_QUEUE = 'statement-queue';
/** The sweep refreshes a forecast older than this. */
export const FORECAST_MAX_AGE_MS = 60 * 60_000;
/** A job whose state has not moved for this long has lost its event: it may be started again. */
export const JOB_STALLED_MS = 15 * 60_000;
const PAGE = 100;
/** Pages between two saves of a job's progress. */
const SAVE_EVERY = 20;
const RESERVE_MS = 60_000;
/**
 * A page (a query, perhaps a write) takes about a sixth of what is left to do after the last one
 * (writes, the history, the head, the next due close): a job hands over while at least this many
 * of its slowest page's time is left.
 */
const PAGES_TO_FINISH = 6;

export const SCHEDULED: Person = { accountId: null, name: 'Scheduled close' };

export type JobMode = 'close' | 'restate' | 'forecast';

/** A job as stored: what a person follows of it (mutable here), and where its reading stands. */
export interface StatementJob extends StatementJobView {
  readonly mode: JobMode;
  cursor: string | null;
  readDone: boolean;
  pages: number;
  cycles: number;
  tallies: Tallies;
  counts: { counted: number; excluded: number; running: number; countedEarlier: number };
  buffer: StoredLine[];
  chunks: number;
  applied: string[];
  updatedAt: number;
  status: 'running' | 'done' | 'failed';
  error?: string;
}

/** What of a job the statements view is sent. */
export function jobView({ key, agreement, period, mode, by, reason, startedAt, asOf, readDone, pages, cycles, updatedAt, status, error }: StatementJob): StatementJobView {
  return { key, agreement, period, mode, by, reason, startedAt, asOf, readDone, pages, cycles, updatedAt, status, ...(error === undefined ? {} : { error }) };
}

const jobKey = (agreement: string, period: string, mode: JobMode) => `statement-job:${agreement}:${period}:${mode}`;

/** The agreement in the active config, or `null` when it is no longer there. */
async function agreementById(id: string): Promise<{ agreement: CompiledAgreement; configVersion: number } | null> {
  const active = await activeConfig();
  const agreement = active.compiled.agreements.find((candidate) => candidate.id === id);
  return agreement ? { agreement, configVersion: active.version.version } : null;
}

/**
 * Starts a job unless one of that agreement, period and kind is running (then returns it). The
 * state is created only if absent, so two sweeps cannot start two.
 */
export async function startStatementJob(agreement: string, period: string, mode: JobMode, by: Person, reason: string | null, now = Date.now()): Promise<StatementJob> {
  const key = jobKey(agreement, period, mode);
  const existing = await kvs.get<StatementJob>(key);
  if (existing?.status === 'running' && now - existing.updatedAt < JOB_STALLED_MS) return existing;
  const job: StatementJob = { key, agreement, period, mode, by, reason, startedAt: now, asOf: now, cursor: null, readDone: false, pages: 0, cycles: 0, tallies: {}, counts: { counted: 0, excluded: 0, running: 0, countedEarlier: 0 }, buffer: [], chunks: 0, applied: [], updatedAt: now, status: 'running' };
  if (existing) await kvs.set(key, job);
  else {
    try {
      await kvs.set(key, job, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      if ((error as ForgeKvsAPIError).responseDetails?.status === 409) return (await kvs.get<StatementJob>(key))!;
      throw error;
    }
  }
  await new Queue({ key: STATEMENT_QUEUE }).push([{ body: { key } }]);
  return job;
}

export async function readJob(agreement: string, period: string, mode: JobMode): Promise<StatementJob | undefined> {
  return kvs.get<StatementJob>(jobKey(agreement, period, mode));
}

/** Periods of statements a job reads back: every one an agreement can have in its lifetime. */
const ALL_PERIODS = 400;

/** The latest closed version of each period of the agreement. */
export async function closedStatements(agreement: string): Promise<StatementEntity[]> {
  return (await latestStatements(agreement, ALL_PERIODS)).closed;
}

/** The version a new statement of the period gets, and the one it replaces. */
function versionFor(closed: readonly StatementEntity[], period: Period, mode: JobMode): { version: number; replaces: StatementEntity | undefined } {
  if (mode === 'forecast') return { version: 0, replaces: undefined };
  const current = closed.find((statement) => statement.period.id === period.id);
  return { version: mode === 'close' ? 1 : (current?.version ?? 0) + 1, replaces: mode === 'restate' ? current : undefined };
}

/** The keys the previous period's statement listed as running: the only earlier cycles still uncounted. `null` when there is none. */
export async function carriedFrom(agreement: CompiledAgreement, period: Period, closed: readonly StatementEntity[]): Promise<Set<string> | null> {
  const previous = previousPeriod(period, agreement.unit, agreement.timeZone);
  if (previous.to <= agreement.validFrom) return null;
  const statement = closed.find((candidate) => candidate.period.id === previous.id);
  if (!statement) return null;
  const lines = await readLines(statementKey(agreement.id, previous.id, statement.version), 0, statement.chunks);
  return new Set(lines.filter((line) => line.c === 'running').map((line) => line.k));
}

/** What earn-back needs: the latest version of each of the periods before `period`, oldest first, consecutive. */
export function historyBefore(agreement: CompiledAgreement, period: Period, statements: readonly StatementEntity[]): PeriodHistory[] {
  if (agreement.earnBackPeriods === null) return [];
  const history: PeriodHistory[] = [];
  let before = previousPeriod(period, agreement.unit, agreement.timeZone);
  for (let i = 0; i < agreement.earnBackPeriods; i++) {
    const statement = statements.find((candidate) => candidate.period.id === before.id);
    if (!statement) break;
    history.unshift(historyOf(statement.figures));
    before = previousPeriod(before, agreement.unit, agreement.timeZone);
  }
  return history;
}

const activeExclusions = (exclusions: readonly ExclusionEntity[]) => new Map(exclusions.filter((exclusion) => exclusion.removed === null).map((exclusion) => [exclusion.cycleKey, exclusion]));

/** Runs a job on from its saved state until it is done or the budget runs out (then queues its continuation). */
export async function processStatementJob(key: string, budget = new Budget(RESERVE_MS)): Promise<StatementJob | undefined> {
  const job = await kvs.get<StatementJob>(key);
  if (!job || job.status !== 'running') return job;
  const found = await agreementById(job.agreement);
  const period = found && periodById(job.period, found.agreement.unit, found.agreement.timeZone);
  if (!found || !period) {
    const failed = { ...job, status: 'failed' as const, error: `agreement "${job.agreement}" is not in the active config`, updatedAt: Date.now() };
    await kvs.set(key, failed);
    return failed;
  }
  const { agreement } = found;
  const closed = await closedStatements(agreement.id);
  const { version, replaces } = versionFor(closed, period, job.mode);
  const statement = statementKey(agreement.id, period.id, version);
  const exclusions = await exclusionsOf(agreement.id);
  const excluded = activeExclusions(exclusions);
  let carried: Set<string> | null | undefined;
  const writesLines = job.mode !== 'forecast';
  if (!Object.keys(job.tallies).length) job.tallies = emptyTallies(agreement);

  let slowest = 0;
  const handOver = async () => {
    await saveJob(job);
    await new Queue({ key: STATEMENT_QUEUE }).push([{ body: { key } }]);
    return job;
  };
  while (!job.readDone) {
    const started = Date.now();
    const page = await agreementCycles(agreement.id, period.from, NEVER + 1, PAGE, job.cursor ?? undefined);
    for (const entity of page.items) {
      const cycle = statementCycle(entity);
      if (!levelsOf(agreement, cycle).length) continue;
      if (cycle.startedAt < period.from && carried === undefined) carried = await carriedFrom(agreement, period, closed);
      countCycle(job, agreement, period, cycle, excluded, carried ?? null, writesLines);
      if (job.buffer.length >= LINES_PER_CHUNK) await flushLines(job, statement);
    }
    job.cycles += page.items.length;
    job.pages++;
    job.cursor = page.cursor ?? null;
    job.readDone = !page.cursor;
    slowest = Math.max(slowest, Date.now() - started);
    if (budget.left() < slowest * PAGES_TO_FINISH) return handOver();
    if (job.pages % SAVE_EVERY === 0) await saveJob(job);
  }
  if (job.buffer.length) await flushLines(job, statement);
  const now = Date.now();
  const applied = new Set(job.applied);
  const head: StatementEntity = {
    agreement: agreement.id,
    agreementName: agreement.name,
    customer: agreement.customer,
    period,
    periodFrom: period.from,
    version,
    kind: job.mode === 'forecast' ? 'forecast' : 'closed',
    closedAt: now,
    asOf: job.asOf,
    closedBy: job.by,
    reason: job.reason,
    configVersion: found.configVersion,
    timeZone: agreement.timeZone,
    figures: statementFigures(agreement, period, job.tallies, historyBefore(agreement, period, closed)),
    counts: job.counts,
    exclusions: exclusions.filter((exclusion) => applied.has(exclusion.cycleKey)),
    chunks: job.chunks,
    replaces: replaces ? { version: replaces.version, figures: replaces.figures, configVersion: replaces.configVersion } : null,
  };
  try {
    await writeStatement(head);
  } catch (error) {
    // Another close of the same period won: the statement stands as that one wrote it.
    if (!(error instanceof StatementExistsError)) throw error;
  }
  const done = { ...job, status: 'done' as const, updatedAt: now };
  await kvs.set(key, { ...done, tallies: {}, buffer: [] });
  if (job.mode === 'close') await startDueStatements(agreement, found.configVersion, now);
  return done;
}

/**
 * Counts one cycle of the agreement into the job: its class in the period, the tallies, and (when
 * the statement keeps its lines) its line. A forecast counts what had stopped when it began; later
 * stops are added when it is shown.
 */
function countCycle(job: StatementJob, agreement: CompiledAgreement, period: Period, cycle: StatementCycle, excluded: ReadonlyMap<string, unknown>, carried: ReadonlySet<string> | null, writesLines: boolean): void {
  const asSeen = job.mode === 'forecast' && cycle.stoppedAt !== null && cycle.stoppedAt >= job.asOf ? { ...cycle, stoppedAt: null, met: null } : cycle;
  const cls = classifyCycle(period, asSeen, excluded.has(cycle.key), asSeen.startedAt >= period.from || !carried || carried.has(cycle.key));
  if (cls === null) return;
  const levels = addToTallies(job.tallies, agreement, asSeen, cls);
  job.counts[cls === 'counted-earlier' ? 'countedEarlier' : cls]++;
  if (cls === 'excluded') job.applied.push(cycle.key);
  if (writesLines) job.buffer.push({ k: cycle.key, i: cycle.issueKey, d: cycle.issueId, m: cycle.metric, p: cycle.priority, s: cycle.startedAt, t: asSeen.stoppedAt, met: asSeen.met, c: cls, l: levels });
}

/** Writes the buffered lines as the statement's next line entity. */
async function flushLines(job: StatementJob, statement: string): Promise<void> {
  await writeLines(statement, job.chunks, [job.buffer]);
  job.chunks++;
  job.buffer = [];
}

async function saveJob(job: StatementJob): Promise<void> {
  job.updatedAt = Date.now();
  await kvs.set(job.key, job);
}

/**
 * Starts what an agreement needs now: the close of the oldest period that has ended and has no
 * statement (one at a time, in order: each needs the one before), and a fresh forecast of the
 * open period.
 */
export async function startDueStatements(agreement: CompiledAgreement, configVersion: number, now = Date.now()): Promise<StatementJob[]> {
  const started: StatementJob[] = [];
  const { closed, forecast } = await latestStatements(agreement.id, 1);
  const last = closed[0];
  const next = last ? nextPeriod(last.period, agreement.unit, agreement.timeZone) : periodOf(agreement.validFrom, agreement.unit, agreement.timeZone);
  if (next.to <= now && holdsAt(agreement, next.from)) started.push(await startStatementJob(agreement.id, next.id, 'close', SCHEDULED, null, now));
  const open = periodOf(now, agreement.unit, agreement.timeZone);
  const stale = !forecast || forecast.period.id !== open.id || forecast.configVersion !== configVersion || now - forecast.asOf >= FORECAST_MAX_AGE_MS;
  if (holdsAt(agreement, now) && stale) started.push(await startStatementJob(agreement.id, open.id, 'forecast', SCHEDULED, null, now));
  return started;
}

/** The sweep's part: every agreement of the active config. */
export async function startAllDueStatements(now = Date.now()): Promise<number> {
  const active = await activeConfig();
  let started = 0;
  for (const agreement of active.compiled.agreements) started += (await startDueStatements(agreement, active.version.version, now)).length;
  return started;
}
