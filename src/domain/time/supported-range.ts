/**
 * The instants the engine works with: 2000-01-01T00:00Z up to (not including) 2100-01-01T00:00Z.
 * Working time is built a year of local dates at a time, so an absurd instant read back from Jira
 * (a forged date far in the past, a typo'd year) would make it build tables for centuries: such
 * instants are refused with a clear error instead.
 */
export const SUPPORTED_FROM = Date.UTC(2000, 0, 1);
export const SUPPORTED_TO = Date.UTC(2100, 0, 1);

export function isSupportedInstant(instant: number): boolean {
  return instant >= SUPPORTED_FROM && instant < SUPPORTED_TO;
}

/**
 * @throws RangeError naming `what` when `instant` is outside the supported range.
 * @example checkInstant(Date.parse('1026-11-20T16:00:00Z'), 'created') // throws: created (1026-11-20T16:00:00.000Z) is outside …
 */
export function checkInstant(instant: number, what: string): number {
  if (!isSupportedInstant(instant)) {
    const shown = Number.isFinite(instant) && Math.abs(instant) <= 8.64e15 ? new Date(instant).toISOString() : String(instant);
    throw new RangeError(`${what} (${shown}) is outside the supported range 2000-01-01 to 2099-12-31 (UTC)`);
  }
  return instant;
}
