/**
 * The managers' list: one row per issue and metric, filtered, a page at a time by cursor. Open
 * clocks (breached, at risk, running, paused) come from the records, VIP first and the longest in
 * trouble first, or soonest due first (the work queue); stopped ones (met, met late) from the
 * stored cycles, latest first. Every status is computed at view time from the record's instants
 * with the panel's rules, so a clock whose due instant has passed shows breached at once. Only
 * issues of projects the viewer may browse are listed.
 */
import { liveStatus, NEVER, tierName, type CompiledConfig, type Metric, type MetricStatus, type StoredMetric } from '../domain';
import { UNASSIGNED, type ListStatus, type ReportFilters } from '../contract';
import type { JiraClient } from '../jira/client';
import { alerts, cyclesStopped, nextDeadlines, readRecords, type AlertScope, type CycleEntity, type StoredRecord } from '../storage/record-store';
import * as lookups from '../jira/lookups';
import type { ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import type { BreachRow, BreachesPage } from '../contract/reports';

/** Store queries one answer may make before it hands back a cursor. */
const MAX_QUERIES = 20;
const QUERY_LIMIT = 100;
/** Stopped clocks are listed from this far back when no date range says otherwise. */
const STOPPED_DEFAULT_DAYS = 30;
const DAY = 86_400_000;

const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
const jqlDate = (instant: string) => quote(new Date(instant).toISOString().slice(0, 16).replace('T', ' '));

/** The JQL of the list, on the indexed aliases, and what it leaves out. */
export function breachesJql(filters: ReportFilters, config: CompiledConfig): { jql: string; leavesOut: string[] } {
  const leavesOut: string[] = [];
  const statuses: string[] = filters.status ? [filters.status === 'running' ? 'on-track' : filters.status] : ['breached', 'at-risk'];
  const metrics = filters.metric ? [filters.metric] : [...new Set(config.policies.flatMap((policy) => policy.metrics.map((metric) => metric.id)))];
  // The worst status of an issue is indexed as slaStatus; a stopped one only per metric.
  const status =
    filters.metric || filters.status === 'met' || filters.status === 'met-late'
      ? `slaMetricStatus IN (${metrics.flatMap((metric) => statuses.map((value) => quote(`${metric}:${value}`))).join(', ')})`
      : `slaStatus IN (${statuses.map(quote).join(', ')})`;
  const clauses = [
    status,
    filters.project ? `project = ${quote(filters.project)}` : '',
    filters.policy ? `slaPolicy = ${quote(filters.policy)}` : '',
    filters.tier ? `slaTier = ${quote(filters.tier)}` : '',
    filters.priority ? `priority = ${quote(filters.priority)}` : '',
    filters.assignee === UNASSIGNED ? 'assignee IS EMPTY' : filters.assignee ? `assignee = ${quote(filters.assignee)}` : '',
  ];
  if (filters.dates?.on === 'created') {
    if (filters.dates.from) clauses.push(`created >= ${jqlDate(filters.dates.from)}`);
    if (filters.dates.to) clauses.push(`created < ${jqlDate(filters.dates.to)}`);
  } else if (filters.dates) leavesOut.push(`the ${filters.dates.on} date range`);
  if (filters.agreement) leavesOut.push('the customer');
  if (filters.escalated) leavesOut.push('escalated only');
  return { jql: clauses.filter(Boolean).join(' AND '), leavesOut };
}

type Item = Pick<CycleEntity, 'project' | 'policy' | 'priority' | 'assignee' | 'tier'> & { escalated?: boolean };

/** Whether a record or cycle is in a project the viewer may browse and passes the filters on the issue. */
export function inView(item: Item, filters: Omit<ReportFilters, 'metric' | 'agreement'>, visible: ReadonlySet<string>): boolean {
  return (
    visible.has(item.project) &&
    (!filters.escalated || item.escalated === true) &&
    (!filters.project || item.project === filters.project) &&
    (!filters.policy || item.policy === filters.policy) &&
    (!filters.priority || item.priority === filters.priority) &&
    (!filters.tier || item.tier === filters.tier) &&
    (!filters.assignee || item.assignee === (filters.assignee === UNASSIGNED ? '' : filters.assignee))
  );
}

/** A date range's bounds as instants (open ends: none). */
function rangeOf(filters: ReportFilters): { on: string; from: number; to: number } | null {
  if (!filters.dates) return null;
  const from = filters.dates.from ? Date.parse(filters.dates.from) : -Infinity;
  const to = filters.dates.to ? Date.parse(filters.dates.to) : Infinity;
  return { on: filters.dates.on, from, to };
}
const within = (range: { from: number; to: number }, instant: number | null) => instant !== null && instant >= range.from && instant < range.to;

/** Where a page ends: the list's part (by tier, priority, due instant, stopped metric) and the store's own cursor. */
const CursorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('alerts'), tier: z.number().int().min(0).max(1_000), store: z.string().max(2_000).optional() }),
  z.strictObject({ kind: z.literal('priority'), index: z.number().int().min(0).max(1_000), store: z.string().max(2_000).optional() }),
  z.strictObject({ kind: z.literal('due'), store: z.string().max(2_000).optional() }),
  z.strictObject({ kind: z.literal('stopped'), metric: z.number().int().min(0).max(1_000), store: z.string().max(2_000).optional() }),
]);
type Cursor = z.infer<typeof CursorSchema>;

const NOT_OURS = 'cursor: not a cursor this page gave';
const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decode(text: string): Cursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    throw new RangeError(NOT_OURS);
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) throw new RangeError(NOT_OURS);
  return parsed.data;
}

/** The store refuses a cursor it did not give (400): one forged by a caller is the caller's error. */
const refusedCursor = (error: unknown) => (error as ForgeKvsAPIError).responseDetails?.status === 400;

const isOpenStatus = (status: ListStatus | undefined) => status !== 'met' && status !== 'met-late';

/**
 * A page of the list. An issue's rows (one per metric) stay on one page, so a page may hold a few
 * rows more than asked.
 */
export async function breaches(jira: JiraClient, config: CompiledConfig, filters: ReportFilters, paging: { cursor?: string; pageSize: number }, now = Date.now()): Promise<BreachesPage> {
  try {
    return await listPage(jira, config, filters, paging, now);
  } catch (error) {
    if (paging.cursor && refusedCursor(error)) throw new RangeError(NOT_OURS, { cause: error });
    throw error;
  }
}

async function listPage(jira: JiraClient, config: CompiledConfig, filters: ReportFilters, paging: { cursor?: string; pageSize: number }, now: number): Promise<BreachesPage> {
  const visible = await lookups.browsableProjects(jira);
  const { jql, leavesOut } = breachesJql(filters, config);
  const range = rangeOf(filters);
  const tiers = filters.tier ? [filters.tier] : config.tiers.map((tier) => tier.id);
  const metrics = filters.metric ? [filters.metric] : [...new Set(config.policies.flatMap((policy) => policy.metrics.map((metric) => metric.id)))];
  const first: Cursor = !isOpenStatus(filters.status) ? { kind: 'stopped', metric: 0 } : filters.sort === 'due' ? { kind: 'due' } : filters.sort === 'priority' ? { kind: 'priority', index: 0 } : { kind: 'alerts', tier: 0 };
  let cursor: Cursor | undefined = paging.cursor ? decode(paging.cursor) : first;
  // Jira's order of priorities (then none), asked only to sort by them.
  const priorities = cursor.kind === 'priority' ? (filters.priority ? [filters.priority] : [...(await lookups.priorities(jira)), '']) : [];
  const rows: BreachRow[] = [];
  const wantedStatus = (status: MetricStatus) => (filters.status ? status === (filters.status === 'running' ? 'on-track' : filters.status) : status === 'breached' || status === 'at-risk');
  const recordRows = (record: StoredRecord) =>
    inView(record, filters, visible) && (!filters.agreement || (record.agreements ?? []).some((agreement) => agreement.id === filters.agreement)) && (!range || range.on !== 'created' || within(range, record.created))
      ? rowsOf(record, config, filters.metric, now).filter((row) => wantedStatus(row.status) && (!range || range.on === 'created' || within(range, instantOf(row, range.on))))
      : [];

  for (let queries = 0; cursor && rows.length < paging.pageSize && queries < MAX_QUERIES; queries++) {
    const limit = Math.min(QUERY_LIMIT, paging.pageSize - rows.length);
    if (cursor.kind === 'alerts') {
      const tier = tiers[cursor.tier];
      if (tier === undefined) {
        cursor = undefined;
        break;
      }
      // Running and paused clocks have no alert yet: their records sort last (alert instants ahead, or none).
      const page = await alerts(scopeOf(filters, tier), tier, filters.status === 'running' || filters.status === 'paused' ? NEVER : now, limit, cursor.store);
      for (const record of page.items) rows.push(...recordRows(record));
      cursor = page.cursor ? { kind: 'alerts', tier: cursor.tier, store: page.cursor } : cursor.tier + 1 < tiers.length ? { kind: 'alerts', tier: cursor.tier + 1 } : undefined;
    } else if (cursor.kind === 'priority') {
      const priority = priorities[cursor.index];
      if (priority === undefined) {
        cursor = undefined;
        break;
      }
      const page = await alerts({ priority }, filters.tier ?? null, filters.status === 'running' || filters.status === 'paused' ? NEVER : now, limit, cursor.store);
      for (const record of page.items) rows.push(...recordRows(record));
      cursor = page.cursor ? { kind: 'priority', index: cursor.index, store: page.cursor } : cursor.index + 1 < priorities.length ? { kind: 'priority', index: cursor.index + 1 } : undefined;
    } else if (cursor.kind === 'due') {
      const page = await nextDeadlines(now, limit, cursor.store);
      const found = page.items.flatMap(recordRows).sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
      rows.push(...found);
      cursor = page.cursor ? { kind: 'due', store: page.cursor } : undefined;
    } else {
      const metric = metrics[cursor.metric];
      if (metric === undefined) {
        cursor = undefined;
        break;
      }
      const from = range?.on === 'stopped' ? range.from : now - STOPPED_DEFAULT_DAYS * DAY;
      const to = range?.on === 'stopped' ? Math.min(range.to, now + 1) : now + 1;
      const page = await cyclesStopped(metric, Math.max(0, from), to, limit, cursor.store, true);
      const cycles = page.items.filter((cycle) => cycle.met === (filters.status === 'met') && inView(cycle, filters, visible) && (!filters.agreement || cycle.agreement === filters.agreement));
      rows.push(...(await stoppedRows(cycles, config, range)));
      cursor = page.cursor ? { kind: 'stopped', metric: cursor.metric, store: page.cursor } : cursor.metric + 1 < metrics.length ? { kind: 'stopped', metric: cursor.metric + 1 } : undefined;
    }
  }
  return { jql, jqlLeavesOut: leavesOut, rows, ...(cursor ? { nextCursor: encode(cursor) } : {}) };
}

function instantOf(row: BreachRow, on: string): number | null {
  const text = on === 'due' ? row.dueAt : on === 'breached' ? row.breachedAt : on === 'stopped' ? row.stoppedAt : row.created;
  return text === null ? null : Date.parse(text);
}

/** The narrowest index for the filters: a project, a policy or an assignee, else the tier. */
function scopeOf(filters: ReportFilters, tier: string): AlertScope {
  if (filters.project) return { project: filters.project };
  if (filters.policy) return { policy: filters.policy };
  if (filters.assignee && filters.assignee !== UNASSIGNED) return { assignee: filters.assignee };
  return { tier };
}

const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

function customerOf(config: CompiledConfig, record: Pick<StoredRecord, 'agreements'>, instant: number): string | null {
  const id = (record.agreements ?? []).find((agreement) => instant >= agreement.from && (agreement.to === null || instant < agreement.to))?.id;
  return config.agreements.find((agreement) => agreement.id === id)?.customer ?? null;
}

function baseRow(record: StoredRecord, config: CompiledConfig, now: number) {
  return {
    key: record.issueKey,
    summary: record.summary,
    priority: record.priority || null,
    vip: record.tier === config.tiers[0]?.id,
    tier: tierName(config, record.tier),
    customer: customerOf(config, record, now),
    policy: record.policy || null,
    escalated: record.escalated === true,
    created: iso(record.created ?? null),
    assignee: record.assignee ? { accountId: record.assignee, displayName: record.assigneeName || 'Someone Jira no longer knows' } : null,
  };
}

function metricRow(stored: StoredMetric, metric: Metric, config: CompiledConfig, now: number) {
  const live = liveStatus(stored, config.calendars.get(stored.calendar), now);
  const breachedAt = stored.breachedAt ?? (live.breached && stored.dueAt !== null ? stored.dueAt : null);
  return { metric, metricName: stored.name, internal: stored.kind === 'ola', status: live.status, remainingMs: live.remainingMs, dueAt: iso(stored.dueAt), breachedAt: iso(breachedAt), stoppedAt: iso(stored.stoppedAt) };
}

function rowsOf(record: StoredRecord, config: CompiledConfig, only: Metric | undefined, now: number): BreachRow[] {
  const base = baseRow(record, config, now);
  return Object.entries(record.metrics).flatMap(([metric, stored]) => ((only && metric !== only) || stored.state === 'stopped' ? [] : [{ ...base, ...metricRow(stored, metric, config, now) }]));
}

/** Rows of stopped cycles, with the summary and assignee's name from their records (25 to a read). */
async function stoppedRows(cycles: readonly CycleEntity[], config: CompiledConfig, range: { on: string; from: number; to: number } | null): Promise<BreachRow[]> {
  const records = await readRecords(cycles.map((cycle) => cycle.issueId));
  return cycles.flatMap((cycle) => {
    const record = records.get(cycle.issueId);
    if (!record || (range?.on === 'created' && !within(range, record.created ?? null))) return [];
    const stored = Object.entries(record.metrics).find(([metric, candidate]) => metric === cycle.metric && candidate.startedAt === cycle.startedAt)?.[1];
    const base = baseRow(record, config, cycle.stoppedAt);
    return [
      {
        ...base,
        priority: cycle.priority || null,
        tier: tierName(config, cycle.tier),
        vip: cycle.tier === config.tiers[0]?.id,
        metric: cycle.metric,
        metricName: stored?.name ?? cycle.metric,
        internal: cycle.kind === 'ola',
        status: cycle.met ? 'met' : 'met-late',
        remainingMs: stored ? stored.targetMs - stored.elapsedMs : 0,
        dueAt: null,
        breachedAt: iso(stored?.breachedAt ?? null),
        stoppedAt: iso(cycle.stoppedAt),
      },
    ];
  });
}
