import { asAdmin, PEOPLE, saveConfig, startWorld, type Answer } from '../support/world';
import { exampleMetric, loadExampleConfig } from '../support/evaluate';
import type { World } from '../../harness/world';

let world: World;
beforeEach(() => {
  world = startWorld('2026-11-23T08:00:00Z');
});
afterEach(() => world.close());

const asUser = (accountId: string, functionKey: string, payload: unknown = {}) =>
  world.forge.invoke('sla-admin-page', functionKey, payload, { accountId }) as Promise<Answer>;

describe('admin resolvers', () => {
  it('refuse every call by someone who is not a Jira administrator, checked on the server', async () => {
    for (const functionKey of ['getConfig', 'saveConfig', 'history', 'startRecompute', 'lookups']) {
      const answer = await asUser(PEOPLE.agent, functionKey, { config: loadExampleConfig(), baseVersion: 0 });
      expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only Jira administrators may change SLA settings' } });
    }
    expect(world.kvs.dump()).toEqual({});
    expect(world.jira.exchanges.filter((e) => e.operation === 'getMyPermissions').every((e) => e.accountId === PEOPLE.agent)).toBe(true);
  });

  it('refuse a stale save with the current version, and overwrite nothing', async () => {
    const first = await saveConfig(world);
    expect(first.saved.version).toBe(1);
    const edited = loadExampleConfig();
    edited.policies[0]!.warnAtPercent = 80;
    const answer = await asAdmin(world, 'saveConfig', { config: edited, baseVersion: 0 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'conflict', details: { current: { version: 1 } } } });
    const current = await asAdmin(world, 'getConfig');
    expect(current).toMatchObject({ ok: true, value: { version: 1, config: { policies: [{ warnAtPercent: 75 }] } } });
  });

  it('a save whose version cannot be put in force leaves nothing behind, and says so', async () => {
    await saveConfig(world);
    const edited = loadExampleConfig();
    edited.policies[0]!.warnAtPercent = 80;
    // The version record is written; the write that puts it in force fails.
    world.kvs.faults.push({ path: '/api/v1/set', status: 503, times: 1, after: 1 });
    const failed = await asAdmin(world, 'saveConfig', { config: edited, baseVersion: 1 });
    expect(failed).toEqual({ ok: false, error: { code: 'not-saved', message: expect.stringMatching(/^Not saved: storage failed while putting version 2 in force .*Nothing was changed; save again\.$/) } });
    expect(Object.keys(world.kvs.dump()).filter((key) => key.startsWith('config:'))).toEqual(['config:head', 'config:v:0000000001']);
    expect(await asAdmin(world, 'getConfig')).toMatchObject({ ok: true, value: { version: 1, config: { policies: [{ warnAtPercent: 75 }] } } });
    // Another save on the version in force goes through as version 2, with its own content.
    edited.policies[0]!.warnAtPercent = 90;
    expect(await asAdmin(world, 'saveConfig', { config: edited, baseVersion: 1 })).toMatchObject({ ok: true, value: { saved: { version: 2, config: { policies: [{ warnAtPercent: 90 }] } } } });
  });

  it('a version left stored but never put in force is replaced by the next save, never made live', async () => {
    await saveConfig(world);
    const hidden = loadExampleConfig();
    hidden.policies[0]!.warnAtPercent = 80;
    // Putting it in force fails, and so does taking it back.
    world.kvs.faults.push({ path: '/api/v1/set', status: 503, times: 1, after: 1 }, { path: '/api/v1/delete', status: 503, times: 1 });
    const failed = await asAdmin(world, 'saveConfig', { config: hidden, baseVersion: 1 });
    expect(failed).toMatchObject({ ok: false, error: { code: 'not-saved', message: expect.stringContaining('Version 2 was stored but is not in force') } });
    expect(await asAdmin(world, 'getConfig')).toMatchObject({ ok: true, value: { version: 1 } });
    world.clock.advance(2 * 60_000);
    const mine = loadExampleConfig();
    mine.policies[0]!.warnAtPercent = 60;
    expect(await asAdmin(world, 'saveConfig', { config: mine, baseVersion: 1 })).toMatchObject({ ok: true, value: { saved: { version: 2, config: { policies: [{ warnAtPercent: 60 }] } } } });
    expect(await asAdmin(world, 'history', {})).toMatchObject({ ok: true, value: [{ version: 2, config: { policies: [{ warnAtPercent: 60 }] } }, { version: 1 }] });
  });

  it('refuse an invalid config with the path of each problem, and write nothing', async () => {
    const bad = loadExampleConfig() as any;
    bad.policies[0].metrics[0].targets.High.vip = '-30m';
    bad.calendars[0].timeZone = 'Europe/Berln';
    const answer = await asAdmin(world, 'saveConfig', { config: bad, baseVersion: 0 });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        details: {
          errors: [
            { path: 'calendars[0].timeZone', message: '"Europe/Berln" is not a known IANA time zone' },
            { path: 'policies[0].metrics[0].targets.High.vip', message: '"-30m" is negative' },
          ],
        },
      },
    });
    expect(world.kvs.dump()).toEqual({});
  });

  it('answer at most 100 problems, with how many there were, and write nothing', async () => {
    const bad = loadExampleConfig() as any;
    bad.calendars[0].holidays = Array.from({ length: 300 }, () => ({ date: 'someday' }));
    const answer = (await asAdmin(world, 'saveConfig', { config: bad, baseVersion: 0 })) as any;
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid', details: { total: 300 } } });
    expect(answer.error.details.errors).toHaveLength(100);
    expect(answer.error.message).toMatch(/\(and 297 more\)$/);
    expect(world.kvs.dump()).toEqual({});
  });

  it('refuse a config too large to store, saying its size and the limit, and write nothing', async () => {
    const big = loadExampleConfig();
    big.calendars[0]!.holidays = Array.from({ length: 3000 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), name: 'A holiday with a name long enough to count '.repeat(2) }));
    const answer = await asAdmin(world, 'saveConfig', { config: big, baseVersion: 0 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'too-large', details: { limit: 230 * 1024, bytes: expect.any(Number) } } });
    expect((answer as any).error.message).toMatch(/^The config takes \d+ bytes stored, more than the 235520 bytes a version may take$/);
    expect(world.kvs.dump()).toEqual({});
  });

  it('refuse names that reach an object prototype, naming where', async () => {
    const config = JSON.parse(JSON.stringify(loadExampleConfig()).replace('"Highest":', '"__proto__": {"vip": "1h", "standard": "1h"}, "Highest":'));
    expect(await asAdmin(world, 'saveConfig', { config, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', details: { errors: [{ path: 'policies[0].metrics[0].targets.__proto__', message: '"__proto__" is not allowed as a name' }] } },
    });
  });

  it('answer not-found for restoring a version that does not exist', async () => {
    await saveConfig(world);
    expect(await asAdmin(world, 'restoreConfig', { version: 7, baseVersion: 1 })).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no config version 7' } });
  });

  it('keep every accepted change in an audit history that can be restored', async () => {
    await saveConfig(world);
    const edited = loadExampleConfig();
    exampleMetric(edited, 'response').targets.High!.vip = '20m';
    await saveConfig(world, edited);
    const history = await asAdmin(world, 'history');
    expect(history).toMatchObject({
      ok: true,
      value: [
        { version: 2, savedBy: PEOPLE.admin, changes: ['policies[support].metrics[response].targets.High.vip: "30m" → "20m"'] },
        { version: 1, savedBy: PEOPLE.admin },
      ],
    });
    const restored = await asAdmin(world, 'restoreConfig', { version: 1, baseVersion: 2 });
    expect(restored).toMatchObject({ ok: true, value: { saved: { version: 3, restoredFrom: 1, changes: ['policies[support].metrics[response].targets.High.vip: "20m" → "30m"'] } } });
  });

  it('keep where the site holds Jira Service Management organizations with the version, read once at the save', async () => {
    const saved = await saveConfig(world);
    expect(saved.saved.serviceFields).toEqual({ organizations: 'customfield_10002', requestType: 'customfield_10010' });
    expect(world.jira.calls.get('getFields')).toBe(1);
    const plain = loadExampleConfig();
    plain.tiers[1]!.rules = [{ emailDomains: ['initech.example'] }];
    expect((await saveConfig(world, plain)).saved.serviceFields).toBeUndefined();
    expect(world.jira.calls.get('getFields')).toBe(1);
  });

  it('simulate due instants for a priority, tier and creation time, on a draft too', async () => {
    await saveConfig(world);
    const answer = await asAdmin(world, 'simulate', { policyId: 'support', priority: 'High', tier: 'vip', createdAt: '2026-11-20T15:00:00Z' });
    expect(answer).toMatchObject({
      ok: true,
      value: {
        ok: true,
        targets: [
          { metric: 'response', target: '30m', dueAt: '2026-11-23T08:30:00.000Z' },
          { metric: 'resolution', target: '8h', dueAt: '2026-11-23T17:00:00.000Z' },
          // The L2 OLA gives every tier the standard target: High 4h from Friday 10:00 in New York.
          { metric: 'l2-ola', kind: 'ola', startsOn: 'entered "Escalated to L2"', target: '4h', dueAt: '2026-11-20T19:00:00.000Z' },
        ],
      },
    });
    const draft = loadExampleConfig();
    exampleMetric(draft, 'response').targets.High!.vip = '1h';
    const withDraft = await asAdmin(world, 'simulate', { config: draft, policyId: 'support', priority: 'High', tier: 'vip', createdAt: '2026-11-20T15:00:00Z' });
    expect(withDraft).toMatchObject({ ok: true, value: { targets: [{ dueAt: '2026-11-23T09:00:00.000Z' }, {}, {}] } });
  });

  it('offer the lookups the pickers need, read from Jira as the admin', async () => {
    const answer = await asAdmin(world, 'lookups');
    expect(answer).toMatchObject({
      ok: true,
      value: {
        projects: [{ key: 'SUP', name: 'Support' }, { key: 'OPS', name: 'Operations' }],
        issueTypes: ['Bug', 'Service Request', 'Task'],
        priorities: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
        statuses: ['Done', 'Escalated to L2', 'In Progress', 'Open', 'Reopened', 'Waiting for customer'],
        customFields: [{ id: 'customfield_10050', name: 'Customer level' }, { id: 'customfield_10002', name: 'Organizations' }, { id: 'customfield_10010', name: 'Request Type' }],
      },
    });
    expect(await asAdmin(world, 'findGroups', { query: 'vip' })).toEqual({ ok: true, value: ['vip-customers'] });
  });

  it('refuse a payload of the wrong shape with a clear message', async () => {
    expect(await asAdmin(world, 'saveConfig', { config: {}, baseVersion: 'latest' })).toEqual({ ok: false, error: { code: 'bad-request', message: 'baseVersion: Invalid input: expected number, received string' } });
  });
});
