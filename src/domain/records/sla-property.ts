/**
 * The `sla` issue property: a mirror of the app's record (see `sla-record.ts`) that Jira indexes,
 * so managers can search it (`slaBreached = "true" AND project = SUP`). Anyone who can edit the
 * issue can overwrite it, so the app never reads it as data: it only compares it with the mirror
 * and rewrites it when they differ. It holds only what stays true until the issue changes or a
 * deadline passes, so an unchanged issue is never rewritten. Booleans are strings: Jira indexes no
 * boolean type.
 */
import type { MetricStatus } from '../clocks/results';
import type { Tier } from '../clocks/policy';
import { NUMBERED_FAMILIES } from '../config/property-families';

export const SLA_PROPERTY_KEY = 'sla';
export const SLA_PROPERTY_VERSION = 2;

type Flag = 'true' | 'false';

export interface MetricRecord {
  /** The metric's id: a numbered family (`m1`) holds whichever metric the config gives it. */
  readonly id: string;
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
  /** Ids of the breached metrics, of those at risk, and `id:status` of each: every metric is searchable by these. */
  readonly breachedMetrics: readonly string[];
  readonly atRiskMetrics: readonly string[];
  readonly metricStatus: readonly string[];
  readonly response?: MetricRecord;
  readonly resolution?: MetricRecord;
  readonly m1?: MetricRecord;
  readonly m2?: MetricRecord;
  readonly m3?: MetricRecord;
  readonly m4?: MetricRecord;
  /** When the record changes next if nothing happens (an at-risk or due instant). */
  readonly nextDeadline?: string;
  readonly nextDeadlineMs?: number;
  /** When this content was computed; not compared when deciding whether to write. */
  readonly evaluatedAt: string;
}

/** Jira indexes at most this many values of one app's entity properties, all modules together. */
export const MAX_INDEXED_VALUES = 30;

type IndexedValue = { path: string; type: 'string' | 'number' | 'date'; searchAlias: string };

/** What Jira indexes, with the JQL name of each: the manifest's `jira:entityProperty` must list exactly these. */
export const SLA_SEARCH_ALIASES: readonly IndexedValue[] = [
  { path: 'policy', type: 'string', searchAlias: 'slaPolicy' },
  { path: 'tier', type: 'string', searchAlias: 'slaTier' },
  { path: 'status', type: 'string', searchAlias: 'slaStatus' },
  { path: 'breached', type: 'string', searchAlias: 'slaBreached' },
  { path: 'atRisk', type: 'string', searchAlias: 'slaAtRisk' },
  { path: 'nextDeadline', type: 'date', searchAlias: 'slaNextDeadline' },
  { path: 'nextDeadlineMs', type: 'number', searchAlias: 'slaNextDeadlineMs' },
  { path: 'breachedMetrics', type: 'string', searchAlias: 'slaBreachedMetrics' },
  { path: 'atRiskMetrics', type: 'string', searchAlias: 'slaAtRiskMetrics' },
  { path: 'metricStatus', type: 'string', searchAlias: 'slaMetricStatus' },
  ...(['response', 'resolution'] as const).flatMap((metric): IndexedValue[] => {
    const name = metric === 'response' ? 'Response' : 'Resolution';
    return [
      { path: `${metric}.status`, type: 'string', searchAlias: `sla${name}Status` },
      { path: `${metric}.breached`, type: 'string', searchAlias: `sla${name}Breached` },
      { path: `${metric}.dueAt`, type: 'date', searchAlias: `sla${name}Due` },
      { path: `${metric}.stoppedAt`, type: 'date', searchAlias: `sla${name}Stopped` },
    ];
  }),
  ...NUMBERED_FAMILIES.flatMap((key, i): IndexedValue[] => [
    { path: `${key}.status`, type: 'string', searchAlias: `slaMetric${i + 1}Status` },
    { path: `${key}.breached`, type: 'string', searchAlias: `slaMetric${i + 1}Breached` },
    { path: `${key}.dueAt`, type: 'date', searchAlias: `slaMetric${i + 1}Due` },
  ]),
];

/** Whether a stored property says what the mirror says (`evaluatedAt` aside): it is rewritten only when not. */
export function samePropertyContent(a: unknown, b: SlaProperty): boolean {
  if (!a || typeof a !== 'object') return false;
  const strip = (value: object) => JSON.stringify({ ...value, evaluatedAt: undefined });
  return strip(a) === strip(b);
}
