/**
 * Working-time arithmetic on a {@link Calendar}.
 *
 * The working time of a calendar is the set of instants whose local wall-clock time (in the
 * calendar's zone) lies inside one of that weekday's intervals, on a local date that is not a
 * holiday. Real elapsed time counts, so an interval that spans a DST change is an hour shorter or
 * longer; a local time skipped by spring-forward contributes nothing, and one repeated by fall-back
 * counts each time it occurs.
 *
 * Each year of local dates is turned once into UTC segments; the years asked for are joined into one
 * table with running totals, and both functions are then two binary searches.
 */
import type { Calendar, SegmentTable } from './calendar';
import { checkInstant } from './supported-range';
import { offsetPieces, type OffsetPiece } from './time-zone';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Years searched past the start for working time before giving up (a calendar of only holidays). */
const MAX_YEARS_AHEAD = 100;

/** The UTC calendar year of an instant, without allocating a Date. */
function utcYear(instant: number): number {
  const approx = Math.floor(instant / 31_556_952_000) + 1970;
  if (instant < Date.UTC(approx, 0, 1)) return approx - 1;
  if (instant >= Date.UTC(approx + 1, 0, 1)) return approx + 1;
  return approx;
}

/** Working segments of the local dates of `year`, sorted, disjoint and merged where adjacent. */
function yearSegments(calendar: Calendar, year: number): readonly (readonly [number, number])[] {
  const cached = calendar.cache.years.get(year);
  if (cached) return cached;
  const pieces = offsetPieces(calendar.timeZone, year);
  const raw: [number, number][] = [];
  for (let day = Date.UTC(year, 0, 1), end = Date.UTC(year + 1, 0, 1); day < end; day += DAY_MS) {
    if (calendar.holidays.has(day)) continue;
    const weekday = new Date(day).getUTCDay();
    for (const interval of calendar.daily[weekday]!) {
      preimage(day + interval.start * MINUTE_MS, day + interval.end * MINUTE_MS, pieces, raw);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const segments = mergeAdjacent(raw);
  calendar.cache.years.set(year, segments);
  return segments;
}

/** The UTC instants whose local time lies in `[localStart, localEnd)`: one segment per offset. */
function preimage(localStart: number, localEnd: number, pieces: readonly OffsetPiece[], out: [number, number][]): void {
  for (const piece of pieces) {
    const start = Math.max(localStart - piece.offsetMs, piece.from);
    const end = Math.min(localEnd - piece.offsetMs, piece.to);
    if (start < end) out.push([start, end]);
  }
}

function mergeAdjacent(sorted: Iterable<readonly [number, number]>): [number, number][] {
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * The calendar's segment table, widened (rarely) so that it covers `[from, to)`. A working instant's
 * local date is within a day of its UTC date, which is why coverage stops a day short of the years.
 */
function tableCovering(calendar: Calendar, from: number, to: number): SegmentTable {
  const current = calendar.cache.table;
  if (current && from >= current.coveredFrom && to <= current.coveredTo) return current;
  // The one place tables grow: no instant outside the supported range may make them span centuries.
  checkInstant(from, 'A working-time instant');
  checkInstant(to, 'A working-time instant');
  const fromYear = Math.min(utcYear(from) - 1, current?.fromYear ?? Infinity);
  const toYear = Math.max(utcYear(to) + 1, current?.toYear ?? -Infinity);
  const years = Array.from({ length: toYear - fromYear + 1 }, (_, i) => yearSegments(calendar, fromYear + i));
  const merged = mergeAdjacent(years.flat());
  const table: SegmentTable = {
    fromYear,
    toYear,
    coveredFrom: Date.UTC(fromYear, 0, 1) + DAY_MS,
    coveredTo: Date.UTC(toYear + 1, 0, 1) - DAY_MS,
    starts: Float64Array.from(merged, (s) => s[0]),
    ends: Float64Array.from(merged, (s) => s[1]),
    cum: new Float64Array(merged.length + 1),
  };
  merged.forEach(([start, end], i) => (table.cum[i + 1] = table.cum[i]! + end - start));
  calendar.cache.table = table;
  return table;
}

/** Index of the last element `<= value` in a sorted array, or -1. */
function lastAtOrBefore(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first element `>= value` in a sorted array (its length if none). */
function firstAtOrAfter(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working time in the table before `instant`. */
function workedBefore(table: SegmentTable, instant: number): number {
  const i = lastAtOrBefore(table.starts, instant);
  if (i < 0) return 0;
  return table.cum[i]! + Math.min(instant, table.ends[i]!) - table.starts[i]!;
}

/**
 * Working time in `[start, end)`, in milliseconds; 0 when `end <= start`.
 *
 * @example workingTimeBetween(berlinOffice, Date.parse('2026-11-23T10:00:01+01:00'), Date.parse('2026-11-23T14:00:00+01:00'))
 * //=> 10_799_000 (2h 59m 59s: 10:00:01-12:30 and 13:30-14:00 around lunch)
 */
export function workingTimeBetween(calendar: Calendar, start: number, end: number): number {
  if (!(end > start)) return 0;
  const table = tableCovering(calendar, start, end);
  return workedBefore(table, end) - workedBefore(table, start);
}

/**
 * The earliest instant at which `duration` milliseconds of working time have passed since `start`.
 * A duration that runs out exactly at closing time is due at closing time, not at the next opening;
 * a zero duration is due at `start`.
 *
 * @throws RangeError for a negative or non-finite duration, or a calendar with no working time
 * within {@link MAX_YEARS_AHEAD} years.
 */
export function addWorkingTime(calendar: Calendar, start: number, duration: number): number {
  if (!(duration >= 0) || !Number.isFinite(duration)) throw new RangeError(`Invalid duration: ${duration}`);
  if (duration === 0) return start;
  let table = tableCovering(calendar, start, start);
  for (let years = 1; years <= MAX_YEARS_AHEAD; years *= 2) {
    const wanted = workedBefore(table, start) + duration;
    const total = table.cum[table.cum.length - 1]!;
    if (wanted <= total) {
      const i = firstAtOrAfter(table.cum, wanted) - 1;
      const due = table.starts[i]! + (wanted - table.cum[i]!);
      if (due <= table.coveredTo) return due;
    }
    table = tableCovering(calendar, start, Date.UTC(table.toYear + years, 0, 1));
  }
  throw new RangeError(`Calendar "${calendar.id}" has no working time in the ${MAX_YEARS_AHEAD} years after ${new Date(start).toISOString()}`);
}

/**
 * The first instant at or after `from` that is working time, or `null` when there is none within
 * `horizonDays`: when a running clock that is stopped outside working hours resumes.
 *
 * @example nextWorkingInstant(berlinOffice, Date.parse('2026-11-20T17:30:00+01:00'))
 * //=> Date.parse('2026-11-23T09:00:00+01:00') (Friday evening: Monday morning)
 */
export function nextWorkingInstant(calendar: Calendar, from: number, horizonDays = 366): number | null {
  return workingWindows(calendar, from, from + horizonDays * DAY_MS)[0]?.start ?? null;
}

/** A working window `[start, end)` in epoch milliseconds. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * The working windows that intersect `[from, until)`, clipped to it: what a countdown needs to tick
 * only while the clock really runs.
 */
export function workingWindows(calendar: Calendar, from: number, until: number): Window[] {
  if (!(until > from)) return [];
  const table = tableCovering(calendar, from, until);
  const windows: Window[] = [];
  for (let i = Math.max(0, lastAtOrBefore(table.starts, from)); i < table.starts.length && table.starts[i]! < until; i++) {
    const start = Math.max(table.starts[i]!, from);
    const end = Math.min(table.ends[i]!, until);
    if (start < end) windows.push({ start, end });
  }
  return windows;
}
