/**
 * Escalations cannot send without bound: a config is refused past the caps of people per action,
 * groups per action, actions per rule, rules per policy and notifications per issue per cycle; and
 * the site's notifications wait for the next hour once its hourly budget is spent (deferred, shown
 * in the escalation log, sent later, never dropped).
 */
import type { World } from '../../harness/world';
import type { Config, EscalationRule } from '../../src/domain';
import { loadExampleConfig } from '../support/evaluate';
import { asAdmin, PEOPLE, saveConfig, startWorld, sweep, type Answer } from '../support/world';

let world: World;
beforeEach(() => {
  world = startWorld('2026-11-23T08:00:00Z'); // Monday 09:00 in Berlin
});
afterEach(async () => {
  await world.forge.settle();
  world.close();
});

const people = (count: number) => Array.from({ length: count }, (_, i) => `user-${i}`);
const notify = (users: string[], extra: object = {}) => ({ type: 'notify' as const, users, subject: '{issue}', body: '{metric} breached', ...extra });
const rule = (id: string, actions: EscalationRule['actions']): EscalationRule => ({ id, metric: 'response', at: { percent: 100 }, actions });

function configWith(rules: EscalationRule[]): Config {
  const config = loadExampleConfig();
  config.policies[0]!.escalations = rules;
  return config;
}

const problems = async (rules: EscalationRule[]) => {
  const answer = (await asAdmin(world, 'validateConfig', { config: configWith(rules) })) as Answer;
  return answer.ok ? (answer.value as { ok: boolean; errors?: { path: string; message: string }[] }) : answer;
};

describe('the caps of a config', () => {
  it('takes a config at every cap', async () => {
    // 20 rules; one with 10 actions; actions naming 20 people and 5 groups; 30 notifications per cycle.
    const atCaps = [
      rule('people', [notify(people(20))]),
      rule('groups', [notify([], { groups: ['a', 'b', 'c', 'd', 'e'] })]),
      rule('many', Array.from({ length: 10 }, (_, i) => (i < 9 ? { type: 'add-label' as const, label: `l${i}` } : notify(people(8))))),
      ...Array.from({ length: 17 }, (_, i) => rule(`label-${i}`, [{ type: 'add-label', label: `x${i}` }])),
    ];
    expect(await problems(atCaps)).toMatchObject({ ok: true });
  });

  it.each([
    ['21 people in one action', [rule('r', [notify(people(21))])], 'policies[0].escalations[0].actions[0].users', 'names at most 20 people'],
    ['6 groups in one action', [rule('r', [notify([], { groups: ['a', 'b', 'c', 'd', 'e', 'f'] })])], 'policies[0].escalations[0].actions[0].groups', 'names at most 5 groups'],
    ['11 actions in one rule', [rule('r', Array.from({ length: 11 }, (_, i) => ({ type: 'add-label' as const, label: `l${i}` })))], 'policies[0].escalations[0].actions', 'holds at most 10 actions'],
    ['21 rules in one policy', Array.from({ length: 21 }, (_, i) => rule(`r${i}`, [{ type: 'add-label', label: `l${i}` }])), 'policies[0].escalations', 'holds at most 20 rules'],
    ['31 notifications for one cycle', [rule('a', [notify(people(20))]), rule('b', [notify(people(10), { to: ['assignee'] })])], 'policies[0].escalations', "may send 31 notifications for one issue's response cycle, more than 30"],
  ])('refuses %s, naming where', async (_what, rules, path, message) => {
    expect(await problems(rules as EscalationRule[])).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]) });
  });

  it('refuses the config that once sent 30,000 notifications for 30 issues (50 rules × 10 notify actions × 40 people)', async () => {
    const flood = Array.from({ length: 50 }, (_, r) => rule(`r${r}`, Array.from({ length: 10 }, () => notify(people(40)))));
    const answer = await problems(flood);
    expect(answer).toMatchObject({ ok: false });
  });
});

describe('the hourly budget of notifications', () => {
  it('defers what exceeds 500 an hour, shows it in the log, and sends it the next hour', async () => {
    // Each breach notifies 20 people: 30 issues want 600 notifications at once.
    for (const accountId of people(20)) world.model.addUser({ accountId, displayName: accountId, accountType: 'atlassian' });
    await saveConfig(world, configWith([rule('breach', [notify(people(20))])]));
    const issues = Array.from({ length: 30 }, (_, i) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `#${i}`, reporter: PEOPLE.customer, priority: 'Highest' }));
    await world.forge.settle();
    world.clock.set(Date.parse('2026-11-23T08:31:00Z')); // Highest response (30m around the clock) ran out at 08:30
    await sweep(world);
    await world.forge.settle();
    // 500 of the hour's budget: 25 issues × 20 people, in one message each (the people share a time zone).
    expect(world.model.outbox).toHaveLength(25);
    expect(world.model.outbox.every((sent) => (sent.to as { users: unknown[] }).users.length === 20)).toBe(true);
    const log = (await world.forge.invoke('sla-breaches-page', 'escalationLog', {}, { accountId: PEOPLE.manager })) as { ok: true; value: { status: string; retryAt?: string }[] };
    const deferred = log.value.filter((row) => row.status === 'deferred');
    expect(deferred).toHaveLength(5);
    expect(deferred.every((row) => row.retryAt === '2026-11-23T09:00:00.000Z')).toBe(true);
    // Nothing more this hour; at the next hour the deferred ones go out, once each.
    world.clock.set(Date.parse('2026-11-23T08:55:00Z'));
    await sweep(world);
    expect(world.model.outbox).toHaveLength(25);
    world.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    await sweep(world);
    await world.forge.settle();
    expect(world.model.outbox).toHaveLength(30);
    expect(new Set(world.model.outbox.map((sent) => sent.issueKey))).toEqual(new Set(issues.map((issue) => issue.key)));
    const after = (await world.forge.invoke('sla-breaches-page', 'escalationLog', {}, { accountId: PEOPLE.manager })) as { ok: true; value: { status: string }[] };
    expect(after.value.every((row) => row.status === 'done')).toBe(true);
  });
});
