/**
 * Durations of working time, as people write them in SLA targets.
 *
 * Accepted forms: `"30m"`, `"4h"`, `"1h 30m"`, `"1h30m"`, `"45s"`, and ISO 8601 time durations
 * such as `"PT1H30M"`. Days are refused on purpose: in business time "1 day" is ambiguous (24 hours?
 * one working day?), so targets are written in hours.
 */

const MS = { h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof MS;

const SIMPLE = /^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$/i;
const ISO = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i;

/** The longest target the engine accepts: beyond it a target is a typing mistake, not a promise. */
export const MAX_DURATION_MS = 10_000 * MS.h;

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Parses a duration into whole milliseconds.
 *
 * @returns `{ok: true, ms}`, or `{ok: false, reason}` with a sentence fit for an error message.
 */
export function parseDuration(text: string): DurationResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (trimmed.startsWith('-')) return { ok: false, reason: `"${text}" is negative` };
  if (/^P(?!T)|\d\s*d\b|^P\d+D/i.test(trimmed)) {
    return { ok: false, reason: `"${text}" uses days, which are ambiguous in working time: write hours` };
  }
  const match = ISO.exec(trimmed) ?? SIMPLE.exec(trimmed);
  if (!match || match.slice(1).every((part) => part === undefined)) {
    return { ok: false, reason: `"${text}" is not a duration such as "30m", "1h 30m" or "PT1H30M"` };
  }
  const units: Unit[] = ['h', 'm', 's'];
  const ms = units.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * MS[unit], 0);
  if (!(ms <= MAX_DURATION_MS)) return { ok: false, reason: `"${text}" is longer than the 10000h a target may be` };
  return { ok: true, ms: Math.round(ms) };
}

/** Parses a duration that is known to be valid (validated config); throws otherwise. */
export function durationMs(text: string): number {
  const result = parseDuration(text);
  if (!result.ok) throw new RangeError(`Duration ${result.reason}`);
  return result.ms;
}

/**
 * Formats milliseconds for people: `"2h 59m 59s"`, `"30m"`, `"0s"`, `"-1h 5m"`.
 * Seconds are shown only when there are any; milliseconds are dropped.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return parts.length ? sign + parts.join(' ') : '0s';
}
