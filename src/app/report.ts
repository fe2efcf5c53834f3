/**
 * The managers' page: breached and at-risk issues, and compliance (met % per metric and priority
 * over a period). Both read the indexed `sla` records through JQL as the viewing user, so a manager
 * sees only issues they may see, and figures are made live from the records and the calendars.
 */
import {
  liveRemainingMs,
  METRICS,
  SLA_PROPERTY_KEY,
  type CompiledConfig,
  type Metric,
  type MetricRecord,
  type MetricStatus,
  type SlaProperty,
} from '../domain';
import type { JiraClient } from '../jira/client';
import { searchAll, type SearchIssue } from '../jira/issues';

export interface ReportFilters {
  project?: string;
  policy?: string;
  metric?: Metric;
  priority?: string;
  /** Account id. */
  assignee?: string;
}

export interface BreachRow {
  key: string;
  summary: string;
  priority: string | null;
  vip: boolean;
  policy: string | null;
  metric: Metric;
  status: Extract<MetricStatus, 'breached' | 'at-risk'>;
  /** Working time left (negative: overdue by). */
  remainingMs: number;
  dueAt: string | null;
  breachedAt: string | null;
  assignee: { accountId: string; displayName: string } | null;
}

/** Most issues a report reads: beyond it the answer says it is truncated. */
export const REPORT_LIMIT = 1000;

const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
const metricAlias = (metric: Metric) => (metric === 'response' ? 'slaResponse' : 'slaResolution');

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
  const status = filters.metric ? `${metricAlias(filters.metric)}Status` : 'slaStatus';
  return [`${status} IN ("breached", "at-risk")`, ...filterClauses(filters)].join(' AND ');
}

export async function breaches(jira: JiraClient, config: CompiledConfig, filters: ReportFilters, paging: { page: number; pageSize: number }, now = Date.now()) {
  const jql = breachesJql(filters);
  const { issues, truncated } = await searchAll(jira, jql, {
    fields: ['summary', 'priority', 'assignee'],
    properties: [SLA_PROPERTY_KEY],
    limit: REPORT_LIMIT,
  });
  const rows = issues.flatMap((issue) => breachRows(issue, config, filters.metric, now)).sort(byUrgency);
  const start = paging.page * paging.pageSize;
  return { jql, rows: rows.slice(start, start + paging.pageSize), total: rows.length, page: paging.page, pageSize: paging.pageSize, truncated };
}

function breachRows(issue: SearchIssue, config: CompiledConfig, only: Metric | undefined, now: number): BreachRow[] {
  const record = issue.properties?.[SLA_PROPERTY_KEY] as SlaProperty | undefined;
  if (!record) return [];
  return METRICS.filter((metric) => !only || metric === only).flatMap((metric) => {
    const metricRecord = record[metric];
    if (!metricRecord || (metricRecord.status !== 'breached' && metricRecord.status !== 'at-risk')) return [];
    const calendar = config.calendars.get(metricRecord.calendar);
    const assignee = issue.fields?.assignee;
    return [
      {
        key: issue.key,
        summary: issue.fields?.summary ?? '',
        priority: issue.fields?.priority?.name ?? null,
        vip: record.tier === 'vip',
        policy: record.policy,
        metric,
        status: metricRecord.status,
        remainingMs: calendar ? liveRemainingMs(metricRecord, calendar, now) : remainingFromRecord(metricRecord, now),
        dueAt: metricRecord.dueAt ?? null,
        breachedAt: metricRecord.breachedAt ?? null,
        assignee: assignee ? { accountId: assignee.accountId, displayName: assignee.displayName ?? assignee.accountId } : null,
      },
    ];
  });
}

/** Wall-clock fallback for a record whose calendar has since been removed from the config. */
function remainingFromRecord(record: MetricRecord, now: number): number {
  if (record.breachedAt) return Date.parse(record.breachedAt) - now;
  return record.dueAt ? Date.parse(record.dueAt) - now : record.targetMs;
}

/** VIP first, then the most overdue (breached, by time overdue), then at risk by time left. */
export function byUrgency(a: BreachRow, b: BreachRow): number {
  if (a.vip !== b.vip) return a.vip ? -1 : 1;
  return a.remainingMs - b.remainingMs || a.key.localeCompare(b.key, 'en', { numeric: true });
}

export interface ComplianceCell {
  priority: string;
  met: number;
  late: number;
  /** Met on time, in percent of those that stopped; `null` when none did. */
  percent: number | null;
}

/** Met % per metric and priority for clocks that stopped in `[from, to)`. */
export async function compliance(jira: JiraClient, period: { from: number; to: number }, filters: Omit<ReportFilters, 'metric'>) {
  const day = (instant: number) => new Date(instant).toISOString().slice(0, 16).replace('T', ' ');
  const result = {} as Record<Metric, { overall: ComplianceCell; byPriority: ComplianceCell[] }>;
  let truncated = false;
  for (const metric of METRICS) {
    const alias = `${metricAlias(metric)}Stopped`;
    const jql = [`${alias} >= "${day(period.from)}"`, `${alias} < "${day(period.to)}"`, ...filterClauses(filters)].join(' AND ');
    const found = await searchAll(jira, jql, { fields: ['priority'], properties: [SLA_PROPERTY_KEY], limit: 5 * REPORT_LIMIT });
    truncated ||= found.truncated;
    const cells = new Map<string, ComplianceCell>();
    const overall: ComplianceCell = { priority: 'All', met: 0, late: 0, percent: null };
    for (const issue of found.issues) {
      const status = (issue.properties?.[SLA_PROPERTY_KEY] as SlaProperty | undefined)?.[metric]?.status;
      if (status !== 'met' && status !== 'met-late') continue;
      const priority = issue.fields?.priority?.name ?? '(none)';
      const cell = cells.get(priority) ?? { priority, met: 0, late: 0, percent: null };
      for (const target of [cell, overall]) target[status === 'met' ? 'met' : 'late'] += 1;
      cells.set(priority, cell);
    }
    const withPercent = (cell: ComplianceCell) => ({ ...cell, percent: cell.met + cell.late ? Math.round((1000 * cell.met) / (cell.met + cell.late)) / 10 : null });
    result[metric] = { overall: withPercent(overall), byPriority: [...cells.values()].map(withPercent) };
  }
  return { period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() }, metrics: result, truncated };
}
