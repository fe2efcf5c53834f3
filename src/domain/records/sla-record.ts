/**
 * The authoritative SLA record of an issue, as the app keeps it in its own storage (which only the
 * app can write). The `sla` issue property is a mirror of it made for JQL ({@link mirrorOf}), never
 * read back as data. The record holds every instant the figures follow from, so anything shown
 * later (a countdown, "breached" the second the due instant passes) is computed from it at view
 * time with {@link liveStatus}, not looked up from a flag written at the last recompute.
 *
 * Instants are epoch milliseconds. {@link NEVER} stands for "no such instant" in the indexed
 * attributes, so every record sorts in every index.
 */
import type { Calendar } from '../time/calendar';
import type { ClockState } from '../clocks/clock';
import type { IssueEvaluation, MetricResult, MetricStatus } from '../clocks/results';
import { liveMetric } from '../clocks/live';
import type { Metric, Tier } from '../clocks/policy';
import { SLA_PROPERTY_VERSION, type MetricRecord, type SlaProperty } from './sla-property';
import type { Timeline } from '../clocks/timeline';

/** Later than every supported instant: "none" in the indexed instants. */
export const NEVER = 4_102_444_800_000; // 2100-01-01T00:00:00Z

/** 4: each cycle keeps the priority and tier it stopped with (records of earlier forms are recomputed once). */
export const RECORD_VERSION = 4;

/** Earlier cycles a record keeps per metric (restarted clocks): the latest ones. */
export const MAX_EARLIER_CYCLES = 3;

export interface StoredMetric {
  readonly name: string;
  readonly kind: 'sla' | 'ola';
  /** Where the mirror puts it for JQL (`response`, `m1`); `null`: searchable through the lists only. */
  readonly propertyKey: string | null;
  readonly state: ClockState;
  /** As of the evaluation; {@link liveStatus} moves it on. */
  readonly status: MetricStatus;
  readonly targetMs: number;
  /**
   * Working time used: by `since` for a running clock, in all for a paused or stopped one. So the
   * record stays the same while nothing happens, and is rewritten only when something does.
   */
  readonly elapsedMs: number;
  /** A running clock: when its current stretch of running began. */
  readonly since: number | null;
  readonly calendar: string;
  readonly dueAt: number | null;
  readonly atRiskAt: number | null;
  readonly breachedAt: number | null;
  readonly stoppedAt: number | null;
  readonly target: string;
  /** When the current cycle started: with the issue and metric, it names the cycle. */
  readonly startedAt: number;
  /** The priority (`""`: none) and tier the current cycle counts under: at its stop once stopped. Absent in records before form 4. */
  readonly priority?: string;
  readonly tier?: Tier;
  /** Finished earlier cycles of a clock that restarted, latest {@link MAX_EARLIER_CYCLES}, oldest first. */
  readonly earlierCycles: readonly EarlierCycle[];
}

export interface EarlierCycle {
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly met: boolean;
  /** The priority (`""`: none) and tier it stopped with; absent in records before form 4. */
  readonly priority?: string;
  readonly tier?: Tier;
}

/** An agreement whose customer the issue's reporter is, and when it holds (`to` exclusive, `null` open-ended). */
export interface RecordAgreement {
  readonly id: string;
  readonly from: number;
  readonly to: number | null;
}

export interface SlaRecord {
  readonly v: number;
  readonly issueId: string;
  readonly issueKey: string;
  readonly project: string;
  readonly summary: string;
  /** When the issue was created. */
  readonly created: number;
  /** Policy id, `""` when no policy covers the issue. */
  readonly policy: string;
  readonly tier: Tier;
  /** `""` when the issue has no priority. */
  readonly priority: string;
  /** Account id, `""` when unassigned. */
  readonly assignee: string;
  readonly assigneeName: string;
  /** The worst metric status as of `evaluatedAt`. */
  readonly status: MetricStatus | 'none';
  /** When the record changes next if nothing happens (at risk, due); {@link NEVER} when not. */
  readonly nextDeadline: number;
  /** When the issue became or becomes at risk or breached; {@link NEVER} when it cannot. */
  readonly alertAt: number;
  /** Whether a metric cycle of the issue has reached an escalation rule's point. */
  readonly escalated: boolean;
  /** Agreements of the issue's customer, in config order: a cycle counts for the first holding when it stops. */
  readonly agreements: readonly RecordAgreement[];
  /** By metric id, in the policy's order. */
  readonly metrics: Readonly<Record<Metric, StoredMetric>>;
  /** Jira's `updated` of the issue as read: a record is never replaced by one read from an older issue. */
  readonly sourceUpdated: number;
  /** The config version it was computed with: a reconcile recomputes records older than the active one. */
  readonly configVersion: number;
  readonly evaluatedAt: number;
}

/** The state of the issue a record is computed from: Jira's `updated`, else its creation. */
export function sourceOf(timeline: Timeline): number {
  return timeline.updated ?? timeline.created;
}

/** Only the title is kept of the summary: the record is not a copy of the issue. */
const MAX_SUMMARY = 200;

/** The record of an evaluation. `configVersion` names the config the evaluation used. */
export function slaRecord(evaluation: IssueEvaluation, timeline: Timeline, configVersion: number): SlaRecord {
  const metrics: Record<Metric, StoredMetric> = {};
  let status: MetricStatus | 'none' = 'none';
  let alertAt = NEVER;
  for (const result of Object.values(evaluation.metrics)) {
    metrics[result.metric] = storedMetric(result, evaluation.evaluatedAt);
    if (SEVERITY.indexOf(result.status) > SEVERITY.indexOf(status)) status = result.status;
    alertAt = Math.min(alertAt, alertInstant(result));
  }
  return {
    v: RECORD_VERSION,
    issueId: timeline.id ?? timeline.key,
    issueKey: timeline.key,
    project: timeline.projectKey,
    summary: timeline.summary.slice(0, MAX_SUMMARY),
    created: timeline.created,
    policy: evaluation.policy?.id ?? '',
    tier: evaluation.tier,
    priority: evaluation.priority ?? '',
    assignee: timeline.assignee ?? '',
    assigneeName: timeline.assigneeName ?? '',
    status,
    nextDeadline: evaluation.nextDeadline ?? NEVER,
    alertAt,
    escalated: evaluation.escalations.some((point) => point.reachedAt !== null),
    agreements: evaluation.customer.map((agreement) => ({ id: agreement.id, from: agreement.validFrom, to: agreement.validTo })),
    metrics,
    sourceUpdated: sourceOf(timeline),
    configVersion,
    evaluatedAt: evaluation.evaluatedAt,
  };
}

function storedMetric(result: MetricResult, evaluatedAt: number): StoredMetric {
  const running = result.state === 'running';
  // Evaluated at the instant its stretch began, a running clock has no interval yet.
  const stretch = running ? (result.explanation.intervals.at(-1) ?? { from: evaluatedAt, workedMs: 0 }) : undefined;
  return {
    name: result.name,
    kind: result.kind,
    propertyKey: result.propertyKey,
    state: result.state,
    status: result.status,
    targetMs: result.targetMs,
    elapsedMs: stretch ? result.elapsedMs - stretch.workedMs : result.elapsedMs,
    since: stretch ? stretch.from : null,
    calendar: result.countingOn,
    dueAt: result.dueAt,
    atRiskAt: result.atRiskAt,
    breachedAt: result.breachedAt,
    stoppedAt: result.stoppedAt,
    target: result.explanation.target,
    startedAt: result.explanation.startedAt,
    priority: result.cyclePriority ?? '',
    tier: result.explanation.tier,
    earlierCycles: result.explanation.previousCycles.slice(-MAX_EARLIER_CYCLES).map((cycle) => ({ startedAt: cycle.from, stoppedAt: cycle.to, met: cycle.breachedAt === null, priority: cycle.priority ?? '', tier: cycle.tier })),
  };
}

/** A metric cycle of an issue, as the record store keeps it: what compliance and statements count. */
export interface RecordCycle {
  readonly issueId: string;
  readonly issueKey: string;
  readonly project: string;
  readonly policy: string;
  readonly priority: string;
  readonly tier: string;
  readonly assignee: string;
  readonly metric: Metric;
  readonly kind: 'sla' | 'ola';
  readonly startedAt: number;
  /** {@link NEVER} while it runs. */
  readonly stoppedAt: number;
  /** `false` while it runs. */
  readonly met: boolean;
  /** The agreement it counts for (the one holding when it stopped, or now while it runs); `""` when none. */
  readonly agreement: string;
}

/** A cycle's key: the issue, the metric and when the cycle started (records of the first forms had one cycle per metric). */
export const cycleKey = (issueId: string, metric: Metric, startedAt: number | undefined) => (startedAt === undefined ? `${issueId}:${metric}` : `${issueId}:${metric}:${startedAt}`);

/**
 * Cycles one record keeps at most, so that its write (record, cycles, failure) fits one
 * transaction: its current cycles first, then its latest earlier ones.
 */
export const MAX_CYCLES_PER_RECORD = 22;

/**
 * The cycles a record implies, by key: each stopped cycle (the current ones and the earlier ones
 * of restarted clocks), and, for a customer with an agreement, each running customer cycle (a
 * statement lists those apart at its close).
 */
export function recordCycles(record: SlaRecord): Map<string, RecordCycle> {
  // Records of an earlier form lack the agreements, kinds and cycle starts.
  const agreements = record.agreements ?? [];
  const base = { issueId: record.issueId, issueKey: record.issueKey, project: record.project, policy: record.policy, priority: record.priority, tier: record.tier, assignee: record.assignee };
  const current: [string, RecordCycle][] = [];
  const earlier: [string, RecordCycle][] = [];
  for (const [metric, stored] of Object.entries(record.metrics)) {
    const kind = stored.kind ?? 'sla';
    const stopped = stored.state === 'stopped' && stored.stoppedAt !== null;
    if (stopped || (agreements.length && kind === 'sla')) {
      const stoppedAt = stopped ? stored.stoppedAt! : NEVER;
      current.push([
        cycleKey(record.issueId, metric, stored.startedAt),
        { ...base, priority: stored.priority ?? base.priority, tier: stored.tier ?? base.tier, metric, kind, startedAt: stored.startedAt ?? 0, stoppedAt, met: stopped && stored.breachedAt === null, agreement: agreementOfCycle({ agreements }, stopped ? stoppedAt : record.evaluatedAt) },
      ]);
    }
    for (const cycle of stored.earlierCycles ?? []) {
      earlier.push([cycleKey(record.issueId, metric, cycle.startedAt), { ...base, priority: cycle.priority ?? base.priority, tier: cycle.tier ?? base.tier, metric, kind, startedAt: cycle.startedAt, stoppedAt: cycle.stoppedAt, met: cycle.met, agreement: agreementOfCycle({ agreements }, cycle.stoppedAt) }]);
    }
  }
  earlier.sort(([, a], [, b]) => b.stoppedAt - a.stoppedAt);
  return new Map([...current, ...earlier].slice(0, MAX_CYCLES_PER_RECORD));
}

/** One metric cycle of an issue, as the record store keeps it. */
export interface StatementCycle {
  /** `issueId:metric:startedAt`: the same cycle keeps its key when it is reopened. */
  readonly key: string;
  readonly issueId: string;
  readonly issueKey: string;
  readonly metric: string;
  readonly priority: string;
  readonly startedAt: number;
  /** `null` while it runs. */
  readonly stoppedAt: number | null;
  /** Whether it stopped within its target; `null` while it runs. */
  readonly met: boolean | null;
}

/** A stored cycle as statements count it. */
export function statementCycle(cycle: RecordCycle): StatementCycle {
  const running = cycle.stoppedAt >= NEVER;
  return { key: cycleKey(cycle.issueId, cycle.metric, cycle.startedAt), issueId: cycle.issueId, issueKey: cycle.issueKey, metric: cycle.metric, priority: cycle.priority, startedAt: cycle.startedAt, stoppedAt: running ? null : cycle.stoppedAt, met: running ? null : cycle.met };
}

/** The agreement a cycle counts for: the first of the record's that holds at `instant`. */
export function agreementOfCycle(record: Pick<SlaRecord, 'agreements'>, instant: number): string {
  return record.agreements.find((agreement) => instant >= agreement.from && (agreement.to === null || instant < agreement.to))?.id ?? '';
}

/** An open clock's alert: when it breached, when it became at risk, or when it will. */
function alertInstant(result: MetricResult): number {
  if (result.state === 'stopped') return NEVER;
  return result.breachedAt ?? result.atRiskSince ?? result.atRiskAt ?? NEVER;
}

const SEVERITY: readonly (MetricStatus | 'none')[] = ['none', 'met', 'met-late', 'on-track', 'paused', 'at-risk', 'breached'];

/** Whether two records say the same (their `evaluatedAt` aside): a recompute writes only when not. */
export function sameRecord(a: SlaRecord | undefined, b: SlaRecord): boolean {
  return !!a && JSON.stringify({ ...a, evaluatedAt: 0 }) === JSON.stringify({ ...b, evaluatedAt: 0 });
}

/** Whether `candidate` may replace `stored`: never one computed from an older issue or an older config. */
export function mayReplace(stored: SlaRecord | undefined, candidate: SlaRecord): boolean {
  return !stored || (candidate.sourceUpdated >= stored.sourceUpdated && candidate.configVersion >= stored.configVersion);
}

export interface LiveFigures {
  readonly status: MetricStatus;
  readonly elapsedMs: number;
  /** Negative once overdue. */
  readonly remainingMs: number;
  readonly breached: boolean;
}

/**
 * A stored metric as it stands at `now`: a running clock gains its calendar's working time since
 * its stretch began and is at risk or breached from the recorded instants on, so a page that shows
 * it agrees with the panel at every instant, between recomputes too. Without its calendar (removed
 * from the config since) a running clock shows what it had used when its stretch began.
 */
export function liveStatus(metric: StoredMetric, calendar: Calendar | undefined, now: number): LiveFigures {
  const breached = metric.breachedAt !== null;
  if (!calendar || metric.since === null) return { status: metric.status, elapsedMs: metric.elapsedMs, remainingMs: metric.targetMs - metric.elapsedMs, breached };
  return liveMetric({ ...metric, breached }, calendar, metric.since, now);
}

/** The issue property Jira indexes for JQL: a mirror of the record, in the documented shape. */
export function mirrorOf(record: SlaRecord): SlaProperty {
  const families: Record<string, MetricRecord> = {};
  const breachedMetrics: string[] = [];
  const atRiskMetrics: string[] = [];
  const metricStatus: string[] = [];
  for (const [id, stored] of Object.entries(record.metrics)) {
    const isBreached = stored.breachedAt !== null;
    const isAtRisk = stored.status === 'at-risk';
    if (isBreached) breachedMetrics.push(id);
    if (isAtRisk) atRiskMetrics.push(id);
    metricStatus.push(`${id}:${stored.status}`);
    if (stored.propertyKey === null) continue;
    families[stored.propertyKey] = compact({
      id,
      status: stored.status,
      breached: isBreached ? 'true' : 'false',
      atRisk: isAtRisk ? 'true' : 'false',
      targetMs: stored.targetMs,
      calendar: stored.calendar,
      dueAt: iso(stored.dueAt),
      breachedAt: iso(stored.breachedAt),
      stoppedAt: iso(stored.stoppedAt),
      elapsedMs: stored.state === 'running' ? undefined : stored.elapsedMs,
    }) as unknown as MetricRecord;
  }
  const next = record.nextDeadline === NEVER ? {} : { nextDeadline: iso(record.nextDeadline)!, nextDeadlineMs: record.nextDeadline };
  return {
    v: SLA_PROPERTY_VERSION,
    policy: record.policy || null,
    tier: record.tier,
    priority: record.priority || null,
    status: record.status,
    breached: breachedMetrics.length ? 'true' : 'false',
    atRisk: atRiskMetrics.length ? 'true' : 'false',
    breachedMetrics,
    atRiskMetrics,
    metricStatus,
    ...families,
    ...next,
    evaluatedAt: new Date(record.evaluatedAt).toISOString(),
  };
}

const iso = (instant: number | null) => (instant === null ? undefined : new Date(instant).toISOString());
const compact = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
