import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatDuration, type IssueEvaluation, type MetricResult } from '../domain';
import { printable } from './files';

const HEADERS = ['Issue', 'Policy', 'Tier', 'Priority', 'Metric', 'Status', 'Elapsed', 'Target', 'Remaining', 'Due / breached / stopped'];

/** Evaluations as a plain-text table; instants in each metric's calendar zone. */
export function evaluationTable(evaluations: readonly IssueEvaluation[]): string {
  const rows = evaluations.flatMap((evaluation) => {
    const results = Object.values(evaluation.metrics);
    return results.length ? results.map((result) => row(evaluation, result)) : [row(evaluation, null)];
  });
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...rows.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const notes = evaluations.flatMap((evaluation) => evaluation.notes.map((note) => printable(`${evaluation.issue}: ${note}`)));
  return [line(HEADERS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ...notes].join('\n');
}

function row(evaluation: IssueEvaluation, result: MetricResult | null): string[] {
  const metric = result ? `${result.metric}${result.kind === 'ola' ? ' (OLA)' : ''}` : '-';
  const head = [evaluation.issue, evaluation.policy?.id ?? '-', evaluation.tier, evaluation.priority ?? '-', metric].map(printable);
  if (!result) return [...head, 'none', '-', '-', '-', '-'];
  const zone = result.explanation.calendar.timeZone;
  const when = (label: string, instant: number | null) => (instant === null ? '' : `${label} ${format(new TZDate(instant, zone), 'yyyy-MM-dd HH:mm:ss xxx')}`);
  const instant = result.dueAt !== null ? when('due', result.dueAt) : when('breached', result.breachedAt);
  const stopped = when('stopped', result.stoppedAt);
  return [
    ...head,
    result.status,
    formatDuration(result.elapsedMs),
    formatDuration(result.targetMs),
    formatDuration(result.remainingMs),
    [instant, stopped].filter(Boolean).join(', ') || '-',
  ];
}
