/**
 * Working-time arithmetic on a {@link Calendar}.
 *
 * The working time of a calendar is the set of instants whose local wall-clock time (in the
 * calendar's zone) lies inside one of that weekday's intervals, on a local date that is not a
 * holiday. Real elapsed time counts, so an interval that spans a DST change is an hour shorter or
 * longer; a local time skipped by spring-forward contributes nothing, and one repeated by fall-back
 * counts each time it occurs.
 *
 * Each year of local dates is turned once into sorted UTC segments with running totals; both
 * functions are then a few binary searches.
 */
import { localDateKey, type Calendar, type YearSegments } from './calendar';
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

/** Working segments of the local dates of `year`, built on first use and kept on the calendar. */
export function yearSegments(calendar: Calendar, year: number): YearSegments {
  const cached = calendar.years.get(year);
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
  const merged: [number, number][] = [];
  for (const segment of raw) {
    const last = merged[merged.length - 1];
    if (last && last[1] >= segment[0]) last[1] = Math.max(last[1], segment[1]);
    else merged.push([segment[0], segment[1]]);
  }
  const segments: YearSegments = {
    starts: Float64Array.from(merged, (s) => s[0]),
    ends: Float64Array.from(merged, (s) => s[1]),
    cum: new Float64Array(merged.length + 1),
  };
  merged.forEach(([start, end], i) => (segments.cum[i + 1] = segments.cum[i]! + end - start));
  calendar.years.set(year, segments);
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
function firstAtOrAfter(sorted: Float64Array, value: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working time of one year's segments that lies before `instant`. */
function workedBefore(segments: YearSegments, instant: number): number {
  const i = lastAtOrBefore(segments.starts, instant);
  if (i < 0) return 0;
  return segments.cum[i]! + Math.min(instant, segments.ends[i]!) - segments.starts[i]!;
}

/**
 * Working time in `[start, end)`, in milliseconds; 0 when `end <= start`.
 *
 * @example workingTimeBetween(berlinOffice, Date.parse('2026-11-23T10:00:01+01:00'), Date.parse('2026-11-23T14:00:00+01:00'))
 * //=> 10_799_000 (2h 59m 59s: 09:00:01-12:30 and 13:30-14:00 around lunch)
 */
export function workingTimeBetween(calendar: Calendar, start: number, end: number): number {
  if (!(end > start)) return 0;
  let total = 0;
  // A year's local dates reach up to 14 hours into the neighbouring UTC years.
  for (let year = utcYear(start - DAY_MS), last = utcYear(end + DAY_MS); year <= last; year++) {
    const segments = yearSegments(calendar, year);
    total += workedBefore(segments, end) - workedBefore(segments, start);
  }
  return total;
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
  let remaining = duration;
  const first = utcYear(start - DAY_MS);
  for (let year = first; year <= first + MAX_YEARS_AHEAD; year++) {
    const segments = yearSegments(calendar, year);
    const total = segments.cum[segments.cum.length - 1]!;
    const before = workedBefore(segments, start);
    if (total - before < remaining) {
      remaining -= total - before;
      continue;
    }
    const wanted = before + remaining;
    const i = firstAtOrAfter(segments.cum, wanted, 1) - 1;
    return segments.starts[i]! + (wanted - segments.cum[i]!);
  }
  throw new RangeError(`Calendar "${calendar.id}" has no working time in the ${MAX_YEARS_AHEAD} years after ${new Date(start).toISOString()}`);
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
  const windows: Window[] = [];
  if (!(until > from)) return windows;
  for (let year = utcYear(from - DAY_MS), last = utcYear(until + DAY_MS); year <= last; year++) {
    const segments = yearSegments(calendar, year);
    for (let i = Math.max(0, lastAtOrBefore(segments.starts, from)); i < segments.starts.length; i++) {
      const start = Math.max(segments.starts[i]!, from);
      const end = Math.min(segments.ends[i]!, until);
      if (segments.starts[i]! >= until) break;
      if (start < end) {
        const previous = windows[windows.length - 1];
        if (previous && previous.end === start) windows[windows.length - 1] = { start: previous.start, end };
        else windows.push({ start, end });
      }
    }
  }
  return windows;
}

/** Whether `date` (`YYYY-MM-DD`) is one of the calendar's holidays. */
export function isHoliday(calendar: Calendar, date: string): boolean {
  return calendar.holidays.has(localDateKey(date));
}
