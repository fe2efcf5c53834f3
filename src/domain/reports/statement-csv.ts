/**
 * A statement's cycles as CSV (RFC 4180, CRLF line ends): one row per cycle and service level it
 * counts for, ISO instants in UTC. The managers' page and the CLI write the same columns.
 */
import type { CycleClass } from './statement';
import type { StatementCycle } from '../records/sla-record';

export const STATEMENT_CSV_COLUMNS = ['agreement', 'period', 'service_level', 'issue', 'metric', 'priority', 'started_at', 'stopped_at', 'outcome', 'excluded_reason'] as const;

/** The fields of a cycle a statement's row shows. */
export type CycleFields = Pick<StatementCycle, 'issueKey' | 'metric' | 'priority' | 'startedAt' | 'stoppedAt' | 'met'>;

export interface CsvCycle extends CycleFields {
  readonly cls: CycleClass;
  readonly levels: readonly string[];
  readonly exclusionReason?: string | null;
}

const OUTCOME: Record<CycleClass, string> = { counted: '', excluded: 'excluded', running: 'running', 'counted-earlier': 'counted earlier' };

/**
 * One field: quoted when it holds a comma, quote or line break; text starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (OWASP's list of formula triggers; a plain number aside) is
 * escaped with `'` so a spreadsheet never runs it as a formula.
 *
 * @example
 * csvField('=1+1') // "'=1+1"
 * csvField('\t=1+1') // "'\t=1+1"
 * csvField('-14.25') // '-14.25'
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const iso = (instant: number | null) => (instant === null ? '' : new Date(instant).toISOString());

export function statementCsvHeader(): string {
  return `${STATEMENT_CSV_COLUMNS.join(',')}\r\n`;
}

/** Rows (no header) for `cycles` of one statement. */
export function statementCsvRows(agreement: string, period: string, cycles: readonly CsvCycle[]): string {
  let text = '';
  for (const cycle of cycles) {
    const outcome = cycle.cls === 'counted' ? (cycle.met ? 'met' : 'breached') : OUTCOME[cycle.cls];
    for (const level of cycle.levels) {
      text += `${[agreement, period, level, cycle.issueKey, cycle.metric, cycle.priority, iso(cycle.startedAt), iso(cycle.stoppedAt), outcome, cycle.exclusionReason ?? ''].map(csvField).join(',')}\r\n`;
    }
  }
  return text;
}
