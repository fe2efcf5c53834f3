/**
 * The `sla` issue property: the record of an issue's SLA that Jira indexes, so managers can search
 * it (`slaBreached = "true" AND project = SUP`). It holds only what stays true until the issue
 * changes or a deadline passes, so recomputing an unchanged issue gives the same record and nothing
 * is written. Booleans are strings: Jira indexes no boolean type.
 */
import type { Calendar } from './calendar';
import type { IssueEvaluation, MetricResult, MetricStatus } from './evaluation';
import { workingTimeBetween } from './working-time';
import { METRICS, type Metric, type Tier } from './policy';

export const SLA_PROPERTY_KEY = 'sla';
export const SLA_PROPERTY_VERSION = 1;

type Flag = 'true' | 'false';

export interface MetricRecord {
  readonly status: MetricStatus;
  readonly breached: Flag;
  readonly atRisk: Flag;
  readonly targetMs: number;
  /** The calendar the target runs on: live figures are computed from it. */
  readonly calendar: string;
  readonly dueAt?: string;
  readonly breachedAt?: string;
  readonly stoppedAt?: string;
  /** Only while the clock is not running (paused or stopped), when it does not change. */
  readonly elapsedMs?: number;
}

export interface SlaProperty {
  readonly v: number;
  readonly policy: string | null;
  readonly tier: Tier;
  readonly priority: string | null;
  /** The worst metric status: breached > at-risk > paused > on-track > met-late > met. */
  readonly status: MetricStatus | 'none';
  readonly breached: Flag;
  readonly atRisk: Flag;
  readonly response?: MetricRecord;
  readonly resolution?: MetricRecord;
  /** When the record changes next if nothing happens (an at-risk or due instant). */
  readonly nextDeadline?: string;
  readonly nextDeadlineMs?: number;
  /** When this content was computed; not compared when deciding whether to write. */
  readonly evaluatedAt: string;
}

/** What Jira indexes, with the JQL name of each: the manifest's `jira:entityProperty` must list exactly these. */
export const SLA_SEARCH_ALIASES: readonly { path: string; type: 'string' | 'number' | 'date'; searchAlias: string }[] = [
  { path: 'policy', type: 'string', searchAlias: 'slaPolicy' },
  { path: 'tier', type: 'string', searchAlias: 'slaTier' },
  { path: 'status', type: 'string', searchAlias: 'slaStatus' },
  { path: 'breached', type: 'string', searchAlias: 'slaBreached' },
  { path: 'atRisk', type: 'string', searchAlias: 'slaAtRisk' },
  { path: 'nextDeadline', type: 'date', searchAlias: 'slaNextDeadline' },
  { path: 'nextDeadlineMs', type: 'number', searchAlias: 'slaNextDeadlineMs' },
  ...(['response', 'resolution'] as const).flatMap((metric) => {
    const name = metric === 'response' ? 'Response' : 'Resolution';
    return [
      { path: `${metric}.status`, type: 'string' as const, searchAlias: `sla${name}Status` },
      { path: `${metric}.breached`, type: 'string' as const, searchAlias: `sla${name}Breached` },
      { path: `${metric}.dueAt`, type: 'date' as const, searchAlias: `sla${name}Due` },
      { path: `${metric}.stoppedAt`, type: 'date' as const, searchAlias: `sla${name}Stopped` },
    ];
  }),
];

const SEVERITY: readonly (MetricStatus | 'none')[] = ['none', 'met', 'met-late', 'on-track', 'paused', 'at-risk', 'breached'];
const flag = (value: boolean): Flag => (value ? 'true' : 'false');
const iso = (instant: number | null) => (instant === null ? undefined : new Date(instant).toISOString());

/** The property record of an evaluation. */
export function slaProperty(evaluation: IssueEvaluation): SlaProperty {
  const records: Partial<Record<Metric, MetricRecord>> = {};
  let status: MetricStatus | 'none' = 'none';
  for (const metric of METRICS) {
    const result = evaluation.metrics[metric];
    if (!result) continue;
    records[metric] = metricRecord(result);
    if (SEVERITY.indexOf(result.status) > SEVERITY.indexOf(status)) status = result.status;
  }
  const results = METRICS.map((metric) => evaluation.metrics[metric]).filter((result): result is MetricResult => result !== null);
  return {
    v: SLA_PROPERTY_VERSION,
    policy: evaluation.policy?.id ?? null,
    tier: evaluation.tier,
    priority: evaluation.priority,
    status,
    breached: flag(results.some((result) => result.breached)),
    atRisk: flag(results.some((result) => result.atRisk)),
    ...records,
    ...(evaluation.nextDeadline === null ? {} : { nextDeadline: iso(evaluation.nextDeadline), nextDeadlineMs: evaluation.nextDeadline }),
    evaluatedAt: new Date(evaluation.evaluatedAt).toISOString(),
  };
}

function metricRecord(result: MetricResult): MetricRecord {
  const record: Record<string, unknown> = {
    status: result.status,
    breached: flag(result.breached),
    atRisk: flag(result.atRisk),
    targetMs: result.targetMs,
    calendar: result.explanation.calendar.id,
    dueAt: iso(result.dueAt),
    breachedAt: iso(result.breachedAt),
    stoppedAt: iso(result.stoppedAt),
    elapsedMs: result.state === 'running' ? undefined : result.elapsedMs,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as unknown as MetricRecord;
}

/** Whether two records say the same (their `evaluatedAt` aside): recomputing writes only when not. */
export function samePropertyContent(a: unknown, b: SlaProperty): boolean {
  if (!a || typeof a !== 'object') return false;
  const strip = (value: object) => JSON.stringify({ ...value, evaluatedAt: undefined });
  return strip(a) === strip(b);
}

/**
 * Remaining working time of a recorded metric at `now` (negative once overdue), from the record
 * alone: running clocks count towards `dueAt` or on from `breachedAt` on their calendar.
 */
export function liveRemainingMs(record: MetricRecord, calendar: Calendar, now: number): number {
  if (record.elapsedMs !== undefined) return record.targetMs - record.elapsedMs;
  if (record.breachedAt !== undefined) return -workingTimeBetween(calendar, Date.parse(record.breachedAt), now);
  if (record.dueAt === undefined) return record.targetMs;
  const due = Date.parse(record.dueAt);
  return due >= now ? workingTimeBetween(calendar, now, due) : -workingTimeBetween(calendar, due, now);
}
