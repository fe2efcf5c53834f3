/**
 * Compliance aggregates in the Custom Entity Store: `sla-compliance-day` (key `metric:day`), one per
 * metric and closed UTC day, written once when the day closes and only replaced by an admin's
 * restatement (its version then grows); where closing has reached (`compliance:closed`); and the
 * restatements made, with who, when and why (`compliance:restatements`, the latest 100).
 */
import { kvs, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import type { ComplianceEntry } from '../domain';
import type { Restatement } from '../contract/reports';

export type { Restatement };

export const COMPLIANCE_DAYS = 'sla-compliance-day';
const CLOSED = 'compliance:closed';
const RESTATEMENTS = 'compliance:restatements';
const MAX_RESTATEMENTS = 100;

export interface ComplianceDay {
  readonly metric: string;
  readonly day: number;
  readonly version: number;
  readonly closedAt: number;
  readonly entries: readonly ComplianceEntry[];
}

const dayKey = (metric: string, day: number) => `${metric}:${day}`;

/** Writes a day's aggregate: at its close only if absent (a close met twice writes once); a restatement replaces it. */
export async function writeDay(aggregate: ComplianceDay): Promise<void> {
  const entity = kvs.entity<ComplianceDay>(COMPLIANCE_DAYS);
  if (aggregate.version > 1) return entity.set(dayKey(aggregate.metric, aggregate.day), aggregate);
  try {
    await entity.set(dayKey(aggregate.metric, aggregate.day), aggregate, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if ((error as ForgeKvsAPIError).responseDetails?.status !== 409) throw error;
  }
}

export async function readDay(metric: string, day: number): Promise<ComplianceDay | undefined> {
  return kvs.entity<ComplianceDay>(COMPLIANCE_DAYS).get(dayKey(metric, day));
}

/** The closed days of `metric` in `[from, to)` (day starts), 100 to a query. */
export async function daysOf(metric: string, from: number, to: number): Promise<ComplianceDay[]> {
  const found: ComplianceDay[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.entity<ComplianceDay>(COMPLIANCE_DAYS).query().index('by-metric', { partition: [metric] }).where(WhereConditions.between(from, to - 1)).sort(Sort.ASC).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    found.push(...page.results.map((result) => result.value));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** Days before this instant are closed (their aggregates are the record); `null` before the first close. */
export async function closedThrough(): Promise<number | null> {
  return (await kvs.get<{ through: number }>(CLOSED))?.through ?? null;
}

export async function setClosedThrough(through: number): Promise<void> {
  await kvs.set(CLOSED, { through });
}

export async function restatements(): Promise<Restatement[]> {
  return (await kvs.get<Restatement[]>(RESTATEMENTS)) ?? [];
}

export async function addRestatement(restatement: Restatement): Promise<void> {
  await kvs.set(RESTATEMENTS, [restatement, ...(await restatements())].slice(0, MAX_RESTATEMENTS));
}
