import { dailyIntervals, type DailyIntervals, type WeeklySpec } from './weekly-hours';

/** A holiday: a whole local day in the calendar's zone. */
export interface Holiday {
  readonly date: string;
  readonly name?: string | undefined;
}

/** A business calendar as written in the config document. */
export interface CalendarSpec {
  readonly id: string;
  readonly name?: string | undefined;
  readonly timeZone: string;
  readonly weekly: WeeklySpec;
  readonly holidays?: readonly Holiday[] | undefined;
}

/** Working segments of one year's local dates, in UTC, with running totals for binary search. */
export interface YearSegments {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** `cum[i]` is the working time of segments `0..i-1`; `cum[n]` the year's total. */
  readonly cum: Float64Array;
}

/**
 * A calendar ready for arithmetic: day-local intervals, holidays as UTC-midnight keys of local
 * dates, and a per-year cache of working segments filled lazily by `working-time.ts`.
 */
export interface Calendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly daily: DailyIntervals;
  readonly holidays: ReadonlySet<number>;
  readonly years: Map<number, YearSegments>;
}

/** Compiles a validated calendar spec. Throws on an invalid one (validate the config first). */
export function compileCalendar(spec: CalendarSpec): Calendar {
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    timeZone: spec.timeZone,
    daily: dailyIntervals(spec.weekly),
    holidays: new Set((spec.holidays ?? []).map((holiday) => localDateKey(holiday.date))),
    years: new Map(),
  };
}

/** `"2026-12-25"` as the UTC midnight of that date, the key local dates are compared by. */
export function localDateKey(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}
