import { durationMs, formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['4h', 14_400_000],
    ['1h 30m', 5_400_000],
    ['1h30m', 5_400_000],
    ['2h 15m 10s', 8_110_000],
    ['45s', 45_000],
    ['1.5h', 5_400_000],
    ['PT1H30M', 5_400_000],
    ['pt30s', 30_000],
    ['0m', 0],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, ms }));

  it.each([
    ['', 'is empty'],
    ['-5m', '"-5m" is negative'],
    ['2d', '"2d" uses days, which are ambiguous in working time: write hours'],
    ['P1D', '"P1D" uses days, which are ambiguous in working time: write hours'],
    ['soon', '"soon" is not a duration such as "30m", "1h 30m" or "PT1H30M"'],
    ['30m 1h', '"30m 1h" is not a duration such as "30m", "1h 30m" or "PT1H30M"'],
    ['PT', '"PT" is not a duration such as "30m", "1h 30m" or "PT1H30M"'],
  ])('refuses %j: %s', (text, reason) => expect(parseDuration(text)).toEqual({ ok: false, reason }));

  it('durationMs throws on what parseDuration refuses', () => {
    expect(durationMs('1h')).toBe(3_600_000);
    expect(() => durationMs('1 week')).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [10_799_000, '2h 59m 59s'],
    [1_800_000, '30m'],
    [-3_900_000, '-1h 5m'],
    [100 * 3_600_000, '100h'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
