/**
 * An issue's SLA as of an instant: which policy applies, the reporter's tier, and per metric where
 * its clock stands, when it is due, whether it is at risk or breached, and why.
 *
 * Instants are epoch milliseconds (fields ending in `At`, and `from`/`to`); {@link evaluationJson}
 * writes them as ISO strings for JSON consumers.
 */
import type { Calendar } from './calendar';
import { runClocks, type ClockCycle, type ClockRun, type ClockInterval, type ClockState, type PriorityChange, type TierChange } from './clock';
import { STATUS_CATEGORIES, type StatusCategory } from './conditions';
import { selectPolicy, tierName, type CompiledConfig, type CompiledMetric, type Metric, type Policy, type Tier } from './policy';
import { escalationPoints, type EscalationPoint } from './escalations';
import { agreementAt } from './agreement';
import { decideTier, type TierFacts } from './tiers';
import { fieldValuesAt, type Timeline } from './timeline';
import { addWorkingTime } from './working-time';

/** What an agent sees on the lozenge. */
export type MetricStatus = 'on-track' | 'at-risk' | 'breached' | 'paused' | 'met' | 'met-late';


export interface MetricExplanation {
  readonly policy: { readonly id: string; readonly name: string };
  /** The priority row the target comes from (`*` for every other priority). */
  readonly priority: string;
  readonly tier: Tier;
  readonly tierName: string;
  /** As written in the matrix, e.g. `"30m"`. */
  readonly target: string;
  readonly calendar: { readonly id: string; readonly name: string; readonly timeZone: string };
  /** E.g. `"High × VIP → 30m response on Berlin office hours"`. */
  readonly summary: string;
  readonly stopReason: string | null;
  /** When the current cycle started. */
  readonly startedAt: number;
  /** A paused clock: the status that pauses it. */
  readonly pausedBy: string | null;
  readonly intervals: readonly ClockInterval[];
  readonly previousCycles: readonly ClockCycle[];
  /** The target follows the current priority and elapsed time is kept across these. */
  readonly priorityChanges: readonly PriorityChange[];
}

export interface MetricResult {
  readonly metric: Metric;
  readonly name: string;
  /** `ola`: an internal team's clock. */
  readonly kind: 'sla' | 'ola';
  /** Its family in the mirrored issue property, for JQL (`response`, `m1`); `null` when none. */
  readonly propertyKey: string | null;
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
  /** The reporter's tier now; each metric's explanation names the tier its target is for. */
  readonly tier: Tier;
  readonly tierName: string;
  /** Why the reporter is in the tier: `member of group "vip-customers"`, `default tier`. */
  readonly tierReason: string;
  /** The tier from each instant on; more than one entry when a reporter or field change moved it. */
  readonly tierChanges: readonly TierChange[];
  /** The agreements whose customer the issue's reporter is now (a cycle counts for the one holding when it stops). */
  readonly customer: readonly CustomerAgreement[];
  readonly priority: string | null;
  /** By metric id, in the policy's order: the metrics whose clock has started and that have a target. */
  readonly metrics: Readonly<Record<Metric, MetricResult>>;
  /** Where each escalation rule's point lies on each metric cycle it applies to: reached, or ahead. */
  readonly escalations: readonly EscalationPoint[];
  /**
   * The earliest instant after `evaluatedAt` at which a metric becomes at risk or breached, or an
   * escalation point is reached, if nothing happens.
   */
  readonly nextDeadline: number | null;
  /** Why a metric has no result (no policy, no target for the priority). */
  readonly notes: readonly string[];
  readonly evaluatedAt: number;
}

/** An agreement whose customer an issue's reporter is, with why and when the agreement holds. */
export interface CustomerAgreement {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
  readonly reason: string;
  readonly validFrom: number;
  readonly validTo: number | null;
}

export interface EvaluationContext {
  readonly now: number;
  /** Group names of the reporter (from Jira); tiers by group need them. */
  readonly reporterGroups?: readonly string[];
  /** Group names of earlier reporters, by account id (a reporter change re-decides the tier). */
  readonly groupsByAccount?: Readonly<Record<string, readonly string[]>>;
  /** Status name (any case) -> Jira status category, for conditions on categories. */
  readonly statusCategories?: Readonly<Record<string, string>>;
  /** The custom field holding Jira Service Management organizations (see README). */
  readonly organizationsField?: string;
}

/** Where Jira Cloud keeps a service project's organizations unless the site says otherwise. */
export const DEFAULT_ORGANIZATIONS_FIELD = 'customfield_10002';


/** Evaluates an issue's timeline against the config as of `context.now`. */
export function evaluateIssue(timeline: Timeline, config: CompiledConfig, context: EvaluationContext): IssueEvaluation {
  const policy = selectPolicy(config, timeline);
  const { track: tierChanges, customer } = tierTrack(timeline, config, context);
  const tier = tierChanges.at(-1)!;
  const notes: string[] = [];
  const metrics: Record<Metric, MetricResult> = {};
  let nextDeadline: number | null = null;
  if (!policy) {
    notes.push(`No policy covers project ${timeline.projectKey} and issue type ${timeline.issueType}`);
  } else {
    const runs = runClocks(timeline, policy.metrics, tierChanges, context.now, categories(timeline, context));
    for (const [i, metric] of policy.metrics.entries()) {
      const result = evaluateMetric(runs[i], policy, metric, context.now, config);
      if (typeof result === 'string') notes.push(result);
      else {
        metrics[metric.id] = result;
        nextDeadline = earliest(earliest(nextDeadline, result.atRiskAt), result.breachesAt);
      }
    }
  }
  const evaluation = {
    issue: timeline.key,
    summary: timeline.summary,
    policy: policy ? { id: policy.id, name: policy.name } : null,
    tier: tier.tier,
    tierName: tierName(config, tier.tier),
    tierReason: tier.reason,
    tierChanges,
    customer,
    priority: timeline.current.priority,
    metrics,
    escalations: [] as EscalationPoint[],
    nextDeadline,
    notes,
    evaluatedAt: context.now,
  };
  if (!policy?.escalations.length) return evaluation;
  const escalations = escalationPoints(evaluation, policy.escalations, config.calendars);
  for (const point of escalations) nextDeadline = earliest(nextDeadline, point.dueAt);
  return { ...evaluation, escalations, nextDeadline };
}

/**
 * The reporter's tier at creation, and again at each change of the reporter or of a field the
 * rules read (an agreement holding at that instant gives its tier first); and the customer
 * agreements the latest facts match.
 */
function tierTrack(timeline: Timeline, config: CompiledConfig, context: EvaluationContext): { track: TierChange[]; customer: CustomerAgreement[] } {
  const organizationsField = config.needs.organizations ? (context.organizationsField ?? DEFAULT_ORGANIZATIONS_FIELD) : null;
  const watched = new Set([...(organizationsField ? [organizationsField] : []), ...config.tierFields]);
  const factsAt = (at: number, reporter: string | null): TierFacts => ({
    accountId: reporter,
    groups: reporter === timeline.reporter ? (context.reporterGroups ?? []) : reporter === null ? [] : (context.groupsByAccount?.[reporter] ?? []),
    emailAddress: reporter === timeline.reporter ? timeline.reporterEmail : null,
    organizations: organizationsField ? fieldValuesAt(timeline, organizationsField, at) : [],
    fields: config.tierFields.length ? Object.fromEntries(config.tierFields.map((field) => [field, fieldValuesAt(timeline, field, at)])) : {},
  });
  let facts: TierFacts | undefined;
  const decide = (at: number, reporter: string | null): TierChange => {
    facts = factsAt(at, reporter);
    const customer = agreementAt(config.agreements, facts, at);
    if (customer?.agreement.tier) return { at, tier: customer.agreement.tier, reason: `agreement "${customer.agreement.name}": ${customer.reason}` };
    const { tier, reason } = decideTier(config.tiers, facts);
    return { at, tier: tier.id, reason };
  };
  const track = [decide(timeline.created, timeline.initial.reporter)];
  let reporter = timeline.initial.reporter;
  let last: TierChange | undefined;
  for (const event of timeline.events) {
    if (event.kind === 'reporter') reporter = event.to;
    else if (!(event.kind === 'field' && watched.has(event.field))) continue;
    last = decide(event.at, reporter);
    if (last.tier !== track.at(-1)!.tier) track.push(last);
  }
  // The latest reason, for the panel's "why", even when the tier stayed the same.
  if (last) track[track.length - 1] = { ...track.at(-1)!, reason: last.reason };
  return { track, customer: config.agreements.length ? customerOf(config, facts!) : [] };
}

/** The agreements whose customer the issue's latest facts describe, whatever their validity. */
function customerOf(config: CompiledConfig, facts: TierFacts): CustomerAgreement[] {
  return config.agreements.flatMap((agreement) => {
    const reason = agreement.test(facts);
    return reason === null ? [] : [{ id: agreement.id, name: agreement.name, customer: agreement.customer, reason, validFrom: agreement.validFrom, validTo: agreement.validTo }];
  });
}

/** Status categories: the site's (from the context), and the current status's as the issue reports it. */
function categories(timeline: Timeline, context: EvaluationContext): (status: string) => StatusCategory | undefined {
  let known: Map<string, StatusCategory> | undefined;
  const add = (name: string, category: string | null | undefined) => {
    if (category && (STATUS_CATEGORIES as readonly string[]).includes(category)) known!.set(name.toLowerCase(), category as StatusCategory);
  };
  // Built when a condition first asks: most configs name no category.
  return (status) => {
    if (!known) {
      known = new Map();
      for (const [name, category] of Object.entries(context.statusCategories ?? {})) add(name, category);
      add(timeline.current.status, timeline.statusCategory);
    }
    return known.get(status.toLowerCase());
  };
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** A metric's result, or why it has none (its clock has not started, no target applies). */
function evaluateMetric(run: ClockRun | undefined, policy: Policy, metric: CompiledMetric, now: number, config: CompiledConfig): MetricResult | string {
  if (!run) return `${metric.name} has not started`;
  const target = run.target;
  if (!target) return `${metric.name}: policy "${policy.name}" has no target for priority ${run.priority ?? '(none)'} and tier ${tierName(config, run.tier)}`;
  const remainingMs = target.ms - run.elapsedMs;
  const breached = run.breachedAt !== null;
  const warnMs = Math.ceil((target.ms * metric.warnAtPercent) / 100);
  const open = run.state !== 'stopped';
  const atRisk = open && !breached && run.elapsedMs >= warnMs;
  const running = run.state === 'running';
  const status: MetricStatus = !open ? (breached ? 'met-late' : 'met') : breached ? 'breached' : run.state === 'paused' ? 'paused' : atRisk ? 'at-risk' : 'on-track';
  return {
    metric: metric.id,
    name: metric.name,
    kind: metric.kind,
    propertyKey: metric.propertyKey,
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
      tier: target.tier,
      tierName: tierName(config, target.tier),
      target: target.text,
      calendar: { id: target.calendar.id, name: target.calendar.name, timeZone: target.calendar.timeZone },
      summary: target.summary,
      stopReason: run.stopReason,
      startedAt: run.startedAt,
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
const INSTANT_KEYS = new Set(['startedAt', 'cycleStartedAt', 'reachedAt', 'firedAt', 'dueAt', 'breachesAt', 'breachedAt', 'atRiskAt', 'atRiskSince', 'stoppedAt', 'nextDeadline', 'evaluatedAt', 'from', 'to', 'at']);

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
