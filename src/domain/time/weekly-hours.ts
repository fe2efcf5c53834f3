/**
 * Weekly working hours: the template a calendar repeats every week, in local wall-clock time.
 *
 * Rules:
 * - A day holds any number of `"HH:MM-HH:MM"` intervals; `24:00` is allowed as an end.
 * - An interval whose end is before its start runs overnight: `"22:00-06:00"` on Monday is Monday
 *   22:00 to Tuesday 06:00. It is stored as two day-local pieces, so a holiday on Tuesday removes
 *   Tuesday's 00:00-06:00 and nothing of Monday (holidays are whole local days).
 * - `"24x7"` is every minute of every day.
 * - Intervals may not overlap, across midnight and across the week's end included.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type WeeklySpec = '24x7' | Partial<Record<Weekday, readonly string[]>>;

/** A local interval in minutes since that day's midnight; `end` may pass 1440 when overnight. */
export interface LocalInterval {
  readonly start: number;
  readonly end: number;
}

/** Day-local intervals (`0 <= start < end <= 1440`) indexed like `Date#getUTCDay()` (0 = Sunday). */
export type DailyIntervals = readonly (readonly LocalInterval[])[];

const DAY = 1440;
const WEEK = 7 * DAY;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function parseClock(text: string): number | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= DAY ? minutes : undefined;
}

export type IntervalResult = { ok: true; interval: LocalInterval } | { ok: false; reason: string };

/** Parses `"09:00-12:30"`; an end at or before the start means the interval runs overnight. */
export function parseInterval(text: string): IntervalResult {
  const [from, to, ...rest] = text.split('-');
  const start = from === undefined ? undefined : parseClock(from);
  const end = to === undefined ? undefined : parseClock(to);
  if (rest.length || start === undefined || end === undefined) {
    return { ok: false, reason: `"${text}" is not an interval such as "09:00-17:30"` };
  }
  if (start === DAY) return { ok: false, reason: `"${text}" starts at 24:00; write 00:00` };
  if (start === end) return { ok: false, reason: `"${text}" is empty` };
  if (end < start && end === DAY) return { ok: false, reason: `"${text}" is empty` };
  return { ok: true, interval: { start, end: end > start ? end : end + DAY } };
}

export interface WeeklyProblem {
  /** Path below `weekly`, e.g. `["tue", 1]`. */
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/** Every problem in a weekly spec: unparsable intervals, overlaps, and a week without working time. */
export function weeklyProblems(weekly: WeeklySpec): WeeklyProblem[] {
  if (weekly === '24x7') return [];
  const problems: WeeklyProblem[] = [];
  const inWeek: { start: number; end: number; path: (string | number)[]; text: string }[] = [];
  WEEKDAYS.forEach((day) => {
    (weekly[day] ?? []).forEach((text, i) => {
      const parsed = parseInterval(text);
      if (!parsed.ok) problems.push({ path: [day, i], reason: parsed.reason });
      else {
        const offset = ((WEEKDAYS.indexOf(day) + 6) % 7) * DAY; // Monday-based week
        inWeek.push({ start: offset + parsed.interval.start, end: offset + parsed.interval.end, path: [day, i], text });
      }
    });
  });
  inWeek.sort((a, b) => a.start - b.start);
  inWeek.forEach((current, i) => {
    const next = inWeek[(i + 1) % inWeek.length]!;
    const nextStart = i + 1 < inWeek.length ? next.start : next.start + WEEK;
    if (inWeek.length > 1 && current.end > nextStart) {
      problems.push({ path: next.path, reason: `"${next.text}" overlaps "${current.text}" (${current.path[0]})` });
    }
  });
  if (!problems.length && inWeek.length === 0) problems.push({ path: [], reason: 'has no working hours' });
  return problems;
}

/**
 * Day-local intervals per weekday, overnight intervals split at midnight and adjacent pieces merged.
 * Throws on an invalid spec: validate with {@link weeklyProblems} first.
 */
export function dailyIntervals(weekly: WeeklySpec): DailyIntervals {
  const days: LocalInterval[][] = WEEKDAYS.map(() => []);
  if (weekly === '24x7') return days.map(() => [{ start: 0, end: DAY }]);
  WEEKDAYS.forEach((day, index) => {
    for (const text of weekly[day] ?? []) {
      const parsed = parseInterval(text);
      if (!parsed.ok) throw new RangeError(`weekly.${day}: ${parsed.reason}`);
      const { start, end } = parsed.interval;
      days[index]!.push({ start, end: Math.min(end, DAY) });
      if (end > DAY) days[(index + 1) % 7]!.push({ start: 0, end: end - DAY });
    }
  });
  return days.map(mergeAdjacent);
}

function mergeAdjacent(intervals: LocalInterval[]): LocalInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: LocalInterval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.end === interval.start) merged[merged.length - 1] = { start: last.start, end: interval.end };
    else merged.push(interval);
  }
  return merged;
}
