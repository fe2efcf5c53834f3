/**
 * The managers' list as CSV: every page of the current filters (100 rows a request, so no request
 * nears the resolver's time limit), the JQL that finds the same issues first, instants in ISO UTC,
 * working time in hours.
 */
import type { AnswerOf, ReportFilters } from '../../src/contract';
import { csvField } from '../../src/domain/reports/statement-csv';
import { resolvers } from '../shared/bridge';

const call = resolvers('report');
type Row = AnswerOf<'report', 'breaches'>['rows'][number];

export const LIST_CSV_COLUMNS = ['issue', 'summary', 'priority', 'tier', 'customer', 'metric', 'internal', 'status', 'remaining_hours', 'created', 'due', 'breached', 'stopped', 'assignee', 'escalated'] as const;

const hours = (ms: number) => String(Math.round((ms / 3_600_000) * 100) / 100);

function line(row: Row): string {
  return [row.key, row.summary, row.priority ?? '', row.tier, row.customer ?? '', row.metricName, row.internal ? 'yes' : 'no', row.status, hours(row.remainingMs), row.created ?? '', row.dueAt ?? '', row.breachedAt ?? '', row.stoppedAt ?? '', row.assignee?.displayName ?? '', row.escalated ? 'yes' : 'no']
    .map(csvField)
    .join(',');
}

export async function breachesCsv(filters: ReportFilters, progress: (rows: number) => void): Promise<string> {
  const lines: string[] = [];
  let jql: string | undefined;
  let cursor: string | undefined;
  do {
    const answer = await call('breaches', { filters, pageSize: 100, ...(cursor ? { cursor } : {}) });
    if (!answer.ok) throw new Error(answer.error.message);
    jql = answer.value.jql;
    lines.push(...answer.value.rows.map(line));
    progress(lines.length);
    cursor = answer.value.nextCursor;
  } while (cursor);
  return [`${csvField('JQL')},${csvField(jql ?? '')}`, LIST_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
