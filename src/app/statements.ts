/**
 * What managers and admins see of agreements: each agreement's closed statements and the open
 * period's live forecast, one statement with its versions, the cycles behind each figure, and the
 * admin's exclusions and restatements. A forecast is the stored snapshot plus the cycles stopped
 * since it was taken (read from the index, at most {@link TAIL_PAGES} pages), so it moves with
 * every stop between two refreshes.
 */
import {
  addToTallies,
  classifyCycle,
  levelsOf,
  NEVER,
  periodById,
  periodOf,
  statementCycle,
  statementFigures,
  type CompiledAgreement,
  type CompiledConfig,
  type CycleClass,
  type LevelTally,
  type StatementFigures,
  type Tallies,
} from '../domain';
import { agreementCycles, CYCLES, type CycleEntity } from '../storage/record-store';
import { exclusionsOf, latestStatements, MAX_EXCLUSIONS, readExclusion, readLines, readStatement, statementKey, statementVersions, writeExclusion, type ExclusionEntity, type Person, type StatementEntity, type StoredLine } from '../storage/statement-store';
import { kvs } from '@forge/kvs';
import { carriedFrom, closedStatements, historyBefore, jobView, readJob, startStatementJob } from './statement-job';
import type { AgreementSummary, LinesPage, LineView, StatementDetail, StatementJobView, StatementView } from '../contract/statements';

/** Pages of cycles stopped since a forecast's snapshot that a view adds to it. */
export const TAIL_PAGES = 10;
/** Periods the overview and its chart show. */
export const CHART_PERIODS = 12;
/** Line entities one request of the drill-down reads at most. */
const CHUNKS_PER_REQUEST = 5;

export class NotFoundError extends Error {}

function agreementOf(config: CompiledConfig, id: string): CompiledAgreement {
  const agreement = config.agreements.find((candidate) => candidate.id === id);
  if (!agreement) throw new NotFoundError(`No agreement "${id}" in the active config`);
  return agreement;
}

const talliesOf = (figures: StatementFigures): Tallies => Object.fromEntries(figures.levels.map(({ id, counted, met, breached, excluded, running }): [string, LevelTally] => [id, { counted, met, breached, excluded, running }]));

/** The forecast as of `now`: its snapshot and the cycles that stopped in the period since. */
async function liveForecast(agreement: CompiledAgreement, head: StatementEntity, closed: readonly StatementEntity[], now: number): Promise<StatementView> {
  const tallies = talliesOf(head.figures);
  const excluded = new Set((await exclusionsOf(agreement.id)).filter((exclusion) => exclusion.removed === null).map((exclusion) => exclusion.cycleKey));
  let cursor: string | undefined;
  let tailCycles = 0;
  let pages = 0;
  let carried: Set<string> | null | undefined;
  do {
    const page = await agreementCycles(agreement.id, Math.max(head.asOf, head.period.from), Math.min(now + 1, head.period.to), 100, cursor);
    for (const entity of page.items) {
      const cycle = statementCycle(entity);
      if (!levelsOf(agreement, cycle).length) continue;
      if (cycle.startedAt < head.period.from && carried === undefined) carried = await carriedFrom(agreement, head.period, closed);
      const cls = classifyCycle(head.period, cycle, excluded.has(cycle.key), cycle.startedAt >= head.period.from || !carried || carried.has(cycle.key));
      if (cls === null || cls === 'running') continue;
      addToTallies(tallies, agreement, cycle, cls);
      tailCycles++;
    }
    cursor = page.cursor;
  } while (cursor && ++pages < TAIL_PAGES);
  const figures = statementFigures(agreement, head.period, tallies, historyBefore(agreement, head.period, closed));
  return { ...head, figures, tailCycles, tailTruncated: cursor !== undefined };
}

const asView = (statement: StatementEntity): StatementView => ({ ...statement, tailCycles: 0, tailTruncated: false });

/** Each agreement with its last closed statements and its forecast. */
export async function agreementsOverview(config: CompiledConfig, now = Date.now()): Promise<AgreementSummary[]> {
  return Promise.all(
    config.agreements.map(async (agreement) => {
      const { closed, forecast } = await latestStatements(agreement.id, CHART_PERIODS + (agreement.earnBackPeriods ?? 0));
      const open = periodOf(now, agreement.unit, agreement.timeZone);
      return {
        id: agreement.id,
        name: agreement.name,
        customer: agreement.customer,
        currency: agreement.currency,
        unit: agreement.unit,
        timeZone: agreement.timeZone,
        statements: closed.slice(0, CHART_PERIODS).map((statement) => ({ period: statement.period.id, version: statement.version, closedAt: statement.closedAt, figures: statement.figures })),
        forecast: forecast && forecast.period.id === open.id ? await liveForecast(agreement, forecast, closed, now) : null,
      };
    }),
  );
}

/** One period's statement: a version (the latest when not named), or the open period's forecast. */
export async function statementDetail(config: CompiledConfig, agreementId: string, periodId: string, version: number | undefined, now = Date.now()): Promise<StatementDetail> {
  const agreement = agreementOf(config, agreementId);
  const period = periodById(periodId, agreement.unit, agreement.timeZone);
  if (!period) throw new NotFoundError(`"${periodId}" is not a ${agreement.unit} of agreement "${agreementId}"`);
  const versions = await statementVersions(agreement.id, period);
  const stored = (await readJob(agreement.id, period.id, 'restate')) ?? (await readJob(agreement.id, period.id, 'close'));
  const job = stored ? jobView(stored) : null;
  const chosen = version === undefined ? versions.at(-1) : versions.find((candidate) => candidate.version === version);
  if (chosen) return { statement: asView(chosen), versions: versions.map(({ version: v, closedAt, closedBy, reason, configVersion, figures }) => ({ version: v, closedAt, closedBy, reason, configVersion, figures })), job };
  if (version === undefined) {
    const forecast = await readStatement(agreement.id, period.id, 0);
    if (forecast) return { statement: await liveForecast(agreement, forecast, await closedStatements(agreement.id), now), versions: [], job };
  }
  throw new NotFoundError(`Agreement "${agreementId}" has no statement for ${periodId}${version === undefined ? '' : ` version ${version}`} yet`);
}

export interface LinesFilter {
  readonly level?: string;
  readonly cls?: CycleClass;
  readonly met?: boolean;
}

const matches = (line: StoredLine, filter: LinesFilter) => (filter.level === undefined || line.l.includes(filter.level)) && (filter.cls === undefined || line.c === filter.cls) && (filter.met === undefined || line.met === filter.met);

/**
 * The cycles behind a statement's figures, filtered, a page at a time: a closed statement's from
 * its stored lines ({@link CHUNKS_PER_REQUEST} entities a request), a forecast's from the index.
 */
export async function statementLines(config: CompiledConfig, agreementId: string, periodId: string, version: number, filter: LinesFilter, cursor: string | undefined, now = Date.now()): Promise<LinesPage> {
  const agreement = agreementOf(config, agreementId);
  const period = periodById(periodId, agreement.unit, agreement.timeZone);
  if (!period) throw new NotFoundError(`"${periodId}" is not a ${agreement.unit} of agreement "${agreementId}"`);
  const exclusions = new Map((await exclusionsOf(agreement.id)).filter((exclusion) => exclusion.removed === null).map((exclusion) => [exclusion.cycleKey, exclusion]));
  const view = (line: StoredLine): LineView => ({ cycleKey: line.k, issueKey: line.i, metric: line.m, priority: line.p, startedAt: line.s, stoppedAt: line.t, met: line.met, cls: line.c, levels: line.l, exclusion: exclusions.get(line.k) ?? null });
  if (version > 0) {
    const statement = await readStatement(agreement.id, period.id, version);
    if (!statement) throw new NotFoundError(`Agreement "${agreementId}" has no statement for ${periodId} version ${version}`);
    const from = cursor ? Number(cursor) : 0;
    const to = Math.min(statement.chunks, from + CHUNKS_PER_REQUEST);
    const lines = (await readLines(statementKey(agreement.id, period.id, version), from, to)).filter((line) => matches(line, filter));
    return { lines: lines.map(view), cursor: to < statement.chunks ? String(to) : null, progress: { done: to, total: statement.chunks } };
  }
  // The open period: the cycles as they stand now.
  const page = await agreementCycles(agreement.id, period.from, NEVER + 1, 100, cursor);
  const lines: StoredLine[] = [];
  for (const entity of page.items) {
    const cycle = statementCycle(entity);
    if (!levelsOf(agreement, cycle).length) continue;
    const cls = classifyCycle(period.to > now ? { ...period, to: now + 1 } : period, cycle, exclusions.has(cycle.key), true);
    if (cls === null) continue;
    const line: StoredLine = { k: cycle.key, i: cycle.issueKey, d: cycle.issueId, m: cycle.metric, p: cycle.priority, s: cycle.startedAt, t: cycle.stoppedAt, met: cycle.met, c: cls, l: levelsOf(agreement, cycle).map((level) => level.id) };
    if (matches(line, filter)) lines.push(line);
  }
  return { lines: lines.map(view), cursor: page.cursor ?? null, progress: { done: page.items.length, total: null } };
}

export class InvalidRequestError extends Error {}

/**
 * Excludes a cycle of the agreement's customer from its statements (from the next close or
 * restatement on), with why; the cycle is read from the store, not taken from the request.
 */
export async function excludeCycle(config: CompiledConfig, agreementId: string, key: string, reason: string, by: Person, now = Date.now()): Promise<ExclusionEntity> {
  const agreement = agreementOf(config, agreementId);
  const cycle = await kvs.entity<CycleEntity>(CYCLES).get(key);
  if (!cycle || cycle.agreement !== agreement.id) throw new NotFoundError(`No cycle ${key} of agreement "${agreementId}"`);
  const existing = await readExclusion(agreement.id, key);
  if (existing && existing.removed === null) throw new InvalidRequestError(`${cycle.issueKey} ${cycle.metric} is already excluded`);
  if (!existing && (await exclusionsOf(agreement.id)).length >= MAX_EXCLUSIONS) throw new InvalidRequestError(`This agreement holds the most exclusions it can (${MAX_EXCLUSIONS})`);
  const exclusion: ExclusionEntity = { agreement: agreement.id, cycleKey: key, issueKey: cycle.issueKey, metric: cycle.metric, reason, by, at: now, removed: null };
  await writeExclusion(exclusion);
  return exclusion;
}

/** Takes an exclusion back, keeping it with who, when and why. */
export async function removeExclusion(config: CompiledConfig, agreementId: string, key: string, reason: string, by: Person, now = Date.now()): Promise<ExclusionEntity> {
  const agreement = agreementOf(config, agreementId);
  const existing = await readExclusion(agreement.id, key);
  if (!existing || existing.removed !== null) throw new NotFoundError(`Cycle ${key} is not excluded from agreement "${agreementId}"`);
  const removed = { ...existing, removed: { by, at: now, reason } };
  await writeExclusion(removed);
  return removed;
}

/** Every exclusion of an agreement, newest first. */
export async function exclusionList(config: CompiledConfig, agreementId: string): Promise<ExclusionEntity[]> {
  return (await exclusionsOf(agreementOf(config, agreementId).id)).sort((a, b) => b.at - a.at);
}

/** Restates a closed period: a new version computed now, with who and why. */
export async function restate(config: CompiledConfig, agreementId: string, periodId: string, reason: string, by: Person, now = Date.now()): Promise<StatementJobView> {
  const agreement = agreementOf(config, agreementId);
  const period = periodById(periodId, agreement.unit, agreement.timeZone);
  if (!period) throw new NotFoundError(`"${periodId}" is not a ${agreement.unit} of agreement "${agreementId}"`);
  if (!(await statementVersions(agreement.id, period)).length) throw new InvalidRequestError(`${periodId} is not closed yet: only a closed period can be restated`);
  return jobView(await startStatementJob(agreement.id, period.id, 'restate', by, reason, now));
}
