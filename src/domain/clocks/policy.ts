/**
 * Policies compiled for evaluation: which policy applies to an issue, its metrics with their
 * conditions, the customer tiers, and which target (duration and calendar) a priority and tier get.
 */
import { compileCalendar, type Calendar } from '../time/calendar';
import { describeCondition, type Condition } from '../config/conditions';
import { compileCondition, EVENT_KIND_BIT, eventKindsOf, statusSet, type EventTest, type StatusSet, type StatusSets } from './condition-tests';
import type { Config, MetricConfig, PolicyConfig } from '../config/schema';
import { ANY_PRIORITY, NO_TARGET } from '../config/parts';
import { durationMs, formatDuration } from '../time/duration';
import type { EscalationRule } from '../config/escalation-rules';
import { propertyKeys } from '../config/property-families';
import { compileAgreement, type CompiledAgreement } from '../config/agreement';
import { compileTier, type CompiledTier, type TierRule } from '../config/tiers';

/** A metric id (`response`, `resolution`, or one an admin defines). */
export type Metric = string;
/** A tier id (`vip`, `standard`, or one an admin defines). */
export type Tier = string;

/** One cell of a target matrix, resolved: the duration in milliseconds and the calendar it runs on. */
export interface Target {
  readonly priority: string;
  readonly tier: Tier;
  readonly ms: number;
  /** As written in the config, for explanations. */
  readonly text: string;
  readonly calendar: Calendar;
  /** `"High × VIP → 30m Time to first response on Berlin office hours"` */
  readonly summary: string;
}

export interface CompiledMetric {
  readonly id: string;
  readonly name: string;
  /** `ola`: an internal team's clock, shown to agents only and reported apart. */
  readonly kind: 'sla' | 'ola';
  readonly start: readonly { test: EventTest; reason: string }[];
  readonly stop: readonly { test: EventTest; reason: string }[];
  readonly pause: StatusSet;
  readonly onRestart: 'continue' | 'restart';
  /** The kinds of event its start conditions can meet, as a mask of {@link EVENT_KIND_BIT}. */
  readonly startKinds: number;
  /** The kinds of event its stop conditions can meet, likewise. */
  readonly stopKinds: number;
  readonly calendar: Calendar;
  readonly warnAtPercent: number;
  /** Its family in the mirrored issue property (`response`, `m1`); `null` when the families ran out. */
  readonly propertyKey: string | null;
  /** Priority (or `*`) -> tier -> target; `null` is an explicit "no target". */
  readonly targets: ReadonlyMap<string, ReadonlyMap<Tier, Target | null>>;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly projects: ReadonlySet<string>;
  /** `null`: no condition on it. */
  readonly issueTypes: ReadonlySet<string> | null;
  readonly requestTypes: ReadonlySet<string> | null;
  readonly labels: ReadonlySet<string> | null;
  readonly components: ReadonlySet<string> | null;
  readonly field: { readonly id: string; readonly values: ReadonlySet<string> } | null;
  readonly calendar: Calendar;
  readonly warnAtPercent: number;
  readonly metrics: readonly CompiledMetric[];
  readonly escalations: readonly EscalationRule[];
}

export interface CompiledConfig {
  readonly calendars: ReadonlyMap<string, Calendar>;
  readonly policies: readonly Policy[];
  /** Ordered: the first whose rules hold decides; the last is the default. */
  readonly tiers: readonly CompiledTier[];
  /** Customer agreements, in config order: the first whose customer and validity hold applies. */
  readonly agreements: readonly CompiledAgreement[];
  /** Custom fields the tier and customer rules read, besides organizations. */
  readonly tierFields: readonly string[];
  /** Whether a tier or customer rule reads group membership (only then are reporters' groups asked of Jira). */
  readonly tiersByGroup: boolean;
  /** The groups tier and customer rules name, lower-cased: of a reporter's groups only these matter. */
  readonly ruleGroups: ReadonlySet<string>;
  /** What else the config needs to know of the site: only then is Jira asked. */
  readonly needs: {
    readonly statusCategories: boolean;
    readonly organizations: boolean;
    readonly requestTypes: boolean;
    /** Custom fields the tier rules and scopes read: asked for with every issue. */
    readonly fields: readonly string[];
  };
}

export const DEFAULT_WARN_AT_PERCENT = 75;

/** Compiles a validated config (see `validateConfig`); throws on dangling references. */
export function compileConfig(config: Config): CompiledConfig {
  const calendars = new Map(config.calendars.map((spec) => [spec.id, compileCalendar(spec)]));
  const calendarById = (id: string): Calendar => {
    const calendar = calendars.get(id);
    if (!calendar) throw new RangeError(`Unknown calendar "${id}"`);
    return calendar;
  };
  const tierNames = new Map(config.tiers.map((tier) => [tier.id, tier.name]));
  const fallback = config.tiers.at(-1)!.id;
  const keys = propertyKeys(config.policies.flatMap((policy) => policy.metrics.map((metric) => metric.id)));
  const context: MetricContext = { calendarById, tierNames, fallback, keys, statusSets: new Map() };
  const agreements = config.agreements ?? [];
  const customerRules: TierRule[] = [...config.tiers.flatMap((tier) => tier.rules ?? []), ...agreements.flatMap((agreement) => agreement.customer.rules)];
  const tierFields = [...new Set(customerRules.flatMap((rule) => (rule.field ? [rule.field] : [])))];
  return {
    calendars,
    policies: config.policies.map((policy) => compilePolicy(policy, context)),
    tiers: config.tiers.map(compileTier),
    agreements: agreements.map(compileAgreement),
    needs: {
      statusCategories: config.policies.some((policy) => policy.metrics.some((metric) => [...metric.start, ...metric.stop, ...(metric.pause ? [metric.pause] : [])].some((condition) => 'category' in condition && condition.category !== undefined))),
      organizations: customerRules.some((rule) => rule.organizations !== undefined),
      requestTypes: config.policies.some((policy) => policy.scope.requestTypes !== undefined),
      fields: [...new Set([...tierFields, ...config.policies.flatMap((policy) => (policy.scope.field ? [policy.scope.field.id] : []))])],
    },
    tiersByGroup: customerRules.some((rule) => rule.groups !== undefined),
    ruleGroups: new Set(customerRules.flatMap((rule) => rule.groups ?? []).map((group) => group.toLowerCase())),
    tierFields,
  };
}

const setOf = (values: readonly string[] | undefined) => (values ? new Set(values) : null);

interface MetricContext {
  readonly calendarById: (id: string) => Calendar;
  readonly tierNames: ReadonlyMap<string, string>;
  /** The default tier: a cell that leaves a tier out gives it this tier's target. */
  readonly fallback: Tier;
  readonly keys: ReadonlyMap<string, string>;
  readonly statusSets: StatusSets;
}

function compilePolicy(policy: PolicyConfig, context: MetricContext): Policy {
  const calendar = context.calendarById(policy.calendar);
  const warnAtPercent = policy.warnAtPercent ?? DEFAULT_WARN_AT_PERCENT;
  return {
    id: policy.id,
    name: policy.name,
    projects: new Set(policy.scope.projects),
    issueTypes: setOf(policy.scope.issueTypes),
    requestTypes: setOf(policy.scope.requestTypes),
    labels: setOf(policy.scope.labels),
    components: setOf(policy.scope.components),
    field: policy.scope.field ? { id: policy.scope.field.id, values: new Set(policy.scope.field.values) } : null,
    calendar,
    warnAtPercent,
    metrics: policy.metrics.map((metric) => compileMetric(metric, metric.calendar ? context.calendarById(metric.calendar) : calendar, warnAtPercent, context)),
    escalations: policy.escalations ?? [],
  };
}

function compileMetric(metric: MetricConfig, calendar: Calendar, policyWarnAt: number, { calendarById, tierNames, fallback, keys, statusSets }: MetricContext): CompiledMetric {
  const conditions = (list: MetricConfig['start']) => list.map((condition) => ({ test: compileCondition(condition, statusSets), reason: describeCondition(condition) }));
  const targets = new Map(
    Object.entries(metric.targets).map(([priority, cell]) => {
      const cellCalendar = cell.calendar ? calendarById(cell.calendar) : calendar;
      const row = new Map<Tier, Target | null>();
      for (const tier of tierNames.keys()) {
        const text = Object.hasOwn(cell, tier) ? cell[tier] : cell[fallback];
        if (text === undefined || text === NO_TARGET) {
          row.set(tier, null);
          continue;
        }
        const ms = durationMs(text);
        const label = priority === ANY_PRIORITY ? 'Any priority' : priority;
        const summary = `${label} × ${tierNames.get(tier)} → ${formatDuration(ms)} ${metric.name} on ${cellCalendar.name}`;
        row.set(tier, { priority, tier, ms, text, calendar: cellCalendar, summary });
      }
      return [priority, row] as const;
    }),
  );
  return {
    id: metric.id,
    name: metric.name,
    kind: metric.kind ?? 'sla',
    start: conditions(metric.start),
    stop: conditions(metric.stop),
    pause: statusSet(metric.pause, statusSets),
    onRestart: metric.onRestart ?? 'continue',
    startKinds: kindMask(metric.start),
    stopKinds: kindMask(metric.stop),
    calendar,
    warnAtPercent: metric.warnAtPercent ?? policyWarnAt,
    propertyKey: keys.get(metric.id) ?? null,
    targets,
  };
}

const kindMask = (conditions: readonly Condition[]) => conditions.flatMap(eventKindsOf).reduce((mask, kind) => mask | EVENT_KIND_BIT[kind], 0);

/** The issue as policies scope it: its current project, type and fields. */
export interface ScopedIssue {
  readonly projectKey: string;
  readonly issueType: string;
  readonly requestType: string | null;
  readonly labels: readonly string[];
  readonly components: readonly string[];
  readonly fieldValues: Readonly<Record<string, readonly string[]>>;
}

/** The first policy, in list order, whose scope holds the issue. */
export function selectPolicy(config: CompiledConfig, issue: ScopedIssue): Policy | undefined {
  const has = (set: ReadonlySet<string> | null, values: readonly (string | null)[]) => set === null || values.some((value) => value !== null && set.has(value));
  return config.policies.find(
    (policy) =>
      policy.projects.has(issue.projectKey) &&
      has(policy.issueTypes, [issue.issueType]) &&
      has(policy.requestTypes, [issue.requestType]) &&
      has(policy.labels, issue.labels) &&
      has(policy.components, issue.components) &&
      (policy.field === null || has(policy.field.values, issue.fieldValues[policy.field.id] ?? [])),
  );
}

/**
 * The target for a priority and tier: the priority's row, else the `*` row. `undefined` when no
 * row applies or the cell says "none".
 */
export function targetFor(metric: CompiledMetric, priority: string | null, tier: Tier): Target | undefined {
  const row = (priority === null ? undefined : metric.targets.get(priority)) ?? metric.targets.get(ANY_PRIORITY);
  return row?.get(tier) ?? undefined;
}

/** A tier's display name; the id when the config no longer has it. */
export function tierName(config: CompiledConfig, tier: Tier): string {
  return config.tiers.find((candidate) => candidate.id === tier)?.name ?? tier;
}
