/**
 * Forge reuses warm instances across installations: one process serves several sites here too,
 * each with its own Jira, store and admins, through the same loaded app.
 */
import { createWorld, PEOPLE, type World } from '../../harness/world';
import { exampleMetric, loadExampleConfig } from '../support/evaluate';
import { panel, saveConfig, startWorld } from '../support/world';

let a: World;
let b: World;
beforeEach(() => {
  a = startWorld('2026-11-23T08:00:00Z');
  b = createWorld({ start: 0, clock: a.clock, installationId: 'site-b', loadApp: () => require('../../src/index'), checkContract: true });
});
afterEach(() => {
  b.close();
  a.close();
});

const getConfig = (world: World, accountId: string) => world.forge.invoke('sla-admin-page', 'getConfig', {}, { accountId });

describe('two installations in one process', () => {
  it('an admin of one site is not an admin of another, and a revoked admin is refused at the next call', async () => {
    b.model.users.get(PEOPLE.admin)!.admin = false;
    expect(await getConfig(a, PEOPLE.admin)).toMatchObject({ ok: true });
    expect(await getConfig(b, PEOPLE.admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    a.model.users.get(PEOPLE.admin)!.admin = false;
    expect(await getConfig(a, PEOPLE.admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('each site evaluates with its own config, even when both saved their version 1 at the same instant', async () => {
    await saveConfig(a);
    const tighter = loadExampleConfig();
    exampleMetric(tighter, 'response').targets.High = { vip: '5m', standard: '10m' };
    await saveConfig(b, tighter);
    const inA = a.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'a', reporter: PEOPLE.vipCustomer, priority: 'High' });
    const inB = b.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'b', reporter: PEOPLE.vipCustomer, priority: 'High' });
    expect(await panel(a, inA.key)).toMatchObject({ ok: true, value: { configVersion: 1, evaluation: { metrics: { response: { targetMs: 30 * 60_000 } } } } });
    expect(await panel(b, inB.key)).toMatchObject({ ok: true, value: { configVersion: 1, evaluation: { metrics: { response: { targetMs: 5 * 60_000 } } } } });
    expect(await panel(a, inA.key)).toMatchObject({ ok: true, value: { evaluation: { metrics: { response: { targetMs: 30 * 60_000 } } } } });
    await a.forge.settle();
    await b.forge.settle();
    expect(Object.keys(a.kvs.dumpEntities('sla-record'))).toEqual([inA.id]);
    expect(Object.keys(b.kvs.dumpEntities('sla-record'))).toEqual([inB.id]);
  });
});
