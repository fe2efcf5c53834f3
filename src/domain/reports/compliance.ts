/**
 * Compliance aggregates: the stopped cycles of one metric and one UTC day, counted met and late per
 * quarter of an hour and per what a manager filters or groups by (project, policy, priority, tier,
 * customer, assignee). Every time zone's offset is a whole number of quarter hours, so a calendar
 * week, month or quarter in any viewer's zone is an exact sum of buckets, and a day's aggregate,
 * frozen once the day is closed, answers every later question about it without the cycles.
 */
import type { RecordCycle } from '../records/sla-record';

export const DAY_MS = 86_400_000;
export const BUCKET_MS = 15 * 60_000;

/** `[bucket of the day (0-95), project, policy, priority, tier, agreement, assignee, met, late]`. */
export type ComplianceEntry = [number, string, string, string, string, string, string, number, number];

export const DIMENSIONS = ['priority', 'tier', 'policy', 'agreement', 'assignee', 'project'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
const COLUMN: Record<Dimension, 1 | 2 | 3 | 4 | 5 | 6> = { project: 1, policy: 2, priority: 3, tier: 4, agreement: 5, assignee: 6 };

/** The UTC day an instant falls in, as the instant it starts. */
export const utcDay = (instant: number) => Math.floor(instant / DAY_MS) * DAY_MS;

/** The aggregate of the cycles of one metric that stopped on `day` (others are left out). */
export function aggregateDay(cycles: Iterable<Pick<RecordCycle, 'project' | 'policy' | 'priority' | 'tier' | 'agreement' | 'assignee' | 'stoppedAt' | 'met'>>, day: number): ComplianceEntry[] {
  const entries = new Map<string, ComplianceEntry>();
  for (const cycle of cycles) {
    if (cycle.stoppedAt < day || cycle.stoppedAt >= day + DAY_MS) continue;
    const bucket = Math.floor((cycle.stoppedAt - day) / BUCKET_MS);
    const key = JSON.stringify([bucket, cycle.project, cycle.policy, cycle.priority, cycle.tier, cycle.agreement, cycle.assignee]);
    const entry = entries.get(key) ?? [bucket, cycle.project, cycle.policy, cycle.priority, cycle.tier, cycle.agreement, cycle.assignee, 0, 0];
    entry[cycle.met ? 7 : 8]++;
    entries.set(key, entry);
  }
  return [...entries.values()];
}

export interface ComplianceCount {
  met: number;
  late: number;
}

/** What a compliance figure counts: the entry's issue facts pass the filter. */
export type EntryFilter = Partial<Record<Dimension, string>> & { projects?: ReadonlySet<string> };

/**
 * Adds the entries of a day to `into`, grouped by `by`, for the buckets inside `[from, to)` whose
 * facts pass `filter`.
 */
export function addDay(into: Map<string, ComplianceCount>, day: number, entries: readonly ComplianceEntry[], range: { from: number; to: number }, filter: EntryFilter, by: Dimension): void {
  for (const entry of entries) {
    const start = day + entry[0] * BUCKET_MS;
    if (start < range.from || start >= range.to) continue;
    if (filter.projects && !filter.projects.has(entry[1])) continue;
    if (DIMENSIONS.some((dimension) => filter[dimension] !== undefined && entry[COLUMN[dimension]] !== filter[dimension])) continue;
    const key = entry[COLUMN[by]];
    const count = into.get(key) ?? { met: 0, late: 0 };
    count.met += entry[7];
    count.late += entry[8];
    into.set(key, count);
  }
}
