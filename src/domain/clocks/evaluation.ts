/**
 * An issue's SLA as of an instant: which policy applies, the reporter's tier, and per metric where
 * its clock stands, when it is due, whether it is at risk or breached, and why.
 *
 * Instants are epoch milliseconds (fields ending in `At`, and `from`/`to`); {@link evaluationJson}
 * writes them as ISO strings for JSON consumers.
 */
import type { Calendar } from '../time/calendar';
import { runClocks, type ClockRun, type ClockInterval, type TierChange } from './clock';
import { STATUS_CATEGORIES, type StatusCategory } from '../config/conditions';
import { selectPolicy, tierName, type CompiledConfig, type CompiledMetric, type Metric, type Policy } from './policy';
import { escalationPoints } from './escalation-points';
import type { CustomerAgreement, EscalationPoint, IssueEvaluation, MetricResult, MetricStatus } from './results';
import { agreementAt } from '../config/agreement';
import { decideTier, type TierFacts } from '../config/tiers';
import { fieldValuesAt, type Timeline } from './timeline';
import { addWorkingTime } from '../time/working-time';

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
    countingOn: run.calendar.id,
    cyclePriority: run.cyclePriority,
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
