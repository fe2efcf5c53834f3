import { RECORD_VERSION } from '../../src/domain';
/** Versions stored by the first release (the first config form) restore and evaluate unchanged. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../../harness/world';
import { EXAMPLES } from '../support/evaluate';
import { asAdmin, panel, PEOPLE, recordOf, saveConfig, startWorld } from '../support/world';

let world: World;
beforeEach(() => {
  world = startWorld('2026-11-23T08:00:00Z');
  // What the first release wrote: each version under its key, and the newest as the head.
  const history = JSON.parse(readFileSync(join(EXAMPLES, 'v1', 'config-history.json'), 'utf8')) as { version: number }[];
  for (const version of history) world.kvs.handle('/api/v1/set', { key: `config:v:${String(version.version).padStart(10, '0')}`, value: version });
  world.kvs.handle('/api/v1/set', { key: 'config:head', value: history.at(-1)! });
});
afterEach(() => world.close());

describe('a stored history of the first config form', () => {
  it('is shown in the current form, marked as migrated, and left stored as it was', async () => {
    const answer = await asAdmin(world, 'getConfig');
    expect(answer).toMatchObject({ ok: true, value: { version: 2, migratedFrom: 1, config: { schemaVersion: 2, tiers: [{ id: 'vip' }, { id: 'standard' }] } } });
    const response = (answer as { value: { config: { policies: { metrics: { id: string; targets: Record<string, Record<string, string>> }[] }[] } } }).value.config.policies[0]!.metrics[0]!;
    expect(response).toMatchObject({ id: 'response', targets: { High: { vip: '20m', standard: '1h' } } });
    const stored = world.kvs.dump()['config:head'] as { config: Record<string, unknown> };
    expect(stored.config.schemaVersion).toBeUndefined();
    expect(stored.config.vip).toBeDefined();
  });

  it('lists every version in the current form', async () => {
    const history = await asAdmin(world, 'history');
    expect(history).toMatchObject({ ok: true, value: [{ version: 2, migratedFrom: 1, config: { schemaVersion: 2 } }, { version: 1, migratedFrom: 1, config: { schemaVersion: 2 } }] });
  });

  it('evaluates issues with the migrated config: the VIP response target of version 2', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'a', reporter: PEOPLE.vipCustomer, priority: 'High' });
    expect(await panel(world, issue.key)).toMatchObject({ ok: true, value: { configVersion: 2, evaluation: { tier: 'vip', metrics: { response: { targetMs: 20 * 60_000 }, resolution: { targetMs: 8 * 3_600_000 } } } } });
  });

  it('restores an old version as a new one, saved in the current form', async () => {
    const restored = await asAdmin(world, 'restoreConfig', { version: 1, baseVersion: 2 });
    expect(restored).toMatchObject({ ok: true, value: { saved: { version: 3, restoredFrom: 1, changes: ['policies[support].metrics[response].targets.High.vip: "20m" → "30m"'] } } });
    const head = world.kvs.dump()['config:head'] as { config: { schemaVersion?: number } };
    expect(head.config.schemaVersion).toBe(2);
  });
});

describe('a record stored in the first record form', () => {
  it('is recomputed once into the current form, even for an issue whose clocks have all stopped', async () => {
    await saveConfig(world, JSON.parse(readFileSync(join(EXAMPLES, 'sla-config.json'), 'utf8')));
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'done', reporter: PEOPLE.customer, priority: 'High' });
    world.model.addComment(issue.key, PEOPLE.agent, 'On it');
    world.model.transition(issue.key, 'Done', PEOPLE.agent);
    await world.forge.settle();
    const current = recordOf(world, issue.key);
    expect(current).toMatchObject({ v: RECORD_VERSION, metrics: { response: { state: 'stopped', name: 'Time to first response' } } });
    // What the first release stored: no names, kinds or cycle starts, and form 1; one cycle per metric.
    const old = structuredClone(current);
    old.v = 1;
    delete old.agreements;
    for (const metric of Object.values(old.metrics) as Record<string, unknown>[]) for (const key of ['name', 'kind', 'propertyKey', 'startedAt', 'earlierCycles']) delete metric[key];
    world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-record', key: issue.id, value: old });
    for (const key of Object.keys(world.kvs.dumpEntities('sla-cycle'))) world.kvs.handle('/api/v1/entity/delete', { entityName: 'sla-cycle', key });
    world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-cycle', key: `${issue.id}:response`, value: { issueId: issue.id, metric: 'response', stoppedAt: current.metrics.response.stoppedAt, met: true } });
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    await world.forge.settle();
    const migrated = recordOf(world, issue.key);
    expect(migrated).toMatchObject({ v: RECORD_VERSION, metrics: { response: { name: 'Time to first response', kind: 'sla', propertyKey: 'response' } } });
    // The cycle is now named by its start too; the entity of the first form is gone.
    expect(Object.keys(world.kvs.dumpEntities('sla-cycle'))).toEqual(expect.arrayContaining([`${issue.id}:response:${migrated.metrics.response.startedAt}`]));
    expect(Object.keys(world.kvs.dumpEntities('sla-cycle'))).not.toContain(`${issue.id}:response`);
  });
});
