import fc from 'fast-check';
import { loadExampleConfig } from '../../../test/support/evaluate';
import { hundredthsOf } from './decimal';
import { validateConfig } from './validate';

/** `cents` written as a decimal text with two places, as an admin types it into the JSON. */
const text = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

describe('hundredthsOf', () => {
  it.each([
    [289710148314.9, 28971014831490],
    [0.07, 7],
    [0.1, 10],
    [1.1, 110],
    [100, 10000],
    [1e12, 1e14],
    [0, 0],
    [-14.25, -1425],
  ])('%s is %s hundredths', (value, expected) => expect(hundredthsOf(value)).toBe(expected));

  it.each([1.005, 0.001, 1e-7, 1.5e-7, 0.123, Number.NaN, Number.POSITIVE_INFINITY, 1e300])('refuses %s', (value) => expect(hundredthsOf(value)).toBeNull());

  it('reads every amount of up to two decimals to the cent, from the text a JSON document holds (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000_000_000_000n }), (cents) => {
        expect(hundredthsOf(JSON.parse(text(cents)) as number)).toBe(Number(cents));
      }),
    );
  });

  it('refuses every amount with a third decimal that is not zero (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000_000_000n }), fc.integer({ min: 1, max: 9 }), (cents, third) => {
        expect(hundredthsOf(JSON.parse(`${text(cents)}${third}`) as number)).toBeNull();
      }),
    );
  });

  it('reads every rate of up to two decimals between 0 and 100 exactly (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => expect(hundredthsOf(JSON.parse(text(BigInt(hundredths))) as number)).toBe(hundredths)));
  });
});

describe('an agreement’s fee', () => {
  it('takes any amount of up to two decimals under the maximum, one decimal included', () => {
    const config = loadExampleConfig();
    config.agreements![0]!.fee.amount = JSON.parse('289710148314.9') as number;
    expect(validateConfig(config)).toMatchObject({ ok: true });
    config.agreements![0]!.fee.amount = JSON.parse('289710148314.905') as number;
    expect(validateConfig(config)).toMatchObject({ ok: false, errors: [{ path: 'agreements[0].fee.amount', message: 'takes at most two decimals' }] });
  });
});
