/**
 * An issue's SLA as of an instant: which policy applies, the reporter's tier, and per metric where
 * its clock stands, when it is due, whether it is at risk or breached, and why.
 */
import { runClock, type ClockState } from './clock';
import { formatDuration } from './duration';
import { METRICS, reporterTier, selectPolicy, type CompiledConfig, type Metric, type Policy, type Tier } from './policy';
import type { Timeline } from './timeline';
import { addWorkingTime } from './working-time';

/** What an agent sees on the lozenge. */
export type MetricStatus = 'on-track' | 'at-risk' | 'breached' | 'paused' | 'met' | 'met-late';

export interface IntervalExplanation {
  readonly state: 'running' | 'paused';
  readonly from: string;
  readonly to: string;
  readonly priority: string | null;
  readonly workedMs: number;
}

export interface MetricExplanation {
  readonly policy: { readonly id: string; readonly name: string };
  readonly priority: string;
  readonly tier: Tier;
  /** As written in the matrix, e.g. `"30m"`. */
  readonly target: string;
  readonly calendar: { readonly id: string; readonly name: string; readonly timeZone: string };
  /** E.g. `"High × VIP → 30m response on Berlin office hours"`. */
  readonly summary: string;
  readonly stopReason: string | null;
  readonly intervals: readonly IntervalExplanation[];
  readonly previousCycles: readonly {
    readonly from: string;
    readonly to: string;
    readonly elapsedMs: number;
    readonly targetMs: number | null;
    readonly breachedAt: string | null;
  }[];
  readonly notes: readonly string[];
}

export interface MetricResult {
  readonly metric: Metric;
  readonly state: ClockState;
  readonly status: MetricStatus;
  readonly breached: boolean;
  readonly targetMs: number;
  readonly elapsedMs: number;
  /** Negative once breached. */
  readonly remainingMs: number;
  /** When a running, unbreached clock runs out; `null` otherwise. */
  readonly dueAt: string | null;
  readonly breachedAt: string | null;
  readonly atRisk: boolean;
  /** When a running clock that is not yet at risk becomes so; `null` otherwise. */
  readonly atRiskAt: string | null;
  readonly stoppedAt: string | null;
  readonly explanation: MetricExplanation;
}

export interface IssueEvaluation {
  readonly issue: string;
  readonly summary: string;
  readonly policy: { readonly id: string; readonly name: string } | null;
  readonly tier: Tier;
  readonly priority: string | null;
  readonly metrics: Readonly<Record<Metric, MetricResult | null>>;
  /** The earliest instant at which a metric becomes at risk or breached if nothing happens. */
  readonly nextDeadline: string | null;
  /** Why a metric has no result (no policy, no target for the priority). */
  readonly notes: readonly string[];
  readonly evaluatedAt: string;
}

export interface EvaluationContext {
  readonly now: number;
  /** Group names of the reporter (from Jira); VIP by group needs them. */
  readonly reporterGroups?: readonly string[];
}

const TIER_LABEL: Record<Tier, string> = { vip: 'VIP', standard: 'standard' };
const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

/** Evaluates an issue's timeline against the config as of `context.now`. */
export function evaluateIssue(timeline: Timeline, config: CompiledConfig, context: EvaluationContext): IssueEvaluation {
  const policy = selectPolicy(config, timeline);
  const tier = reporterTier(config, timeline.reporter, context.reporterGroups ?? []);
  const base = {
    issue: timeline.key,
    summary: timeline.summary,
    tier,
    priority: timeline.current.priority,
    evaluatedAt: new Date(context.now).toISOString(),
  };
  if (!policy) {
    return {
      ...base,
      policy: null,
      metrics: { response: null, resolution: null },
      nextDeadline: null,
      notes: [`No policy covers project ${timeline.projectKey} and issue type ${timeline.issueType}`],
    };
  }
  const notes: string[] = [];
  const metrics = {} as Record<Metric, MetricResult | null>;
  for (const metric of METRICS) {
    metrics[metric] = evaluateMetric(timeline, policy, metric, tier, context.now);
    if (!metrics[metric]) notes.push(`Policy "${policy.name}" has no ${metric} target for priority ${timeline.current.priority ?? '(none)'}`);
  }
  const deadlines = METRICS.flatMap((metric) => [metrics[metric]?.atRiskAt, metrics[metric]?.dueAt]).filter((at): at is string => !!at);
  return {
    ...base,
    policy: { id: policy.id, name: policy.name },
    metrics,
    nextDeadline: deadlines.length ? deadlines.reduce((a, b) => (a < b ? a : b)) : null,
    notes,
  };
}

function evaluateMetric(timeline: Timeline, policy: Policy, metric: Metric, tier: Tier, now: number): MetricResult | null {
  const run = runClock(timeline, policy, metric, tier, now);
  const target = run.target;
  if (!target) return null;
  const remainingMs = target.ms - run.elapsedMs;
  const breached = run.breachedAt !== null;
  const warnMs = Math.ceil((target.ms * policy.warnAtPercent) / 100);
  const open = run.state !== 'stopped';
  const atRisk = open && !breached && run.elapsedMs >= warnMs;
  const running = run.state === 'running';
  const status: MetricStatus = !open ? (breached ? 'met-late' : 'met') : breached ? 'breached' : run.state === 'paused' ? 'paused' : atRisk ? 'at-risk' : 'on-track';
  const notes = run.priorityChanges.map(
    (change) =>
      `${new Date(change.at).toISOString()}: priority ${change.from ?? '(none)'} → ${change.to ?? '(none)'}; the target follows the current priority and elapsed time is kept`,
  );
  return {
    metric,
    state: run.state,
    status,
    breached,
    targetMs: target.ms,
    elapsedMs: run.elapsedMs,
    remainingMs,
    dueAt: running && !breached ? iso(addWorkingTime(target.calendar, now, remainingMs)) : null,
    breachedAt: iso(run.breachedAt),
    atRisk,
    atRiskAt: running && !breached && !atRisk ? iso(addWorkingTime(target.calendar, now, warnMs - run.elapsedMs)) : null,
    stoppedAt: iso(run.stoppedAt),
    explanation: {
      policy: { id: policy.id, name: policy.name },
      priority: target.priority,
      tier,
      target: target.text,
      calendar: { id: target.calendar.id, name: target.calendar.name, timeZone: target.calendar.timeZone },
      summary: `${target.priority} × ${TIER_LABEL[tier]} → ${formatDuration(target.ms)} ${metric} on ${target.calendar.name}`,
      stopReason: run.stopReason,
      intervals: run.intervals.map((interval) => ({ ...interval, from: iso(interval.from)!, to: iso(interval.to)! })),
      previousCycles: run.previousCycles.map((cycle) => ({ ...cycle, from: iso(cycle.from)!, to: iso(cycle.to)!, breachedAt: iso(cycle.breachedAt) })),
      notes,
    },
  };
}
