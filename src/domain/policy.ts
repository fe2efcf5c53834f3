/**
 * Policies compiled for evaluation: which policy applies to an issue, whether its reporter is a VIP,
 * and which target (duration and calendar) a priority and tier get.
 */
import { compileCalendar, type Calendar } from './calendar';
import type { Config, PolicyConfig } from './config';
import { durationMs } from './duration';

export type Metric = 'response' | 'resolution';
export const METRICS: readonly Metric[] = ['response', 'resolution'];
export type Tier = 'vip' | 'standard';

/** One cell of a target matrix, resolved: the duration in milliseconds and the calendar it runs on. */
export interface Target {
  readonly priority: string;
  readonly tier: Tier;
  readonly ms: number;
  /** As written in the config, for explanations. */
  readonly text: string;
  readonly calendar: Calendar;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly projects: ReadonlySet<string>;
  /** `null`: every issue type. */
  readonly issueTypes: ReadonlySet<string> | null;
  readonly calendar: Calendar;
  /** Lower-cased: status names match whatever their case. */
  readonly pauseStatuses: ReadonlySet<string>;
  readonly warnAtPercent: number;
  readonly onReopen: 'continue' | 'restart';
  readonly targets: Readonly<Record<Metric, ReadonlyMap<string, Readonly<Record<Tier, Target>>>>>;
}

export interface CompiledConfig {
  readonly calendars: ReadonlyMap<string, Calendar>;
  readonly policies: readonly Policy[];
  readonly vipGroups: ReadonlySet<string>;
  readonly vipAccountIds: ReadonlySet<string>;
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
  return {
    calendars,
    policies: config.policies.map((policy) => compilePolicy(policy, calendarById)),
    vipGroups: new Set(config.vip?.groups ?? []),
    vipAccountIds: new Set(config.vip?.accountIds ?? []),
  };
}

function compilePolicy(policy: PolicyConfig, calendarById: (id: string) => Calendar): Policy {
  const calendar = calendarById(policy.calendar);
  const matrix = (metric: Metric) =>
    new Map(
      Object.entries(policy[metric].targets).map(([priority, cell]) => {
        const cellCalendar = cell.calendar ? calendarById(cell.calendar) : calendar;
        const target = (tier: Tier): Target => ({ priority, tier, ms: durationMs(cell[tier]), text: cell[tier], calendar: cellCalendar });
        return [priority, { vip: target('vip'), standard: target('standard') }] as const;
      }),
    );
  return {
    id: policy.id,
    name: policy.name,
    projects: new Set(policy.scope.projects),
    issueTypes: policy.scope.issueTypes ? new Set(policy.scope.issueTypes) : null,
    calendar,
    pauseStatuses: new Set((policy.pauseStatuses ?? []).map((status) => status.toLowerCase())),
    warnAtPercent: policy.warnAtPercent ?? DEFAULT_WARN_AT_PERCENT,
    onReopen: policy.resolution.onReopen ?? 'continue',
    targets: { response: matrix('response'), resolution: matrix('resolution') },
  };
}

/** The first policy, in list order, whose scope holds the issue's project and issue type. */
export function selectPolicy(config: CompiledConfig, issue: { projectKey: string; issueType: string }): Policy | undefined {
  return config.policies.find(
    (policy) => policy.projects.has(issue.projectKey) && (policy.issueTypes === null || policy.issueTypes.has(issue.issueType)),
  );
}

/** VIP when the reporter's account id is listed or the reporter is in a listed group. */
export function reporterTier(config: CompiledConfig, reporterAccountId: string | null, reporterGroups: readonly string[]): Tier {
  if (reporterAccountId !== null && config.vipAccountIds.has(reporterAccountId)) return 'vip';
  return reporterGroups.some((group) => config.vipGroups.has(group)) ? 'vip' : 'standard';
}

/** The target for a priority and tier; `undefined` when the matrix has no row for that priority. */
export function targetFor(policy: Policy, metric: Metric, priority: string | null, tier: Tier): Target | undefined {
  return priority === null ? undefined : policy.targets[metric].get(priority)?.[tier];
}

export function isPauseStatus(policy: Policy, status: string | null): boolean {
  return status !== null && policy.pauseStatuses.has(status.toLowerCase());
}
