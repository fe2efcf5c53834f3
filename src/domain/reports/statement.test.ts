import fc from 'fast-check';
import { loadExampleConfig } from '../../../test/support/evaluate';
import { compileAgreement, type AgreementConfig } from '../config/agreement';
import { periodById, type Period } from '../time/period';
import { applyCap, computeStatement, statementFigures, statementSeries, emptyTallies } from './statement';
import type { StatementCycle } from '../records/sla-record';

const H = 3_600_000;
const ACME = loadExampleConfig().agreements![0]!;
const agreement = compileAgreement(ACME);
const month = (id: string) => periodById(id, 'month', 'Europe/Berlin')!;

let serial = 0;
/** `count` cycles of `metric` that stopped on the 10th of the month at noon (Berlin), `breached` of them late. */
function cycles(metric: string, monthId: string, count: number, breached: number, prefix = `${metric}-${monthId}`): StatementCycle[] {
  const stoppedAt = month(monthId).from + 9 * 24 * H + 12 * H;
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${++serial}`;
    return { key: `${id}:${metric}:${stoppedAt - H}`, issueId: id, issueKey: `ACME-${serial}`, metric, priority: 'High', startedAt: stoppedAt - H, stoppedAt, met: i >= breached };
  });
}

describe('the worked example of README: Acme, July to October 2026', () => {
  // Two cycles at July's end: one stops at 01:00 on 1 August (Berlin), one exactly at midnight.
  const spanning: StatementCycle = { key: 'span:response:1', issueId: 'span', issueKey: 'ACME-900', metric: 'response', priority: 'High', startedAt: Date.parse('2026-07-31T21:00:00Z'), stoppedAt: Date.parse('2026-07-31T23:00:00Z'), met: true };
  const atMidnight: StatementCycle = { key: 'edge:response:1', issueId: 'edge', issueKey: 'ACME-901', metric: 'response', priority: 'High', startedAt: Date.parse('2026-07-31T10:00:00Z'), stoppedAt: Date.parse('2026-07-31T22:00:00Z'), met: false };
  const augustResponse = cycles('response', '2026-08', 18, 1);
  const all = [
    ...cycles('response', '2026-07', 20, 3),
    ...cycles('resolution', '2026-07', 10, 1),
    spanning,
    atMidnight,
    ...augustResponse,
    ...cycles('resolution', '2026-08', 10, 4),
    ...cycles('response', '2026-09', 20, 0),
    ...cycles('resolution', '2026-09', 10, 2),
    ...cycles('response', '2026-10', 20, 1),
    ...cycles('resolution', '2026-10', 10, 1),
  ];
  const excluded = new Set([augustResponse[0]!.key]);
  const [july, august, september, october] = statementSeries(agreement, all, excluded, month('2026-10')).map((statement) => statement.figures);
  const level = (figures: typeof july, id: string) => figures!.levels.find((entry) => entry.id === id)!;

  it('puts 10 % of the 10,000.00 EUR fee at risk, capped at the same amount', () => {
    expect(july).toMatchObject({ currency: 'EUR', fee: 1_000_000, atRisk: 100_000, cap: 100_000 });
  });

  it('July: response 17 of 20 = 85 % misses 90 % (above the 80 % minimum): 60 % of 1,000.00 = 600.00', () => {
    expect(level(july, 'response')).toMatchObject({ counted: 20, met: 17, breached: 3, achieved: 85, outcome: 'missed', stepPercent: 100, credit: 60_000, charged: 60_000, running: 2 });
    expect(level(july, 'resolution')).toMatchObject({ counted: 10, met: 9, achieved: 90, outcome: 'met', credit: 0 });
    expect(july!.totals).toEqual({ credit: 60_000, charged: 60_000, capped: false, earnedBack: 0, net: 60_000 });
  });

  it('August: the two cycles running at July end count here, one excluded; resolution 6 of 10 falls below its minimum and the cap bites', () => {
    expect(level(august, 'response')).toMatchObject({ counted: 19, met: 18, breached: 1, excluded: 1, achieved: 94.74, outcome: 'met', credit: 0 });
    expect(level(august, 'resolution')).toMatchObject({ counted: 10, met: 6, achieved: 60, outcome: 'below-minimum', stepPercent: 200, credit: 120_000, charged: 100_000 });
    expect(august!.totals).toEqual({ credit: 120_000, charged: 100_000, capped: true, earnedBack: 0, net: 100_000 });
    expect(level(august, 'response').earnBack).toEqual([{ fromPeriod: '2026-07', credit: 60_000, good: 1, needed: 3, state: 'pending' }]);
  });

  it('September: exactly 80 % meets an 80 % level; both credits move on towards earn-back', () => {
    expect(level(september, 'resolution')).toMatchObject({ counted: 10, met: 8, achieved: 80, outcome: 'met' });
    expect(level(september, 'response').earnBack).toEqual([{ fromPeriod: '2026-07', credit: 60_000, good: 2, needed: 3, state: 'pending' }]);
    expect(level(september, 'resolution').earnBack).toEqual([{ fromPeriod: '2026-08', credit: 100_000, good: 1, needed: 3, state: 'pending' }]);
    expect(september!.totals.net).toBe(0);
  });

  it("October: the third good month returns July's 600.00; the provider's net is -600.00", () => {
    expect(level(october, 'response')).toMatchObject({ counted: 20, met: 19, achieved: 95, earnedBack: 60_000 });
    expect(level(october, 'response').earnBack).toEqual([{ fromPeriod: '2026-07', credit: 60_000, good: 3, needed: 3, state: 'earned' }]);
    expect(level(october, 'resolution').earnBack).toEqual([{ fromPeriod: '2026-08', credit: 100_000, good: 2, needed: 3, state: 'pending' }]);
    expect(october!.totals).toEqual({ credit: 0, charged: 0, capped: false, earnedBack: 60_000, net: -60_000 });
  });

  it('a breach in the waiting period loses the credit instead', () => {
    const missedOctober = all.map((cycle) => (cycle.metric === 'response' && cycle.stoppedAt! >= month('2026-10').from ? { ...cycle, met: false } : cycle));
    const [, , , lost] = statementSeries(agreement, missedOctober, excluded, month('2026-10')).map((statement) => statement.figures);
    expect(level(lost, 'response').earnBack).toEqual([{ fromPeriod: '2026-07', credit: 60_000, good: 2, needed: 3, state: 'lost' }]);
    expect(level(lost, 'response').earnedBack).toBe(0);
  });
});

describe('which cycles a statement counts', () => {
  const july = month('2026-07');
  const august = month('2026-08');
  const cycle = (stoppedAt: number | null, met: boolean | null = true): StatementCycle => ({ key: 'k', issueId: '1', issueKey: 'ACME-1', metric: 'resolution', priority: 'High', startedAt: july.from + H, stoppedAt, met });

  it('a breached cycle counted in July and reopened in August is not counted again when it stops in August', () => {
    const julyStatement = computeStatement(agreement, july, [cycle(july.from + 2 * H, false)], new Set(), null, []);
    expect(julyStatement.lines.map((line) => line.cls)).toEqual(['counted']);
    const carried = new Set(julyStatement.lines.filter((line) => line.cls === 'running').map((line) => line.cycle.key));
    const augustStatement = computeStatement(agreement, august, [cycle(august.from + 5 * H, true)], new Set(), carried, []);
    expect(augustStatement.lines.map((line) => line.cls)).toEqual(['counted-earlier']);
    expect(augustStatement.figures.levels.find((level) => level.id === 'resolution')!.counted).toBe(0);
  });

  it('a cycle still running at July end is listed apart, then counted where it stops', () => {
    const julyStatement = computeStatement(agreement, july, [cycle(null, null)], new Set(), null, []);
    expect(julyStatement.lines.map((line) => line.cls)).toEqual(['running']);
    const augustStatement = computeStatement(agreement, august, [cycle(august.from + H, false)], new Set(), new Set(['k']), []);
    expect(augustStatement.lines.map((line) => line.cls)).toEqual(['counted']);
  });

  it('an OLA or a metric no service level names is not in the statement', () => {
    const statement = computeStatement(agreement, july, [{ ...cycle(july.from + 2 * H), metric: 'l2-ola' }], new Set(), null, []);
    expect(statement.lines).toEqual([]);
  });

  it('a service level limited to priorities counts only those', () => {
    const highOnly = compileAgreement({ ...ACME, serviceLevels: [{ ...ACME.serviceLevels[1]!, priorities: ['Highest'] }] });
    const statement = computeStatement(highOnly, july, [cycle(july.from + 2 * H)], new Set(), null, []);
    expect(statement.lines).toEqual([]);
  });
});

describe('properties', () => {
  const period: Period = month('2026-07');
  const levelArb = fc.record({
    expected: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100),
    share: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100),
    minimum: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  });
  const agreementArb = fc
    .record({
      fee: fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
      atRisk: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100),
      cap: fc.option(fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100), { nil: undefined }),
      levels: fc.array(levelArb, { minLength: 1, maxLength: 5 }),
      steps: fc.option(fc.array(fc.record({ below: fc.integer({ min: 0, max: 100 }), percentOfShare: fc.integer({ min: 1, max: 500 }) }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    })
    .map(
      (a): AgreementConfig => ({
        ...ACME,
        fee: { amount: a.fee, currency: 'EUR' },
        credits: { atRiskPercent: a.atRisk, ...(a.cap !== undefined ? { capPercent: a.cap } : {}), ...(a.steps ? { steps: a.steps } : {}) },
        serviceLevels: a.levels.map((level, i) => ({ id: `sl${i}`, metric: i % 2 ? 'resolution' : 'response', expected: level.expected, share: level.share, ...(level.minimum !== undefined && level.minimum <= level.expected ? { minimum: level.minimum } : {}) })),
      }),
    );
  const cycleArb = fc.record({
    metric: fc.constantFrom('response', 'resolution'),
    stoppedOffset: fc.integer({ min: -40 * 24, max: 70 * 24 }),
    met: fc.boolean(),
    id: fc.integer({ min: 1, max: 1_000_000 }),
  });
  const toCycles = (list: { metric: string; stoppedOffset: number; met: boolean; id: number }[]): StatementCycle[] =>
    list.map((c, i) => {
      const stoppedAt = period.from + c.stoppedOffset * H;
      return { key: `${c.id}-${i}`, issueId: String(c.id), issueKey: `K-${i}`, metric: c.metric, priority: 'High', startedAt: stoppedAt - H, stoppedAt, met: c.met };
    });

  it('credits after the cap never exceed the cap, and equal the credits when under it', () => {
    fc.assert(
      fc.property(agreementArb, fc.array(cycleArb, { maxLength: 60 }), (config, list) => {
        const compiled = compileAgreement(config);
        const { figures } = computeStatement(compiled, period, toCycles(list), new Set(), null, []);
        expect(figures.totals.charged).toBeLessThanOrEqual(compiled.cap);
        if (figures.totals.credit <= compiled.cap) expect(figures.totals.charged).toBe(figures.totals.credit);
        else expect(figures.totals.charged).toBe(compiled.cap);
        figures.levels.forEach((level) => expect(level.charged).toBeLessThanOrEqual(level.credit));
      }),
    );
  });

  it('the cap splits exactly, never giving a level more than its credit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10_000_000 }), (credits, cap) => {
        const charged = applyCap(credits, cap);
        const total = credits.reduce((a, b) => a + b, 0);
        expect(charged.reduce((a, b) => a + b, 0)).toBe(Math.min(total, cap));
        charged.forEach((amount, i) => expect(amount).toBeLessThanOrEqual(credits[i]!));
      }),
    );
  });

  it('an earned-back amount is never more than the credit it returns, and never returned twice', () => {
    fc.assert(
      fc.property(agreementArb, fc.array(fc.array(cycleArb, { maxLength: 20 }), { minLength: 1, maxLength: 8 }), (config, months) => {
        const compiled = compileAgreement(config);
        const all = months.flatMap((list, m) => toCycles(list.map((c) => ({ ...c, stoppedOffset: ((c.stoppedOffset % 600) + 600) % 600 + m * 31 * 24 }))));
        const series = statementSeries(compiled, all, new Set(), periodById('2027-02', 'month', 'Europe/Berlin')!).map((statement) => statement.figures);
        const returned = new Map<string, number>();
        for (const figures of series) {
          for (const level of figures.levels) {
            for (const line of level.earnBack.filter((entry) => entry.state === 'earned')) {
              const credited = series.find((earlier) => earlier.period.id === line.fromPeriod)!.levels.find((entry) => entry.id === level.id)!.charged;
              expect(line.credit).toBeLessThanOrEqual(credited);
              const key = `${level.id}:${line.fromPeriod}`;
              expect(returned.has(key)).toBe(false);
              returned.set(key, line.credit);
            }
          }
        }
      }),
    );
  });

  it('excluding a breached cycle never lowers the achieved level', () => {
    fc.assert(
      fc.property(agreementArb, fc.array(cycleArb, { minLength: 1, maxLength: 60 }), fc.nat(), (config, list, pick) => {
        const compiled = compileAgreement(config);
        const all = toCycles(list);
        const breached = all.filter((c) => c.met === false);
        fc.pre(breached.length > 0);
        const target = breached[pick % breached.length]!;
        const before = computeStatement(compiled, period, all, new Set(), null, []).figures;
        const after = computeStatement(compiled, period, all, new Set([target.key]), null, []).figures;
        before.levels.forEach((level, i) => {
          if (level.achieved !== null && after.levels[i]!.achieved !== null) expect(after.levels[i]!.achieved!).toBeGreaterThanOrEqual(level.achieved);
          expect(after.levels[i]!.credit).toBeLessThanOrEqual(level.credit);
        });
      }),
    );
  });

  it('a statement depends only on the cycles that stopped in its period (and the agreement)', () => {
    fc.assert(
      fc.property(agreementArb, fc.array(cycleArb, { maxLength: 60 }), (config, list) => {
        const compiled = compileAgreement(config);
        const all = toCycles(list);
        const inPeriod = all.filter((c) => c.stoppedAt! >= period.from && c.stoppedAt! < period.to);
        const figuresOf = (cycles: StatementCycle[]) => computeStatement(compiled, period, cycles, new Set(), null, []).figures.levels.map(({ counted, met, breached, credit }) => ({ counted, met, breached, credit }));
        expect(figuresOf(all)).toEqual(figuresOf(inPeriod));
      }),
    );
  });

  it('headroom is exactly the breaches a level can take before it misses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 10_000 }), (met, breached, expected) => {
        const compiled = compileAgreement({ ...ACME, serviceLevels: [{ id: 'r', metric: 'response', expected: expected / 100, share: 10 }] });
        const tallies = emptyTallies(compiled);
        tallies.r = { counted: met + breached, met, breached, excluded: 0, running: 0 };
        const { headroom } = statementFigures(compiled, period, tallies, []).levels[0]!;
        const outcome = (extra: number) => statementFigures(compiled, period, { r: { counted: met + breached + extra, met, breached: breached + extra, excluded: 0, running: 0 } }, []).levels[0]!.outcome;
        if (met + breached > 0 && outcome(0) !== 'met') expect(headroom).toBe(0);
        else {
          expect(['met', 'no-cycles']).toContain(outcome(headroom));
          expect(outcome(headroom + 1)).not.toBe('met');
        }
      }),
    );
  });
});
