import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatDuration, type IssueEvaluation, type MetricResult, type StatementFigures } from '../domain';
import { printable } from './files';

const HEADERS = ['Issue', 'Policy', 'Tier', 'Priority', 'Metric', 'Status', 'Elapsed', 'Target', 'Remaining', 'Due / breached / stopped'];

/** Rows under headers, each column as wide as its widest cell. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** Evaluations as a plain-text table; instants in each metric's calendar zone. */
export function evaluationTable(evaluations: readonly IssueEvaluation[]): string {
  const rows = evaluations.flatMap((evaluation) => {
    const results = Object.values(evaluation.metrics);
    return results.length ? results.map((result) => row(evaluation, result)) : [row(evaluation, null)];
  });
  const notes = evaluations.flatMap((evaluation) => evaluation.notes.map((note) => printable(`${evaluation.issue}: ${note}`)));
  return [...table(HEADERS, rows), ...notes].join('\n');
}

/** Cents as `1,234.50 EUR`. */
const money = (cents: number, currency: string) => `${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** A statement's figures as a plain-text table, its totals under it. */
export function statementTable(name: string, figures: StatementFigures): string {
  const cash = (cents: number) => money(cents, figures.currency);
  const rows = figures.levels.map((level) => [
    printable(level.name),
    String(level.counted),
    String(level.met),
    String(level.breached),
    String(level.excluded),
    String(level.running),
    level.achieved === null ? '-' : `${level.achieved.toFixed(2)} %`,
    `${level.expected} %${level.minimum === null ? '' : ` (min ${level.minimum} %)`}`,
    level.outcome,
    cash(level.charged),
    level.earnBack.map((line) => `${line.fromPeriod} ${cash(line.credit)} ${line.state} ${line.good}/${line.needed}`).join('; ') || '-',
  ]);
  const { totals } = figures;
  return [
    `${printable(name)}: ${figures.period.id} (fee ${cash(figures.fee)}, at risk ${cash(figures.atRisk)}, cap ${cash(figures.cap)})`,
    ...table(['Service level', 'Counted', 'Met', 'Breached', 'Excluded', 'Running', 'Achieved', 'Expected', 'Outcome', 'Credit', 'Earn-back'], rows),
    `Credits ${cash(totals.credit)}${totals.capped ? ` capped to ${cash(totals.charged)}` : ''}; earned back ${cash(totals.earnedBack)}; net ${cash(totals.net)}`,
  ].join('\n');
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
