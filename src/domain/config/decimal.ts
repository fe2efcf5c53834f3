/**
 * Money and rates in the config are decimals of at most two places. JSON gives them as numbers;
 * a number's decimal text (ECMAScript's shortest spelling that reads back as the same number, which
 * for a number read from JSON is the text written there) is read digit by digit into integer
 * hundredths, so no floating-point product ever decides whether an amount is valid or what it is.
 */

/**
 * The number in integer hundredths, exactly, from its decimal text; `null` when it has more than
 * two decimals, is not finite, or is beyond the integers a number holds exactly.
 *
 * @example
 * hundredthsOf(289710148314.9) // 28971014831490
 * hundredthsOf(0.07) // 7
 * hundredthsOf(1.005) // null (three decimals)
 */
export function hundredthsOf(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  // `toString` may use an exponent: 1e21, 1.5e-7.
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(Math.abs(value).toString());
  if (!match) return null;
  const digits = `${match[1]}${match[2] ?? ''}`;
  // value = digits × 10^exponent; hundredths = digits × 10^(exponent + 2).
  const scale = Number(match[3] ?? 0) - (match[2]?.length ?? 0) + 2;
  let result: bigint;
  if (scale >= 0) result = BigInt(digits) * 10n ** BigInt(scale);
  else {
    if (!/^0*$/.test(digits.slice(scale))) return null;
    result = BigInt(digits.slice(0, scale) || '0');
  }
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(value < 0 ? -result : result);
}

/** Whether a number is a decimal of at most two places (see {@link hundredthsOf}). */
export const hasTwoDecimalsAtMost = (value: number): boolean => hundredthsOf(value) !== null;
