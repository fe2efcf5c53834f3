/**
 * The `sla` issue property: a mirror of the app's record (see `sla-record.ts`) that Jira indexes,
 * so managers can search it (`slaBreached = "true" AND project = SUP`). Anyone who can edit the
 * issue can overwrite it, so the app never reads it as data: it only compares it with the mirror
 * and rewrites it when they differ. It holds only what stays true until the issue changes or a
 * deadline passes, so an unchanged issue is never rewritten. Booleans are strings: Jira indexes no
 * boolean type.
 */
import type { MetricStatus } from './evaluation';
import type { Tier } from './policy';

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

/** Whether a stored property says what the mirror says (`evaluatedAt` aside): it is rewritten only when not. */
export function samePropertyContent(a: unknown, b: SlaProperty): boolean {
  if (!a || typeof a !== 'object') return false;
  const strip = (value: object) => JSON.stringify({ ...value, evaluatedAt: undefined });
  return strip(a) === strip(b);
}
