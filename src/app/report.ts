/**
 * The managers' page: breached and at-risk issues, and compliance (met % per metric and priority
 * over a period). Both read the app's own records (never the user-writable issue property), show
 * only issues of projects the viewer may browse (asked of Jira as the viewer), and compute every
 * status at view time from the record's instants with the panel's rules, so a clock whose due
 * instant has passed shows breached at once, not at the next sweep.
 */
import { liveStatus, tierName, type CompiledConfig, type CompiledMetric, type Metric, type MetricStatus } from '../domain';
import type { ReportFilters } from '../contract';
import type { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { Budget } from '../platform/invocation';
import { latestEscalations } from '../storage/escalation-store';
import { firedView, type FiredView } from './escalate';
import { alerts, cyclesStopped, type AlertScope, type CycleEntity, type StoredRecord } from '../storage/record-store';

export interface BreachRow {
  key: string;
  summary: string;
  priority: string | null;
  /** In the first (most favoured) tier. */
  vip: boolean;
  tier: string;
  policy: string | null;
  metric: Metric;
  metricName: string;
  /** An internal team's clock (OLA), not a customer-facing SLA. */
  internal: boolean;
  /** A metric cycle of the issue reached an escalation rule's point. */
  escalated: boolean;
  status: Extract<MetricStatus, 'breached' | 'at-risk'>;
  /** Working time left at view time (negative: overdue by). */
  remainingMs: number;
  dueAt: string | null;
  breachedAt: string | null;
  assignee: { accountId: string; displayName: string } | null;
}

export interface BreachesPage {
  /** The same search in Jira's JQL, on the mirrored aliases (what "Open in Jira search" opens). */
  jql: string;
  rows: BreachRow[];
  /** Pass back for the next page; absent on the last. */
  nextCursor?: string;
}

/** Tiers in the order the list shows them: the config's order, so VIP first. */
const tiersOf = (config: CompiledConfig) => config.tiers.map((tier) => tier.id);
/** Store queries one answer may make before it hands back a cursor. */
const MAX_QUERIES = 20;
const QUERY_LIMIT = 100;

const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;

function filterClauses(filters: ReportFilters): string[] {
  return [
    filters.project ? `project = ${quote(filters.project)}` : '',
    filters.policy ? `slaPolicy = ${quote(filters.policy)}` : '',
    filters.priority ? `priority = ${quote(filters.priority)}` : '',
    filters.assignee ? `assignee = ${quote(filters.assignee)}` : '',
  ].filter(Boolean);
}

/** The JQL of the breaches list, on the indexed aliases: what "Open in Jira search" opens. */
export function breachesJql(filters: ReportFilters): string {
  const status = filters.metric ? `slaMetricStatus IN (${quote(`${filters.metric}:breached`)}, ${quote(`${filters.metric}:at-risk`)})` : 'slaStatus IN ("breached", "at-risk")';
  return [status, ...filterClauses(filters)].join(' AND ');
}

/** Project keys the viewer may browse, asked of Jira as the viewer. */
export async function visibleProjects(jira: JiraClient): Promise<Set<string>> {
  return new Set((await lookups.projects(jira)).map((project) => project.key));
}

type Filterable = Pick<CycleEntity, 'project' | 'policy' | 'priority' | 'assignee'> & { escalated?: boolean };

/** Whether a record or cycle is in a project the viewer may browse and passes the filters. */
function inView(item: Filterable, filters: Omit<ReportFilters, 'metric'>, visible: ReadonlySet<string>): boolean {
  return (
    visible.has(item.project) &&
    (!filters.escalated || item.escalated === true) &&
    (!filters.project || item.project === filters.project) &&
    (!filters.policy || item.policy === filters.policy) &&
    (!filters.priority || item.priority === filters.priority) &&
    (!filters.assignee || item.assignee === filters.assignee)
  );
}

interface Cursor {
  tier: number;
  store?: string;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decode(text: string | undefined, tiers: number): Cursor {
  if (!text) return { tier: 0 };
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    if (Number.isInteger(cursor.tier) && cursor.tier >= 0 && cursor.tier <= tiers) return cursor;
  } catch {
    // fall through
  }
  throw new RangeError('cursor: not a cursor this page gave');
}

/**
 * Breached and at-risk issues, VIP first, then by the instant each became at risk or breached
 * (the longest in trouble first), a page at a time by cursor. An issue's rows (one per metric)
 * stay on one page, so a page may hold one row more than asked.
 */
export async function breaches(jira: JiraClient, config: CompiledConfig, filters: ReportFilters, paging: { cursor?: string; pageSize: number }, now = Date.now()): Promise<BreachesPage> {
  const visible = await visibleProjects(jira);
  const rows: BreachRow[] = [];
  const TIERS = tiersOf(config);
  let cursor: Cursor | undefined = decode(paging.cursor, TIERS.length);
  for (let queries = 0; cursor && rows.length < paging.pageSize && queries < MAX_QUERIES; queries++) {
    if (cursor.tier >= TIERS.length) {
      cursor = undefined;
      break;
    }
    // Read no more records than the page still needs: the cursor then resumes right after them.
    const tier = TIERS[cursor.tier]!;
    const page = await alerts(scopeOf(filters, tier), tier, now, Math.min(QUERY_LIMIT, paging.pageSize - rows.length), cursor.store);
    for (const record of page.items) if (inView(record, filters, visible)) rows.push(...rowsOf(record, config, filters.metric, now));
    cursor = page.cursor ? { tier: cursor.tier, store: page.cursor } : { tier: cursor.tier + 1 };
  }
  return { jql: breachesJql(filters), rows, ...(cursor && cursor.tier < TIERS.length ? { nextCursor: encode(cursor) } : {}) };
}

/** The narrowest index for the filters: a project, a policy or an assignee, else the tier. */
function scopeOf(filters: ReportFilters, tier: string): AlertScope {
  if (filters.project) return { project: filters.project };
  if (filters.policy) return { policy: filters.policy };
  if (filters.assignee) return { assignee: filters.assignee };
  return { tier };
}

function rowsOf(record: StoredRecord, config: CompiledConfig, only: Metric | undefined, now: number): BreachRow[] {
  return Object.entries(record.metrics).flatMap(([metric, stored]) => {
    if ((only && metric !== only) || stored.state === 'stopped') return [];
    const live = liveStatus(stored, config.calendars.get(stored.calendar), now);
    if (live.status !== 'breached' && live.status !== 'at-risk') return [];
    const breachedAt = stored.breachedAt ?? (live.breached && stored.dueAt !== null ? stored.dueAt : null);
    return [
      {
        key: record.issueKey,
        summary: record.summary,
        priority: record.priority || null,
        vip: record.tier === config.tiers[0]?.id,
        tier: tierName(config, record.tier),
        policy: record.policy || null,
        metric,
        metricName: stored.name,
        internal: stored.kind === 'ola',
        escalated: record.escalated === true,
        status: live.status,
        remainingMs: live.remainingMs,
        dueAt: stored.dueAt === null ? null : new Date(stored.dueAt).toISOString(),
        breachedAt: breachedAt === null ? null : new Date(breachedAt).toISOString(),
        assignee: record.assignee ? { accountId: record.assignee, displayName: record.assigneeName || record.assignee } : null,
      },
    ];
  });
}

export interface ComplianceCell {
  priority: string;
  met: number;
  late: number;
  /** Met on time, in percent of those that stopped; `null` when none did. */
  percent: number | null;
}

export interface ComplianceReport {
  period: { from: string; to: string };
  /** By metric id, in the order policies list them. */
  metrics: Record<Metric, { name: string; internal: boolean; overall: ComplianceCell; byPriority: ComplianceCell[] }>;
  /** The figures stop short of the period's end: the answer ran out of time. */
  truncated: boolean;
}

/** Kept back from the resolver's time limit for the answer. */
const COMPLIANCE_RESERVE_MS = 5_000;

/** Met % per metric and priority for clocks that stopped in `[from, to)`, from the stored cycles. */
export async function compliance(jira: JiraClient, config: CompiledConfig, period: { from: number; to: number }, filters: Omit<ReportFilters, 'metric' | 'escalated'>): Promise<ComplianceReport> {
  const visible = await visibleProjects(jira);
  const budget = new Budget(COMPLIANCE_RESERVE_MS);
  const metrics = {} as ComplianceReport['metrics'];
  let truncated = false;
  const known = new Map<Metric, CompiledMetric>();
  for (const metric of config.policies.flatMap((policy) => policy.metrics)) if (!known.has(metric.id)) known.set(metric.id, metric);
  for (const [metric, compiled] of known) {
    const cells = new Map<string, ComplianceCell>();
    const overall: ComplianceCell = { priority: 'All', met: 0, late: 0, percent: null };
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      if (budget.spent()) {
        truncated = true;
        break;
      }
      const page = await cyclesStopped(metric, period.from, period.to, QUERY_LIMIT, cursor);
      for (const cycle of page.items.filter((candidate) => inView(candidate, filters, visible))) {
        const priority = cycle.priority || '(none)';
        const cell = cells.get(priority) ?? { priority, met: 0, late: 0, percent: null };
        for (const target of [cell, overall]) target[cycle.met ? 'met' : 'late'] += 1;
        cells.set(priority, cell);
      }
      cursor = page.cursor;
    }
    const withPercent = (cell: ComplianceCell) => ({ ...cell, percent: cell.met + cell.late ? Math.round((1000 * cell.met) / (cell.met + cell.late)) / 10 : null });
    metrics[metric] = { name: compiled.name, internal: compiled.kind === 'ola', overall: withPercent(overall), byPriority: [...cells.values()].map(withPercent) };
  }
  return { period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() }, metrics, truncated };
}

export interface FilterOptions {
  projects: { key: string; name: string }[];
  priorities: string[];
  /** Only policies that cover a project the viewer may browse. */
  policies: { id: string; name: string }[];
  /** The metrics of those policies, each once; `internal`: an OLA. */
  metrics: { id: string; name: string; internal: boolean }[];
}

export async function filterOptions(jira: JiraClient, config: CompiledConfig): Promise<FilterOptions> {
  const [projects, priorities] = await Promise.all([lookups.projects(jira), lookups.priorities(jira)]);
  const visible = new Set(projects.map((project) => project.key));
  const covering = config.policies.filter((policy) => [...policy.projects].some((key) => visible.has(key)));
  const metrics = new Map<string, FilterOptions['metrics'][number]>();
  for (const metric of covering.flatMap((policy) => policy.metrics)) if (!metrics.has(metric.id)) metrics.set(metric.id, { id: metric.id, name: metric.name, internal: metric.kind === 'ola' });
  return { projects, priorities, policies: covering.map((policy) => ({ id: policy.id, name: policy.name })), metrics: [...metrics.values()] };
}

export type EscalationLogRow = FiredView;

/** The latest escalations (failed ones only, when asked), of projects the viewer may browse. */
export async function escalationLog(jira: JiraClient, failedOnly: boolean): Promise<EscalationLogRow[]> {
  const visible = await visibleProjects(jira);
  return (await latestEscalations(ESCALATION_LOG_SIZE)).filter((entity) => visible.has(entity.project) && (!failedOnly || entity.status === 'failed')).map(firedView);
}

/** Escalations the log shows. */
const ESCALATION_LOG_SIZE = 100;
