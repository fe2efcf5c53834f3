/**
 * Measurement periods of an agreement: calendar months or quarters in the agreement's time zone.
 * A period is `[from, to)`: it starts at local midnight of its first day and ends at local
 * midnight of the first day of the next one, so an instant exactly at the boundary belongs to the
 * later period.
 */
import { TZDate } from '@date-fns/tz';

export type PeriodUnit = 'month' | 'quarter';

export interface Period {
  /** `2026-10` for a month, `2026-Q4` for a quarter. */
  readonly id: string;
  readonly from: number;
  readonly to: number;
}

const MONTH_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_ID = /^(\d{4})-Q([1-4])$/;

const monthsOf = (unit: PeriodUnit) => (unit === 'month' ? 1 : 3);

/** The period starting in local month `month` (0-11) of `year`, which must start a period of `unit`. */
function periodStarting(year: number, month: number, unit: PeriodUnit, timeZone: string): Period {
  const from = new TZDate(year, month, 1, timeZone).getTime();
  const to = new TZDate(year, month + monthsOf(unit), 1, timeZone).getTime();
  const id = unit === 'month' ? `${year}-${String(month + 1).padStart(2, '0')}` : `${year}-Q${month / 3 + 1}`;
  return { id, from, to };
}

/**
 * The period holding `instant`.
 *
 * @example
 * periodOf(Date.parse('2026-10-31T23:30:00Z'), 'month', 'Europe/Berlin').id // '2026-11' (00:30 on 1 November in Berlin)
 */
export function periodOf(instant: number, unit: PeriodUnit, timeZone: string): Period {
  const local = new TZDate(instant, timeZone);
  const month = local.getMonth();
  return periodStarting(local.getFullYear(), month - (month % monthsOf(unit)), unit, timeZone);
}

/** The period an id names (`2026-10`, `2026-Q4`), or `null` when it is not one of `unit`. */
export function periodById(id: string, unit: PeriodUnit, timeZone: string): Period | null {
  const match = (unit === 'month' ? MONTH_ID : QUARTER_ID).exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  return periodStarting(year, unit === 'month' ? Number(match[2]) - 1 : (Number(match[2]) - 1) * 3, unit, timeZone);
}

/** The period after `period`. */
export function nextPeriod(period: Period, unit: PeriodUnit, timeZone: string): Period {
  return periodOf(period.to, unit, timeZone);
}

/** The period before `period`. */
export function previousPeriod(period: Period, unit: PeriodUnit, timeZone: string): Period {
  return periodOf(period.from - 1, unit, timeZone);
}

/** Whether a local date (`YYYY-MM-DD`) is the first day of a period of `unit`. */
export function startsPeriod(date: string, unit: PeriodUnit): boolean {
  const [, month, day] = date.split('-').map(Number);
  return day === 1 && (month! - 1) % monthsOf(unit) === 0;
}

/** Whether a local date (`YYYY-MM-DD`) is the last day of a period of `unit`. */
export function endsPeriod(date: string, unit: PeriodUnit): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return day === lastDay && month! % monthsOf(unit) === 0;
}
