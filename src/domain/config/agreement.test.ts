import { evaluateJson, loadExampleConfig } from '../../../test/support/evaluate';
import { issue } from '../../../test/support/issue-builder';
import { validateConfig } from './validate';

const base = loadExampleConfig();
const acme = base.agreements![0]!;
const withAgreements = (agreements: unknown[]) => validateConfig({ ...base, agreements });
const errorsOf = (agreements: unknown[]) => {
  const result = withAgreements(agreements);
  return result.ok ? [] : result.errors;
};

describe('agreement validation', () => {
  it('accepts the example', () => {
    expect(withAgreements([acme]).ok).toBe(true);
  });

  it('names levels outside 0-100 and a minimum above the expected level', () => {
    const errors = errorsOf([{ ...acme, serviceLevels: [{ ...acme.serviceLevels[0], expected: 101 }, { ...acme.serviceLevels[1], minimum: 85 }] }]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'agreements[0].serviceLevels[0].expected', message: 'must be between 0 and 100' },
        { path: 'agreements[0].serviceLevels[1].minimum', message: 'must not be above the expected level (80)' },
      ]),
    );
  });

  it('names an unknown metric, an OLA, an unknown tier and dates off the period', () => {
    const errors = errorsOf([{ ...acme, tier: 'platinum', validFrom: '2026-07-02', validTo: '2026-12-30', serviceLevels: [{ ...acme.serviceLevels[0], metric: 'nope' }, { ...acme.serviceLevels[1], metric: 'l2-ola' }] }]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'agreements[0].tier', message: 'unknown tier "platinum"' },
        { path: 'agreements[0].validFrom', message: 'must be the first day of a month' },
        { path: 'agreements[0].validTo', message: 'must be the last day of a month' },
        { path: 'agreements[0].serviceLevels[0].metric', message: 'unknown metric "nope"' },
        { path: 'agreements[0].serviceLevels[1].metric', message: '"l2-ola" is an OLA: internal clocks do not count for customers' },
      ]),
    );
  });

  it('refuses two agreements of one customer whose validity overlaps, not a renewal after the first ends', () => {
    const first = { ...acme, validTo: '2026-12-31' };
    expect(errorsOf([first, { ...acme, id: 'acme-2027', validFrom: '2026-12-01' }])).toEqual([{ path: 'agreements[1].validFrom', message: 'overlaps agreement "acme-support" of the same customer' }]);
    expect(errorsOf([first, { ...acme, id: 'acme-2027', validFrom: '2027-01-01' }])).toEqual([]);
  });

  it('names a bad currency and a fee with more than two decimals', () => {
    expect(errorsOf([{ ...acme, fee: { amount: 10.005, currency: 'euro' } }])).toEqual([
      { path: 'agreements[0].fee.amount', message: 'takes at most two decimals' },
      { path: 'agreements[0].fee.currency', message: 'must be an ISO 4217 code such as EUR' },
    ]);
  });
});

describe("an agreement decides its customer's tier while it holds", () => {
  const evaluate = (created: string, reporterEmail = 'pat@acme.example') => evaluateJson(issue({ created, reporterEmail }).json(), new Date(Date.parse(created) + 3_600_000).toISOString());

  it('from its first day: tier gold, the reason naming the agreement, the customer listed', () => {
    const evaluation = evaluate('2026-07-01T08:00:00+02:00');
    expect(evaluation.tier).toBe('gold');
    expect(evaluation.tierReason).toBe('agreement "Acme support agreement": e-mail domain acme.example');
    expect(evaluation.customer).toEqual([expect.objectContaining({ id: 'acme-support', customer: 'Acme Corp', reason: 'e-mail domain acme.example' })]);
  });

  it('before it holds, the tier rules decide (the customer is still named)', () => {
    const evaluation = evaluate('2026-06-30T21:00:00Z');
    expect(evaluation.tier).toBe('standard');
    expect(evaluation.customer.map((entry) => entry.id)).toEqual(['acme-support']);
  });

  it('another reporter is no customer of it', () => {
    expect(evaluate('2026-07-01T08:00:00Z', 'pat@globex.example').customer).toEqual([]);
  });
});
