import { tzOffset, tzScan } from '@date-fns/tz';

const SUPPORTED_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const FIXED_ZONE = /^(?:UTC|Etc\/GMT(?:[+-](?:[0-9]|1[0-4]))?)$/;

/**
 * The one spelling of a zone: itself when the runtime lists it, else what the runtime resolves it
 * to (`europe/berlin` and `Europe/BERLIN` are `Europe/Berlin`, `US/Eastern` is `America/New_York`);
 * `null` for no zone. A zone from a request is passed through this before it reaches a library
 * that keeps something per spelling (`@date-fns/tz` keeps a formatter per distinct string, for as
 * long as the process lives), so no caller can grow the app's memory by spelling a zone anew.
 *
 * @example
 * canonicalTimeZone('EUROPE/berlin') // 'Europe/Berlin'
 * canonicalTimeZone('+05:00') // null
 */
export function canonicalTimeZone(timeZone: string): string | null {
  if (SUPPORTED_ZONES.has(timeZone)) return timeZone;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone) || timeZone.length > 64) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return SUPPORTED_ZONES.has(resolved) || FIXED_ZONE.test(resolved) ? resolved : null;
}

/**
 * Whether `timeZone` is a real IANA zone: one the runtime lists (`Intl.supportedValuesOf`), one of
 * their aliases (`EST5EDT`, `US/Eastern`, `GMT0`) in any letter case, or UTC and the fixed
 * `Etc/GMT±N` zones that exist (N up to 14). Offsets such as `+05:00` and invented zones such as
 * `Etc/GMT+99` are refused.
 */
export function isValidTimeZone(timeZone: string): boolean {
  const canonical = canonicalTimeZone(timeZone);
  return canonical !== null && !Number.isNaN(tzOffset(canonical, new Date(0)));
}

/** A stretch of UTC time `[from, to)` over which a zone keeps one offset (in milliseconds). */
export interface OffsetPiece {
  readonly from: number;
  readonly to: number;
  readonly offsetMs: number;
}

const piecesByZoneYear = new Map<string, readonly OffsetPiece[]>();

/**
 * The zone's offsets over UTC year `year`, widened by two days on each side so that every local
 * date of that year is covered whatever the zone. Memoised: the zone database does not change
 * while the process runs, and the scan costs about a millisecond.
 */
export function offsetPieces(timeZone: string, year: number): readonly OffsetPiece[] {
  const key = `${timeZone}|${year}`;
  const cached = piecesByZoneYear.get(key);
  if (cached) return cached;
  const from = Date.UTC(year, 0, 1) - 2 * 86_400_000;
  const to = Date.UTC(year + 1, 0, 1) + 2 * 86_400_000;
  const pieces: OffsetPiece[] = [];
  let start = from;
  let offsetMs = tzOffset(timeZone, new Date(from)) * 60_000;
  for (const change of tzScan(timeZone, { start: new Date(from), end: new Date(to) })) {
    const at = change.date.getTime();
    if (at <= start) {
      offsetMs = change.offset * 60_000;
      continue;
    }
    pieces.push({ from: start, to: at, offsetMs });
    start = at;
    offsetMs = change.offset * 60_000;
  }
  pieces.push({ from: start, to, offsetMs });
  piecesByZoneYear.set(key, pieces);
  return pieces;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDate(timeZone: string, instant: number): string {
  const local = new Date(instant + tzOffset(timeZone, new Date(instant)) * 60_000);
  return local.toISOString().slice(0, 10);
}
