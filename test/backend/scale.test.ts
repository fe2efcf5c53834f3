/**
 * The managers' page at the sizes of a real site, on the local runtime: 10,000 breached issues
 * (the first page from at most 3 store queries, every row reachable once, in order), and a
 * quarter's compliance over 50,000 stopped cycles from the frozen daily figures, without reading a
 * cycle. Records and cycles are written straight into the store, as the app writes them.
 */
import type { World } from '../../harness/world';
import { NEVER } from '../../src/domain';
import { PEOPLE, saveConfig, startWorld, type Answer } from '../support/world';

let world: World;
const NOW = Date.parse('2026-11-23T08:00:00Z');
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z');
  await saveConfig(world);
});
afterEach(() => world.close());

const report = async (functionKey: string, payload: unknown) => {
  const answer = (await world.forge.invoke('sla-breaches-page', functionKey, payload, { accountId: PEOPLE.manager })) as Answer;
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value;
};
const set = (entityName: string, key: string, value: unknown) => world.kvs.handle('/api/v1/entity/set', { entityName, key, value });
const queries = () => world.kvs.calls.get('/api/v1/entity/query') ?? 0;

/** A record whose response clock (24x7, 30m) breached `overdueMin` minutes before now. */
function breachedRecord(i: number, overdueMin: number) {
  const breachedAt = NOW - overdueMin * 60_000;
  const tier = i % 10 === 0 ? 'vip' : 'standard';
  return {
    v: 3, issueId: String(50_000 + i), issueKey: `SUP-${50_000 + i}`, project: 'SUP', summary: `Issue ${i}`, created: breachedAt - 30 * 60_000, policy: 'support', tier, priority: 'Highest', assignee: '', assigneeName: '', status: 'breached',
    nextDeadline: NEVER, alertAt: breachedAt, escalated: false, agreements: [], sourceUpdated: NOW - 1, configVersion: 1, evaluatedAt: NOW - 1, sweepAt: NEVER, failures: 0,
    metrics: { response: { name: 'Time to first response', kind: 'sla', propertyKey: 'response', state: 'running', status: 'breached', targetMs: 30 * 60_000, elapsedMs: 30 * 60_000 + overdueMin * 60_000, since: null, calendar: 'always', dueAt: null, atRiskAt: null, breachedAt, stoppedAt: null, target: '30m', startedAt: breachedAt - 30 * 60_000, earlierCycles: [] } },
  };
}

describe('the managers’ page at scale', () => {
  it('lists 10,000 breached issues: VIP first, then the longest overdue, the first page from at most 3 store queries, every row once by cursor', async () => {
    // Overdue by a spread of minutes, so the order is decided by more than the insertion order.
    const overdue = (i: number) => ((i * 7_919) % 10_000) + 1;
    for (let i = 0; i < 10_000; i++) set('sla-record', String(50_000 + i), breachedRecord(i, overdue(i)));
    const expected = Array.from({ length: 10_000 }, (_, i) => i)
      .sort((a, b) => Number(b % 10 === 0) - Number(a % 10 === 0) || overdue(b) - overdue(a))
      .map((i) => `SUP-${50_000 + i}`);

    const before = queries();
    const first = await report('breaches', { filters: { status: 'breached' }, pageSize: 25 });
    expect(queries() - before).toBeLessThanOrEqual(3);
    expect(first.rows.map((row: { key: string }) => row.key)).toEqual(expected.slice(0, 25));

    const keys: string[] = [];
    for (let cursor: string | undefined, firstPage = true; firstPage || cursor; firstPage = false) {
      const page = await report('breaches', { filters: { status: 'breached' }, pageSize: 100, ...(cursor ? { cursor } : {}) });
      keys.push(...page.rows.map((row: { key: string }) => row.key));
      cursor = page.nextCursor;
    }
    expect(keys).toHaveLength(10_000);
    expect(keys).toEqual(expected);
  }, 120_000);

  it('counts a quarter of 50,000 stopped cycles from the frozen daily figures, exactly, without reading a cycle', async () => {
    // July to September 2026: 50,000 response cycles, every seventh late, spread over the quarter.
    const from = Date.parse('2026-07-01T00:00:00Z');
    const span = Date.parse('2026-10-01T00:00:00Z') - from;
    let late = 0;
    for (let i = 0; i < 50_000; i++) {
      const stoppedAt = from + Math.floor((i / 50_000) * span);
      const met = i % 7 !== 0;
      if (!met) late++;
      const value = { issueId: String(100_000 + i), issueKey: `SUP-${100_000 + i}`, project: 'SUP', policy: 'support', priority: i % 2 ? 'High' : 'Low', tier: 'standard', assignee: '', metric: 'response', kind: 'sla', startedAt: stoppedAt - 60_000, stoppedAt, met, agreement: '' };
      set('sla-cycle', `${value.issueId}:response:${value.startedAt}`, value);
    }
    await world.forge.runScheduled('sla-breach-sweep');
    await world.forge.settle();

    const cycleQueries = () => world.kvs.calls.get('/api/v1/entity/query') ?? 0;
    const before = cycleQueries();
    const quarter = await report('compliance', { from: '2026-07-01T00:00:00Z', to: '2026-10-01T00:00:00Z' });
    expect(quarter.openFrom).toBeNull();
    expect(quarter.metrics.response.overall).toMatchObject({ met: 50_000 - late, late });
    expect(quarter.metrics.response.groups.map((group: { key: string; met: number; late: number }) => group.met + group.late).reduce((a: number, b: number) => a + b, 0)).toBe(50_000);
    // One query of the frozen days a metric (92 days fit one page), none of the cycles.
    expect(cycleQueries() - before).toBeLessThanOrEqual(3);
  }, 120_000);
});
