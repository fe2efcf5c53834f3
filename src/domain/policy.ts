/**
 * Policies compiled for evaluation: which policy applies to an issue, whether its reporter is a VIP,
 * and which target (duration and calendar) a priority and tier get.
 */
import { compileCalendar, type Calendar } from './calendar';
import type { Config, PolicyConfig } from './config';
import { durationMs, formatDuration } from './duration';

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
  /** `"High × VIP → 30m response on Berlin office hours"` */
  readonly summary: string;
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
  /** Answers of {@link isPauseStatus} by exact status name, so each name is lower-cased once. */
  readonly pauseByName: Map<string, boolean>;
  readonly warnAtPercent: number;
  readonly onReopen: 'continue' | 'restart';
  readonly targets: Readonly<Record<Metric, ReadonlyMap<string, Readonly<Record<Tier, Target>>>>>;
}

export interface CompiledConfig {
  readonly calendars: ReadonlyMap<string, Calendar>;
  readonly policies: readonly Policy[];
  /** Lower-cased: group names match whatever their case. */
  readonly vipGroups: ReadonlySet<string>;
  readonly vipAccountIds: ReadonlySet<string>;
}

export const DEFAULT_WARN_AT_PERCENT = 75;
const TIER_LABEL: Record<Tier, string> = { vip: 'VIP', standard: 'standard' };

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
    vipGroups: new Set((config.vip?.groups ?? []).map((group) => group.toLowerCase())),
    vipAccountIds: new Set(config.vip?.accountIds ?? []),
  };
}

function compilePolicy(policy: PolicyConfig, calendarById: (id: string) => Calendar): Policy {
  const calendar = calendarById(policy.calendar);
  const matrix = (metric: Metric) =>
    new Map(
      Object.entries(policy[metric].targets).map(([priority, cell]) => {
        const cellCalendar = cell.calendar ? calendarById(cell.calendar) : calendar;
        const target = (tier: Tier): Target => {
          const ms = durationMs(cell[tier]);
          const summary = `${priority} × ${TIER_LABEL[tier]} → ${formatDuration(ms)} ${metric} on ${cellCalendar.name}`;
          return { priority, tier, ms, text: cell[tier], calendar: cellCalendar, summary };
        };
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
    pauseByName: new Map(),
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
  return reporterGroups.some((group) => config.vipGroups.has(group.toLowerCase())) ? 'vip' : 'standard';
}

/** The target for a priority and tier; `undefined` when the matrix has no row for that priority. */
export function targetFor(policy: Policy, metric: Metric, priority: string | null, tier: Tier): Target | undefined {
  return priority === null ? undefined : policy.targets[metric].get(priority)?.[tier];
}

export function isPauseStatus(policy: Policy, status: string | null): boolean {
  if (status === null) return false;
  let paused = policy.pauseByName.get(status);
  if (paused === undefined) {
    paused = policy.pauseStatuses.has(status.toLowerCase());
    policy.pauseByName.set(status, paused);
  }
  return paused;
}
