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

/**
 * Working segments `[starts[i], ends[i])` in UTC, sorted and disjoint, with running totals: the
 * local dates of years `fromYear..toYear`, so every instant in `[coveredFrom, coveredTo)` is exact.
 */
export interface SegmentTable {
  readonly fromYear: number;
  readonly toYear: number;
  readonly coveredFrom: number;
  readonly coveredTo: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** `cum[i]` is the working time of segments `0..i-1`; `cum[n]` the total. */
  readonly cum: Float64Array;
}

/** Filled lazily by `working-time.ts`: each year's segments, and one table over the years asked for. */
export interface CalendarCache {
  readonly years: Map<number, readonly (readonly [number, number])[]>;
  table: SegmentTable | null;
}

/**
 * A calendar ready for arithmetic: day-local intervals, holidays as UTC-midnight keys of local
 * dates, and the cache of working segments.
 */
export interface Calendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly daily: DailyIntervals;
  readonly holidays: ReadonlySet<number>;
  readonly cache: CalendarCache;
}

/** Compiles a validated calendar spec. Throws on an invalid one (validate the config first). */
export function compileCalendar(spec: CalendarSpec): Calendar {
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    timeZone: spec.timeZone,
    daily: dailyIntervals(spec.weekly),
    holidays: new Set((spec.holidays ?? []).map((holiday) => localDateKey(holiday.date))),
    cache: { years: new Map(), table: null },
  };
}

/** `"2026-12-25"` as the UTC midnight of that date, the key local dates are compared by. */
export function localDateKey(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}
