/**
 * Compliance from stored aggregates. A UTC day closes a day after it ends (late events have that
 * long to land): a job on the compliance queue counts its stopped cycles per metric from the record
 * store's index and writes the day's aggregate once. A figure over any range then sums the closed
 * days' aggregates (one query a metric for a quarter) and counts the days not yet closed from the
 * cycles. A closed day changes only when an admin restates it, with a reason; so changing a policy
 * today never silently rewrites last quarter.
 */
import { Queue } from '@forge/events';
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import { addDay, aggregateDay, DAY_MS, periodOf, utcDay, type CompiledConfig, type ComplianceCount, type Dimension, type EntryFilter } from '../domain';
import type { ComplianceFilters } from '../contract';
import { UNASSIGNED } from '../contract';
import type { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { Budget } from '../platform/invocation';
import { addRestatement, closedThrough, daysOf, readDay, restatements, setClosedThrough, writeDay, type Restatement } from '../storage/compliance-store';
import { cyclesStopped } from '../storage/record-store';
import type { Person } from '../storage/statement-store';
import { activeConfig } from './active-config';
import type { ComplianceCell, ComplianceReport, TrendMonth } from '../contract/reports';

export const COMPLIANCE_QUEUE = 'compliance-queue';
/** A day closes this long after it ends. */
export const GRACE_MS = DAY_MS;
const LOCK = 'compliance:job';
const LOCK_TTL = { value: 1, unit: 'HOURS' as const };
const RESERVE_MS = 60_000;
/** Days one restatement may cover. */
export const MAX_RESTATED_DAYS = 92;

const metricIds = (config: CompiledConfig) => [...new Set(config.policies.flatMap((policy) => policy.metrics.map((metric) => metric.id)))];

/** Every cycle of `metric` that stopped in `[from, to)`, page by page. */
async function* stopped(metric: string, from: number, to: number) {
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await cyclesStopped(metric, from, to, 100, cursor);
    yield* page.items;
    cursor = page.cursor;
  }
}

async function aggregateOf(metric: string, day: number) {
  const cycles = [];
  for await (const cycle of stopped(metric, day, day + DAY_MS)) cycles.push(cycle);
  return aggregateDay(cycles, day);
}

/** Starts the close of the days that are due, unless a close runs (a lock with a TTL, in case one dies). */
export async function startComplianceClose(now = Date.now()): Promise<boolean> {
  const through = await closedThrough();
  if (through !== null && through + DAY_MS + GRACE_MS > now) return false;
  try {
    await kvs.set(LOCK, { startedAt: now }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: LOCK_TTL });
  } catch (error) {
    if ((error as ForgeKvsAPIError).responseDetails?.status === 409) return false;
    throw error;
  }
  await new Queue({ key: COMPLIANCE_QUEUE }).push([{ body: { close: true } }]);
  return true;
}

/** The day the closing starts from: the earliest day a cycle stopped, or the last one that may close. */
async function firstDay(metrics: readonly string[], now: number): Promise<number> {
  let first = utcDay(now - GRACE_MS) - DAY_MS;
  for (const metric of metrics) {
    const page = await cyclesStopped(metric, 0, now, 1);
    if (page.items[0]) first = Math.min(first, utcDay(page.items[0].stoppedAt));
  }
  return first;
}

export interface RestateRequest {
  readonly from: number;
  readonly to: number;
  readonly by: Person;
  readonly reason: string;
  readonly at: number;
}

/** A close or a restatement, on from where it is, until done or the budget runs out (then it hands over). */
export async function processComplianceJob(body: { close?: boolean; restate?: RestateRequest }, budget = new Budget(RESERVE_MS), now = Date.now()): Promise<{ days: number; done: boolean }> {
  const metrics = metricIds((await activeConfig()).compiled);
  let days = 0;
  // A day costs about what the slowest one did: hand over while two of those still fit.
  let slowest = 0;
  const timeLeft = () => !budget.spent() && budget.left() >= 2 * slowest;
  if (body.restate) {
    const { restate } = body;
    let day = restate.from;
    for (; day < restate.to && timeLeft(); day += DAY_MS, days++) {
      const started = Date.now();
      for (const metric of metrics) {
        const previous = await readDay(metric, day);
        await writeDay({ metric, day, version: (previous?.version ?? 1) + 1, closedAt: now, entries: await aggregateOf(metric, day) });
      }
      slowest = Math.max(slowest, Date.now() - started);
    }
    if (day < restate.to) {
      await new Queue({ key: COMPLIANCE_QUEUE }).push([{ body: { restate: { ...restate, from: day } } }]);
      return { days, done: false };
    }
    return { days, done: true };
  }
  let through = (await closedThrough()) ?? (await firstDay(metrics, now));
  while (through + DAY_MS + GRACE_MS <= now) {
    if (!timeLeft()) {
      await new Queue({ key: COMPLIANCE_QUEUE }).push([{ body: { close: true } }]);
      return { days, done: false };
    }
    const started = Date.now();
    for (const metric of metrics) {
      const entries = await aggregateOf(metric, through);
      if (entries.length) await writeDay({ metric, day: through, version: 1, closedAt: now, entries });
    }
    through += DAY_MS;
    days++;
    await setClosedThrough(through);
    slowest = Math.max(slowest, Date.now() - started);
  }
  await setClosedThrough(through);
  await kvs.delete(LOCK);
  return { days, done: true };
}

/** Restates closed days `[from, to)` from the cycles as they are now: queued, with who and why. */
export async function restateCompliance(from: number, to: number, by: Person, reason: string, now = Date.now()): Promise<Restatement> {
  const through = (await closedThrough()) ?? from;
  const end = Math.min(to, through);
  if (end <= from) throw new RangeError('from, to: only closed days can be restated (a day closes a day after it ends)');
  if ((end - from) / DAY_MS > MAX_RESTATED_DAYS) throw new RangeError(`from, to: at most ${MAX_RESTATED_DAYS} days a restatement`);
  const restatement: Restatement = { from, to: end, by, at: now, reason };
  await addRestatement(restatement);
  await new Queue({ key: COMPLIANCE_QUEUE }).push([{ body: { restate: { ...restatement } } }]);
  return restatement;
}

const withPercent = (key: string, label: string, count: ComplianceCount): ComplianceCell => ({ key, label, ...count, percent: count.met + count.late ? Math.round((1000 * count.met) / (count.met + count.late)) / 10 : null });

function entryFilter(filters: ComplianceFilters, projects: ReadonlySet<string>): EntryFilter {
  return {
    projects,
    ...(filters.project ? { project: filters.project } : {}),
    ...(filters.policy ? { policy: filters.policy } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.tier ? { tier: filters.tier } : {}),
    ...(filters.agreement ? { agreement: filters.agreement } : {}),
    ...(filters.assignee ? { assignee: filters.assignee === UNASSIGNED ? '' : filters.assignee } : {}),
  };
}

/** Counts of one metric over `[from, to)`, grouped: closed days from their aggregates, the rest from the cycles. */
async function counts(metric: string, range: { from: number; to: number }, filter: EntryFilter, by: Dimension, through: number | null): Promise<Map<string, ComplianceCount>> {
  const into = new Map<string, ComplianceCount>();
  const closedEnd = through === null ? range.from : Math.min(through, utcDay(range.to - 1) + DAY_MS);
  if (utcDay(range.from) < closedEnd) for (const day of await daysOf(metric, utcDay(range.from), closedEnd)) addDay(into, day.day, day.entries, range, filter, by);
  const liveFrom = Math.max(range.from, through ?? range.from);
  if (liveFrom < range.to) {
    for await (const cycle of stopped(metric, liveFrom, range.to)) addDay(into, utcDay(cycle.stoppedAt), aggregateDay([cycle], utcDay(cycle.stoppedAt)), range, filter, by);
  }
  return into;
}

function labeller(config: CompiledConfig, by: Dimension): (key: string) => string {
  if (by === 'tier') return (key) => config.tiers.find((tier) => tier.id === key)?.name ?? key;
  if (by === 'policy') return (key) => config.policies.find((policy) => policy.id === key)?.name ?? (key || 'No policy');
  if (by === 'agreement') return (key) => config.agreements.find((agreement) => agreement.id === key)?.customer ?? (key ? key : 'No agreement');
  return (key) => key || '(none)';
}

/** Met % per metric, grouped by `by`, over `[from, to)`, of projects the viewer may browse. */
export async function compliance(jira: JiraClient, config: CompiledConfig, range: { from: number; to: number }, filters: ComplianceFilters, by: Dimension = 'priority'): Promise<ComplianceReport> {
  const filter = entryFilter(filters, await lookups.browsableProjects(jira));
  const through = await closedThrough();
  const label = labeller(config, by);
  const metrics: ComplianceReport['metrics'] = {};
  for (const metric of config.policies.flatMap((policy) => policy.metrics)) {
    if (metrics[metric.id]) continue;
    const grouped = await counts(metric.id, range, filter, by, through);
    const overall = [...grouped.values()].reduce((sum, count) => ({ met: sum.met + count.met, late: sum.late + count.late }), { met: 0, late: 0 });
    metrics[metric.id] = { name: metric.name, internal: metric.kind === 'ola', overall: withPercent('All', 'All', overall), groups: [...grouped.entries()].map(([key, count]) => withPercent(key, label(key), count)) };
  }
  if (by === 'assignee') await nameAssignees(jira, metrics);
  const openFrom = through === null ? range.from : Math.max(range.from, through);
  return { period: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() }, by, metrics, openFrom: openFrom < range.to ? new Date(openFrom).toISOString() : null };
}

/** Assignees named at most per answer (one Jira read each); the rest are counted together. */
export const MAX_NAMED_ASSIGNEES = 50;
export const OTHER_ASSIGNEES = 'others';

/**
 * Groups by assignee get the names Jira shows (asked as the viewer), never account ids: the
 * assignees with the most clocks, up to {@link MAX_NAMED_ASSIGNEES}; the others in one group.
 */
async function nameAssignees(jira: JiraClient, metrics: ComplianceReport['metrics']): Promise<void> {
  const volume = new Map<string, number>();
  for (const { groups } of Object.values(metrics)) for (const group of groups) if (group.key) volume.set(group.key, (volume.get(group.key) ?? 0) + group.met + group.late);
  const named = [...volume.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_NAMED_ASSIGNEES).map(([accountId]) => accountId);
  const names = new Map((await lookups.people(jira, named)).map((person) => [person.accountId, person.displayName]));
  for (const entry of Object.values(metrics)) {
    const groups = new Map<string, ComplianceCount & { label: string }>();
    for (const group of entry.groups) {
      const key = group.key === '' || named.includes(group.key) ? group.key : OTHER_ASSIGNEES;
      const label = key === '' ? 'Unassigned' : key === OTHER_ASSIGNEES ? 'Other assignees' : (names.get(key) ?? 'Someone Jira no longer knows');
      const into = groups.get(key) ?? { met: 0, late: 0, label };
      into.met += group.met;
      into.late += group.late;
      groups.set(key, into);
    }
    entry.groups = [...groups.entries()].map(([key, { label, ...count }]) => withPercent(key, label, count));
  }
}

/** Met % per calendar month in `timeZone`, the last `months` months (this one included), per metric. */
export async function complianceTrend(jira: JiraClient, config: CompiledConfig, filters: ComplianceFilters, timeZone: string, months: number, now = Date.now()): Promise<{ metrics: Record<string, { name: string; internal: boolean; months: TrendMonth[] }> }> {
  const filter = entryFilter(filters, await lookups.browsableProjects(jira));
  const through = await closedThrough();
  const restated = await restatements();
  const periods = [periodOf(now, 'month', timeZone)];
  while (periods.length < months) periods.unshift(periodOf(periods[0]!.from - 1, 'month', timeZone));
  const metrics: Record<string, { name: string; internal: boolean; months: TrendMonth[] }> = {};
  for (const metric of config.policies.flatMap((policy) => policy.metrics)) {
    if (metrics[metric.id]) continue;
    const byMonth: TrendMonth[] = [];
    for (const period of periods) {
      const total = [...(await counts(metric.id, { from: period.from, to: Math.min(period.to, now + 1) }, filter, 'project', through)).values()].reduce((sum, count) => ({ met: sum.met + count.met, late: sum.late + count.late }), { met: 0, late: 0 });
      const cell = withPercent(period.id, period.id, total);
      byMonth.push({ month: period.id, met: cell.met, late: cell.late, percent: cell.percent, restated: restated.some((entry) => entry.from < period.to && entry.to > period.from) });
    }
    metrics[metric.id] = { name: metric.name, internal: metric.kind === 'ola', months: byMonth };
  }
  return { metrics };
}
