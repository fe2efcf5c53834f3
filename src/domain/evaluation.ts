/**
 * An issue's SLA as of an instant: which policy applies, the reporter's tier, and per metric where
 * its clock stands, when it is due, whether it is at risk or breached, and why.
 *
 * Instants are epoch milliseconds (fields ending in `At`, and `from`/`to`); {@link evaluationJson}
 * writes them as ISO strings for JSON consumers.
 */
import type { Calendar } from './calendar';
import { runClock, type ClockCycle, type ClockInterval, type ClockState, type PriorityChange } from './clock';
import { METRICS, reporterTier, selectPolicy, type CompiledConfig, type Metric, type Policy, type Tier } from './policy';
import type { Timeline } from './timeline';
import { addWorkingTime } from './working-time';

/** What an agent sees on the lozenge. */
export type MetricStatus = 'on-track' | 'at-risk' | 'breached' | 'paused' | 'met' | 'met-late';


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
  /** A paused clock: the status that pauses it. */
  readonly pausedBy: string | null;
  readonly intervals: readonly ClockInterval[];
  readonly previousCycles: readonly ClockCycle[];
  /** The target follows the current priority and elapsed time is kept across these. */
  readonly priorityChanges: readonly PriorityChange[];
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
  /**
   * When a running, unbreached clock runs out (its elapsed time reaches the target): ahead, or
   * already passed when it ran out at closing time and no working time has passed since; `null` otherwise.
   */
  readonly dueAt: number | null;
  /** When a running, unbreached clock becomes breached: one millisecond of working time after it runs out. */
  readonly breachesAt: number | null;
  readonly breachedAt: number | null;
  readonly atRisk: boolean;
  /** When a running clock that is not yet at risk becomes so; `null` otherwise. */
  readonly atRiskAt: number | null;
  /** When an at-risk clock reached its warning threshold; `null` otherwise. */
  readonly atRiskSince: number | null;
  readonly stoppedAt: number | null;
  readonly explanation: MetricExplanation;
}

export interface IssueEvaluation {
  readonly issue: string;
  readonly summary: string;
  readonly policy: { readonly id: string; readonly name: string } | null;
  readonly tier: Tier;
  readonly priority: string | null;
  readonly metrics: Readonly<Record<Metric, MetricResult | null>>;
  /** The earliest instant after `evaluatedAt` at which a metric becomes at risk or breached if nothing happens. */
  readonly nextDeadline: number | null;
  /** Why a metric has no result (no policy, no target for the priority). */
  readonly notes: readonly string[];
  readonly evaluatedAt: number;
}

export interface EvaluationContext {
  readonly now: number;
  /** Group names of the reporter (from Jira); VIP by group needs them. */
  readonly reporterGroups?: readonly string[];
}


/** Evaluates an issue's timeline against the config as of `context.now`. */
export function evaluateIssue(timeline: Timeline, config: CompiledConfig, context: EvaluationContext): IssueEvaluation {
  const policy = selectPolicy(config, timeline);
  const tier = reporterTier(config, timeline.reporter, context.reporterGroups ?? []);
  const notes: string[] = [];
  let metrics: Record<Metric, MetricResult | null> = { response: null, resolution: null };
  let nextDeadline: number | null = null;
  if (!policy) {
    notes.push(`No policy covers project ${timeline.projectKey} and issue type ${timeline.issueType}`);
  } else {
    metrics = {
      response: evaluateMetric(timeline, policy, 'response', tier, context.now),
      resolution: evaluateMetric(timeline, policy, 'resolution', tier, context.now),
    };
    for (const metric of METRICS) {
      const result = metrics[metric];
      if (!result) notes.push(`Policy "${policy.name}" has no ${metric} target for priority ${timeline.current.priority ?? '(none)'}`);
      nextDeadline = earliest(earliest(nextDeadline, result?.atRiskAt ?? null), result?.breachesAt ?? null);
    }
  }
  return {
    issue: timeline.key,
    summary: timeline.summary,
    policy: policy ? { id: policy.id, name: policy.name } : null,
    tier,
    priority: timeline.current.priority,
    metrics,
    nextDeadline,
    notes,
    evaluatedAt: context.now,
  };
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

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
  return {
    metric,
    state: run.state,
    status,
    breached,
    targetMs: target.ms,
    elapsedMs: run.elapsedMs,
    remainingMs,
    dueAt: running && !breached ? (remainingMs > 0 ? addWorkingTime(target.calendar, now, remainingMs) : (run.ranOutAt ?? now)) : null,
    breachesAt: running && !breached ? addWorkingTime(target.calendar, now, remainingMs + 1) : null,
    breachedAt: run.breachedAt,
    atRisk,
    atRiskAt: running && !breached && !atRisk ? addWorkingTime(target.calendar, now, warnMs - run.elapsedMs) : null,
    atRiskSince: atRisk ? reachedAt(run.intervals, warnMs, target.calendar) : null,
    stoppedAt: run.stoppedAt,
    explanation: {
      policy: { id: policy.id, name: policy.name },
      priority: target.priority,
      tier,
      target: target.text,
      calendar: { id: target.calendar.id, name: target.calendar.name, timeZone: target.calendar.timeZone },
      summary: target.summary,
      stopReason: run.stopReason,
      pausedBy: run.state === 'paused' ? run.status : null,
      intervals: run.intervals,
      previousCycles: run.previousCycles,
      priorityChanges: run.priorityChanges,
    },
  };
}

/** When the working time of `intervals` reached `ms` (on `calendar` within the interval it did). */
function reachedAt(intervals: readonly ClockInterval[], ms: number, calendar: Calendar): number | null {
  let worked = 0;
  for (const interval of intervals) {
    if (worked + interval.workedMs >= ms) return addWorkingTime(calendar, interval.from, Math.max(0, ms - worked));
    worked += interval.workedMs;
  }
  return null;
}

/** Keys whose numbers are instants; everything else numeric is a duration or a count. */
const INSTANT_KEYS = new Set(['dueAt', 'breachesAt', 'breachedAt', 'atRiskAt', 'atRiskSince', 'stoppedAt', 'nextDeadline', 'evaluatedAt', 'from', 'to', 'at']);

/** `T` with its instants written as ISO strings. */
export type WithIsoInstants<T> = T extends readonly (infer U)[]
  ? WithIsoInstants<U>[]
  : T extends object
    ? { [K in keyof T]: K extends string ? (K extends `${string}At` | 'nextDeadline' | 'from' | 'to' | 'at' ? Exclude<T[K], number> | (number extends T[K] ? string : never) : WithIsoInstants<T[K]>) : T[K] }
    : T;

export type IssueEvaluationJson = WithIsoInstants<IssueEvaluation>;

/** The evaluation as the CLI prints it and JSON consumers read it: instants as ISO strings. */
export function evaluationJson(evaluation: IssueEvaluation): IssueEvaluationJson {
  return withIsoInstants(evaluation) as IssueEvaluationJson;
}

function withIsoInstants(value: unknown, key = ''): unknown {
  if (typeof value === 'number' && INSTANT_KEYS.has(key)) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map((item) => withIsoInstants(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIsoInstants(v, k)]));
  }
  return value;
}
