/**
 * Statements, their lines and the exclusions behind them, in the Custom Entity Store.
 *
 * - `sla-statement` (key `agreement:period:vN`, or `agreement:period:forecast`): a closed
 *   statement is written once, only if absent, and never changed; a restatement is a new version.
 *   The forecast of the open period is rewritten as it refreshes.
 * - `sla-statement-lines` (key `statement:n`): the cycles behind a closed statement, 400 to an
 *   entity, written before its head, so a head always has all its lines.
 * - `sla-exclusion` (key `agreement:cycle`): an admin's exclusion of a cycle, with who, when and
 *   why; removing one keeps it, marked removed with who, when and why.
 */
import { kvs, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import type { CycleClass, Period } from '../domain';
import type { Person } from '../contract/reports';
import type { Exclusion as ExclusionEntity, StatementHead as StatementEntity } from '../contract/statements';

export type { ExclusionEntity, Person, StatementEntity };

export const STATEMENTS = 'sla-statement';
export const STATEMENT_LINES = 'sla-statement-lines';
export const EXCLUSIONS = 'sla-exclusion';

/** Lines per entity: about 60 KB, well inside KVS's 240 KiB value limit. */
export const LINES_PER_CHUNK = 400;
/** Exclusions one agreement keeps (active and removed): each is read at every close. */
export const MAX_EXCLUSIONS = 2_000;

/** A cycle's place in a closed statement, compact. */
export interface StoredLine {
  /** Cycle key. */
  readonly k: string;
  /** Issue key and id. */
  readonly i: string;
  readonly d: string;
  readonly m: string;
  readonly p: string;
  readonly s: number;
  /** Stopped at, `null` while running. */
  readonly t: number | null;
  readonly met: boolean | null;
  readonly c: CycleClass;
  /** Service level ids. */
  readonly l: readonly string[];
}

export const statementKey = (agreement: string, period: string, version: number) => `${agreement}:${period}:${version === 0 ? 'forecast' : `v${version}`}`;
const chunkKey = (statement: string, n: number) => `${statement}:${n}`;

export class StatementExistsError extends Error {}

/** Writes a statement's line entities (before its head). */
export async function writeLines(statement: string, first: number, chunks: readonly (readonly StoredLine[])[]): Promise<void> {
  for (let i = 0; i < chunks.length; i += 20) {
    await kvs.batchSet(chunks.slice(i, i + 20).map((lines, j) => ({ key: chunkKey(statement, first + i + j), value: { statement, n: first + i + j, lines }, entityName: STATEMENT_LINES })));
  }
}

/** Writes a statement head: a closed one only if no statement of that key exists. */
export async function writeStatement(statement: StatementEntity): Promise<void> {
  const key = statementKey(statement.agreement, statement.period.id, statement.version);
  try {
    const entity = kvs.entity<StatementEntity>(STATEMENTS);
    if (statement.kind === 'closed') await entity.set(key, statement, { keyPolicy: 'FAIL_IF_EXISTS' });
    else await entity.set(key, statement);
  } catch (error) {
    if ((error as ForgeKvsAPIError).responseDetails?.status === 409) throw new StatementExistsError(`${key} is already written`);
    throw error;
  }
}

export async function readStatement(agreement: string, period: string, version: number): Promise<StatementEntity | undefined> {
  return kvs.entity<StatementEntity>(STATEMENTS).get(statementKey(agreement, period, version));
}

/** Line entities `from..to-1` of a statement. */
export async function readLines(statement: string, from: number, to: number): Promise<StoredLine[]> {
  const lines: StoredLine[] = [];
  for (let n = from; n < to; n += 25) {
    const keys = Array.from({ length: Math.min(25, to - n) }, (_, i) => ({ key: chunkKey(statement, n + i), entityName: STATEMENT_LINES }));
    const answer = await kvs.batchGet<{ n: number; lines: StoredLine[] }>(keys);
    for (const item of answer.successfulKeys.sort((a, b) => a.value.n - b.value.n)) lines.push(...item.value.lines);
  }
  return lines;
}

/**
 * The agreement's statements from the newest period back: per period its latest closed version
 * (and its forecast), at most `periods` periods.
 */
export async function latestStatements(agreement: string, periods: number): Promise<{ closed: StatementEntity[]; forecast: StatementEntity | undefined }> {
  const byPeriod = new Map<string, StatementEntity>();
  let forecast: StatementEntity | undefined;
  let cursor: string | undefined;
  do {
    let query = kvs.entity<StatementEntity>(STATEMENTS).query().index('by-agreement', { partition: [agreement] }).where(WhereConditions.greaterThan(0)).sort(Sort.DESC).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const { value } of page.results) {
      if (value.kind === 'forecast') {
        forecast ??= value;
        continue;
      }
      const known = byPeriod.get(value.period.id);
      if (!known && byPeriod.size >= periods) return { closed: [...byPeriod.values()], forecast };
      if (!known || known.version < value.version) byPeriod.set(value.period.id, value);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { closed: [...byPeriod.values()], forecast };
}

/** Every version of one period's statement, oldest first. */
export async function statementVersions(agreement: string, period: Period): Promise<StatementEntity[]> {
  const page = await kvs.entity<StatementEntity>(STATEMENTS).query().index('by-agreement', { partition: [agreement] }).where(WhereConditions.equalTo(period.from)).limit(100).getMany();
  return page.results.map((result) => result.value).filter((value) => value.kind === 'closed').sort((a, b) => a.version - b.version);
}

const exclusionKey = (agreement: string, cycleKey: string) => `${agreement}:${cycleKey}`;

/** Every exclusion of an agreement, active and removed. */
export async function exclusionsOf(agreement: string): Promise<ExclusionEntity[]> {
  const found: ExclusionEntity[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.entity<ExclusionEntity>(EXCLUSIONS).query().index('by-agreement', { partition: [agreement] }).where(WhereConditions.greaterThan(0)).sort(Sort.ASC).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    found.push(...page.results.map((result) => result.value));
    cursor = page.nextCursor;
  } while (cursor && found.length < MAX_EXCLUSIONS);
  return found;
}

export async function readExclusion(agreement: string, cycleKey: string): Promise<ExclusionEntity | undefined> {
  return kvs.entity<ExclusionEntity>(EXCLUSIONS).get(exclusionKey(agreement, cycleKey));
}

export async function writeExclusion(exclusion: ExclusionEntity): Promise<void> {
  await kvs.entity<ExclusionEntity>(EXCLUSIONS).set(exclusionKey(exclusion.agreement, exclusion.cycleKey), exclusion);
}
