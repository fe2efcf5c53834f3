/**
 * Agreements and statements through the real handlers on the local runtime: a period closes on
 * the sweep after its end (in the agreement's zone), from the record store's cycles; a closed
 * statement never changes; an admin excludes a cycle and restates, with who, why and the
 * difference; the open period's forecast follows each stop; only agents see statements.
 */
import type { World } from '../../harness/world';
import type { Config } from '../../src/domain';
import { patCo } from '../support/agreements';
import { loadExampleConfig } from '../support/evaluate';
import { asManagers, managersValue, panel, PEOPLE, saveConfig, startWorld, sweep } from '../support/world';

let world: World;
afterEach(() => world.close());

function configWith(expected = 65): Config {
  const config = loadExampleConfig();
  config.agreements = [
    patCo({
      tier: 'gold',
      earnBack: { periods: 3 },
      serviceLevels: [
        { id: 'response', name: 'First response', metric: 'response', expected, minimum: 50, share: 60 },
        { id: 'resolution', name: 'Resolution', metric: 'resolution', expected: 50, share: 40 },
      ],
    }),
  ];
  return config;
}

const report = (name: string, payload: unknown = {}, accountId?: string) => asManagers(world, name, payload, accountId);
const value = (name: string, payload: unknown = {}, accountId?: string) => managersValue(world, name, payload, accountId);
const level = (figures: any, id: string) => figures.levels.find((entry: any) => entry.id === id);

/** Gold High response: 30m on Berlin office hours. Four issues on Wednesday 1 July at 09:00 Berlin, answered after 10, 20, 40 and 60 minutes. */
async function july() {
  world = startWorld('2026-07-01T07:00:00Z');
  await saveConfig(world, configWith());
  const make = () => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Pat', reporter: PEOPLE.customer, priority: 'High' });
  const issues = [make(), make(), make(), make()];
  await world.forge.settle();
  for (const [i, minutes] of [10, 20, 40, 60].entries()) {
    world.clock.set(Date.parse('2026-07-01T07:00:00Z') + minutes * 60_000);
    world.model.addComment(issues[i]!.key, PEOPLE.agent, 'Looking');
    await world.forge.settle();
  }
  // Friday 31 July 17:50 Berlin: after office hours, its response clock has used nothing by the month's end.
  world.clock.set(Date.parse('2026-07-31T15:50:00Z'));
  const late = make();
  await world.forge.settle();
  return { issues, late };
}

/** One minute past midnight on 1 August in Berlin: the sweep starts July's close. */
async function closeJuly() {
  world.clock.set(Date.parse('2026-07-31T22:01:00Z'));
  await sweep(world);
  await world.forge.settle();
}

describe('closing a period', () => {
  it('writes July’s statement after the month ends in Berlin, from the stored cycles, with the cycles behind each figure', async () => {
    const { issues, late } = await july();
    world.clock.set(Date.parse('2026-07-31T21:59:00Z')); // 23:59 in Berlin: July is still open
    await sweep(world);
    await world.forge.settle();
    expect((await report('statement', { agreement: 'pat-co', period: '2026-07', version: 1 })).ok).toBe(false);

    await closeJuly();
    const { statement, versions } = await value('statement', { agreement: 'pat-co', period: '2026-07' });
    expect(versions.map((entry: any) => entry.version)).toEqual([1]);
    expect(statement).toMatchObject({ kind: 'closed', version: 1, closedBy: { accountId: null, name: 'Scheduled close' }, customer: 'Pat & Co', counts: { counted: 4, excluded: 0, running: 6 } });
    // 2 of 4 met = 50 %: below 65 %, not below the 50 % minimum: 60 % of the 500.00 at risk.
    expect(level(statement.figures, 'response')).toMatchObject({ counted: 4, met: 2, breached: 2, achieved: 50, outcome: 'missed', credit: 30_000, charged: 30_000, running: 1 });
    expect(level(statement.figures, 'resolution')).toMatchObject({ counted: 0, outcome: 'no-cycles', running: 5 });
    expect(statement.figures.totals).toEqual({ credit: 30_000, charged: 30_000, capped: false, earnedBack: 0, net: 30_000 });

    const breached = await value('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1, level: 'response', cls: 'counted', met: false });
    expect(breached.lines.map((line: any) => line.issueKey).sort()).toEqual([issues[2]!.key, issues[3]!.key].sort());
    const running = await value('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1, level: 'response', cls: 'running' });
    expect(running.lines.map((line: any) => line.issueKey)).toEqual([late.key]);
  });

  it('counts a cycle running at the end in the period it stops; a closed statement never changes with the config', async () => {
    const { late } = await july();
    await closeJuly();
    const before = (await value('statement', { agreement: 'pat-co', period: '2026-07' })).statement;

    await saveConfig(world, configWith(99));
    world.clock.set(Date.parse('2026-08-03T07:05:00Z')); // Monday 09:05 Berlin
    world.model.addComment(late.key, PEOPLE.agent, 'Here');
    await world.forge.settle();

    expect((await value('statement', { agreement: 'pat-co', period: '2026-07' })).statement).toEqual(before);
    // August's forecast (taken at the close) sees the stop since, without a refresh.
    const { agreements } = await value('agreements');
    const forecast = agreements[0].forecast;
    expect(forecast).toMatchObject({ kind: 'forecast', period: { id: '2026-08' }, tailCycles: 1 });
    expect(level(forecast.figures, 'response')).toMatchObject({ counted: 1, met: 1, achieved: 100, outcome: 'met', expected: 99 });
  });

  it('closes periods in order after an outage: July, then August, on one sweep', async () => {
    await july();
    world.clock.set(Date.parse('2026-09-02T08:00:00Z'));
    await sweep(world);
    await world.forge.settle();
    const { agreements } = await value('agreements');
    expect(agreements[0].statements.map((statement: any) => statement.period)).toEqual(['2026-08', '2026-07']);
    expect(agreements[0].forecast.period.id).toBe('2026-09');
  });

  it('survives a storage failure half-way: the queue retries and the statement is whole', async () => {
    await july();
    world.clock.set(Date.parse('2026-07-31T22:01:00Z'));
    await sweep(world);
    const queries = world.kvs.calls.get('/api/v1/entity/query') ?? 0;
    world.kvs.faults.push({ path: '/api/v1/entity/query', status: 503, times: 1, after: 3 });
    await world.forge.settle();
    expect(world.kvs.faults[0]!.times).toBe(0);
    expect(world.kvs.calls.get('/api/v1/entity/query')! - queries).toBeGreaterThan(4);
    const { statement } = await value('statement', { agreement: 'pat-co', period: '2026-07' });
    expect(level(statement.figures, 'response')).toMatchObject({ counted: 4, met: 2 });
    expect(statement.counts).toEqual({ counted: 4, excluded: 0, running: 6, countedEarlier: 0 });
  });
});

describe('exclusions and restatements', () => {
  it('an admin excludes a breached cycle with why, restates July and sees the difference; the first version stays', async () => {
    const { issues } = await july();
    await closeJuly();
    const lines = await value('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1, level: 'response', met: false });
    const target = lines.lines.find((line: any) => line.issueKey === issues[3]!.key);

    expect(await report('excludeCycle', { agreement: 'pat-co', cycleKey: target.cycleKey, reason: 'Customer asked us to wait' }, PEOPLE.agent)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await report('excludeCycle', { agreement: 'pat-co', cycleKey: target.cycleKey, reason: ' ' }, PEOPLE.admin)).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'reason: must say why (at least 3 characters)' } });
    const exclusion = await value('excludeCycle', { agreement: 'pat-co', cycleKey: target.cycleKey, reason: 'Customer asked us to wait' }, PEOPLE.admin);
    expect(exclusion).toMatchObject({ issueKey: issues[3]!.key, metric: 'response', by: { accountId: PEOPLE.admin, name: 'Ada Admin' }, reason: 'Customer asked us to wait', removed: null });

    expect(await report('restate', { agreement: 'pat-co', period: '2026-08', reason: 'Exclusion' }, PEOPLE.admin)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await value('restate', { agreement: 'pat-co', period: '2026-07', reason: 'Customer-caused delay on one issue' }, PEOPLE.admin);
    await world.forge.settle();

    const { statement, versions } = await value('statement', { agreement: 'pat-co', period: '2026-07' });
    expect(versions.map((entry: any) => entry.version)).toEqual([1, 2]);
    expect(statement).toMatchObject({ version: 2, closedBy: { name: 'Ada Admin' }, reason: 'Customer-caused delay on one issue', replaces: { version: 1 } });
    expect(statement.exclusions).toEqual([expect.objectContaining({ issueKey: issues[3]!.key, reason: 'Customer asked us to wait' })]);
    // 2 of 3 = 66.67 % meets 65 %: the credit goes.
    expect(level(statement.figures, 'response')).toMatchObject({ counted: 3, met: 2, excluded: 1, achieved: 66.67, outcome: 'met', charged: 0 });
    expect(level(statement.replaces.figures, 'response')).toMatchObject({ counted: 4, charged: 30_000 });
    expect((await value('statement', { agreement: 'pat-co', period: '2026-07', version: 1 })).statement.figures.totals.net).toBe(30_000);

    const removed = await value('removeExclusion', { agreement: 'pat-co', cycleKey: target.cycleKey, reason: 'Wrong issue' }, PEOPLE.admin);
    expect(removed.removed).toMatchObject({ by: { name: 'Ada Admin' }, reason: 'Wrong issue' });
    expect((await value('exclusions', { agreement: 'pat-co' })).map((entry: any) => entry.removed?.reason)).toEqual(['Wrong issue']);
  });
});

describe('the panel', () => {
  it('tells an agent the customer, the agreement and whether this breach costs a credit this period; a customer sees none of it', async () => {
    const { issues } = await july();
    world.clock.set(Date.parse('2026-07-01T09:00:00Z'));
    await sweep(world);
    await world.forge.settle();
    const answer = await panel(world, issues[3]!.key);
    expect(answer.ok && answer.value.agreement).toMatchObject({
      id: 'pat-co',
      customer: 'Pat & Co',
      period: '2026-07',
      currency: 'EUR',
      levels: [
        { id: 'response', cycleStatus: 'met-late', achieved: 50, expected: 65, outcome: 'missed', charged: 30_000, costsCredit: true },
        { id: 'resolution', cycleStatus: 'on-track', outcome: 'no-cycles', headroom: 0, costsCredit: true },
      ],
    });
    expect(answer.ok && answer.value.evaluation.tierReason).toBe('agreement "Pat & Co support": listed by account');
    const customer = await panel(world, issues[3]!.key, PEOPLE.customer);
    expect(customer.ok && customer.value.agreement).toBeNull();
  });
});

describe('who sees statements', () => {
  it('agents and admins; portal customers are refused', async () => {
    await july();
    expect((await report('agreements', {}, PEOPLE.agent)).ok).toBe(true);
    expect(await report('agreements', {}, PEOPLE.customer)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await report('statement', { agreement: 'pat-co', period: '2026-13' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('period') } });
  });
});
