/**
 * Escalations through the real handlers on the local runtime: at the right instants across a
 * weekend and a DST change, exactly once, with refused actions recorded and retried.
 */
import type { World } from '../../harness/world';
import type { Config, EscalationRule } from '../../src/domain';
import { loadExampleConfig } from '../support/evaluate';
import { asAdmin, panel, PEOPLE, saveConfig, startWorld, sweep, type Answer } from '../support/world';

let world: World;
// Friday 23 October 2026, 15:00 in Berlin (CEST, UTC+2); Europe leaves summer time on Sunday 25th.
const FRIDAY = '2026-10-23T13:00:00Z';
beforeEach(() => {
  world = startWorld(FRIDAY);
});
// Queue events the app pushed (its own changes to an issue) run before the world goes.
afterEach(async () => {
  await world.forge.settle();
  world.close();
});

const notifyRule: EscalationRule = { id: 'half', name: 'Half of resolution used', metric: 'resolution', at: { percent: 50 }, actions: [{ type: 'notify', to: ['assignee'], subject: '{issue}: half of {metric} used', body: '{remaining} left of {target}; due {due}' }] };
const noteRule: EscalationRule = { id: 'three-quarters', metric: 'resolution', at: { percent: 75 }, actions: [{ type: 'comment', visibility: 'internal', body: '75% of {target} used' }] };
const breachRule: EscalationRule = { id: 'breach', metric: 'resolution', at: { percent: 100 }, actions: [{ type: 'raise-priority' }, { type: 'add-label', label: 'sla-breached' }] };

function configWith(rules: EscalationRule[]): Config {
  const config = loadExampleConfig();
  config.policies[0]!.escalations = rules;
  return config;
}

/** Standard High: resolution 16h on Berlin office hours (Mon-Thu 09:00-12:30, 13:30-18:00; Fri to 16:00). */
function makeIssue() {
  const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export stuck', reporter: PEOPLE.customer, priority: 'High' });
  world.model.assign(issue.key, PEOPLE.agent, PEOPLE.agent);
  return issue;
}

const at = async (instant: string) => {
  world.clock.set(Date.parse(instant));
  return sweep(world);
};
const escalations = () => Object.values(world.kvs.dumpEntities('sla-escalation')) as { rule: string; status: string; actions: { type: string; outcome: string; reason?: string; retryable?: boolean }[]; attempts: number; reachedAt: number }[];

describe('escalations', () => {
  it('fire at 50 / 75 / 100 % of the target across a weekend and a DST change, each once', async () => {
    await saveConfig(world, configWith([notifyRule, noteRule, breachRule]));
    const issue = makeIssue();
    await world.forge.settle();
    // Friday 15:00-16:00 CEST is 1h; Monday (CET, UTC+1) 09:00-12:30 and 13:30-17:00 bring it to 8h:
    // half of 16h at Monday 17:00 CET = 16:00Z.
    await at('2026-10-26T15:59:00Z');
    expect(world.model.outbox).toEqual([]);
    await at('2026-10-26T16:00:00Z');
    expect(world.model.outbox).toEqual([
      expect.objectContaining({ issueKey: issue.key, subject: `${issue.key}: half of Time to resolution used`, textBody: '8h left of 16h; due Tue 27 Oct 2026, 17:00 (Europe/Berlin)', to: { users: [{ accountId: PEOPLE.agent }] } }),
    ]);
    // 12h (75 %) on Tuesday at 12:00 CET (11:00Z): an internal note.
    await at('2026-10-27T10:59:00Z');
    expect(world.model.issue(issue.key)!.comments).toEqual([]);
    await at('2026-10-27T11:00:00Z');
    expect(world.model.issue(issue.key)!.comments).toEqual([expect.objectContaining({ text: '75% of 16h used', jsdPublic: false, author: 'app:sla-for-jira' })]);
    // 16h (100 %) runs out on Tuesday at 17:00 CET: the priority is raised one step and labelled.
    await at('2026-10-27T16:00:00Z');
    await world.forge.settle();
    expect(world.model.issue(issue.key)).toMatchObject({ priority: 'Highest', labels: ['sla-breached'] });
    // Running the sweep again, and events for the issue, fire nothing more.
    await at('2026-10-27T16:05:00Z');
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    await world.forge.settle();
    expect(world.model.outbox).toHaveLength(1);
    expect(world.model.issue(issue.key)!.comments).toHaveLength(1);
    expect(escalations().map((e) => [e.rule, e.status]).sort()).toEqual([['breach', 'done'], ['half', 'done'], ['three-quarters', 'done']]);
  });

  it('fire once when two sweeps run at once and duplicate events arrive together', async () => {
    await saveConfig(world, configWith([notifyRule]));
    const issue = makeIssue();
    await world.forge.settle();
    world.clock.set(Date.parse('2026-10-26T16:00:00Z'));
    const event = { eventType: 'avi:jira:updated:issue' as const, issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent };
    await Promise.all([sweep(world), sweep(world), world.forge.deliver(event), world.forge.deliver(event)]);
    await world.forge.settle();
    expect(world.model.outbox).toHaveLength(1);
    expect(escalations()).toHaveLength(1);
  });

  it('fire once when the consumer that fired fails afterwards and is retried, and when events arrive out of order', async () => {
    await saveConfig(world, configWith([notifyRule]));
    const issue = makeIssue();
    await world.forge.settle();
    world.clock.set(Date.parse('2026-10-26T16:00:00Z'));
    // The mirror write after the escalation fails every try of the client: the consumer fails and the queue retries it.
    world.jira.faults.push({ operation: 'setIssueProperty', status: 503, retryAfterSeconds: 0, times: 4 });
    const later = { eventType: 'avi:jira:commented:issue' as const, issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent };
    const earlier = { eventType: 'avi:jira:updated:issue' as const, issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent };
    await world.forge.deliver(later);
    await world.forge.deliver(earlier);
    await world.forge.settle();
    expect(world.forge.invocations.filter((invocation) => invocation.error).length).toBeGreaterThan(0);
    expect(world.model.outbox).toHaveLength(1);
    expect(escalations()).toMatchObject([{ rule: 'half', status: 'done' }]);
  });

  it('record an action Jira refuses with why, run the others, and retry the one that may succeed', async () => {
    const rule: EscalationRule = { id: 'breach', metric: 'resolution', at: { percent: 50 }, actions: [{ type: 'assign', accountId: 'gone-user' }, { type: 'add-label', label: 'late' }, { type: 'notify', to: ['assignee'], subject: 's', body: 'b' }] };
    await saveConfig(world, configWith([rule]));
    const issue = makeIssue();
    await world.forge.settle();
    world.jira.faults.push({ operation: 'editIssue', status: 503, retryAfterSeconds: 0, times: 4 });
    await at('2026-10-26T16:00:00Z');
    expect(escalations()[0]).toMatchObject({
      status: 'failed',
      actions: [
        { type: 'assign', outcome: 'failed', reason: expect.stringContaining('400'), retryable: false },
        { type: 'add-label', outcome: 'failed', reason: expect.stringContaining('503'), retryable: true },
        { type: 'notify', outcome: 'done' },
      ],
    });
    expect(world.model.outbox).toHaveLength(1);
    // An admin rewrites the rule meanwhile: the retry still does what the first try set out to do.
    await saveConfig(world, configWith([{ ...rule, actions: [{ type: 'add-label', label: 'other' }] }]));
    // Five minutes on, the sweep tries the label again (not the assignment Jira refused, nor the notification sent).
    await at('2026-10-26T16:05:00Z');
    expect(escalations()[0]).toMatchObject({ attempts: 2, actions: [{ outcome: 'failed' }, { outcome: 'done' }, { outcome: 'done' }] });
    expect(world.model.issue(issue.key)!.labels).toEqual(['late']);
    expect(world.model.outbox).toHaveLength(1);
  });

  it('a rule added after its point fires only for cycles still ahead of it, unless told to apply to the past', async () => {
    await saveConfig(world, configWith([]));
    const passed = makeIssue();
    await world.forge.settle();
    await at('2026-10-27T08:00:00Z'); // past 50 % (Monday 16:00Z)
    const ahead = makeIssue(); // created now: its 50 % is far ahead
    await world.forge.settle();
    await saveConfig(world, configWith([notifyRule]));
    await at('2026-10-27T08:05:00Z');
    expect(world.model.outbox).toEqual([]);
    world.clock.set(Date.parse('2026-10-28T16:00:00Z'));
    await sweep(world);
    expect(world.model.outbox.map((mail) => mail.issueKey)).toEqual([ahead.key]);
    await saveConfig(world, configWith([{ ...notifyRule, applyToPast: true }]));
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: passed.id, key: passed.key }, atlassianId: PEOPLE.agent });
    await world.forge.settle();
    expect(world.model.outbox.map((mail) => mail.issueKey)).toEqual([ahead.key, passed.key]);
  });

  it('a config change mid-cycle does not fire again what fired', async () => {
    await saveConfig(world, configWith([notifyRule]));
    const issue = makeIssue();
    await world.forge.settle();
    await at('2026-10-26T16:00:00Z');
    await saveConfig(world, configWith([{ ...notifyRule, actions: [{ type: 'notify', to: ['assignee'], subject: 'changed', body: 'changed' }] }]));
    await at('2026-10-26T16:10:00Z');
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    await world.forge.settle();
    expect(world.model.outbox.map((mail) => mail.subject)).toEqual([`${issue.key}: half of Time to resolution used`]);
  });

  it('show on the panel to agents (what fired, how it went, what is due next) and in the managers\' log, failures first to see', async () => {
    const failing: EscalationRule = { id: 'assign-lead', name: 'Assign the lead', metric: 'resolution', at: { percent: 75 }, actions: [{ type: 'assign', accountId: 'gone-user' }] };
    await saveConfig(world, configWith([notifyRule, failing]));
    const issue = makeIssue();
    await world.forge.settle();
    await at('2026-10-26T16:00:00Z');
    const asAgent = await panel(world, issue.key, PEOPLE.agent);
    expect(asAgent).toMatchObject({
      ok: true,
      value: {
        escalations: {
          fired: [{ rule: 'half', ruleName: 'Half of resolution used', metric: 'resolution', status: 'done', firedAt: '2026-10-26T16:00:00.000Z' }],
          next: { rule: 'assign-lead', ruleName: 'Assign the lead', metric: 'resolution', dueAt: '2026-10-27T11:00:00.000Z' },
        },
      },
    });
    expect(await panel(world, issue.key, PEOPLE.customer)).toMatchObject({ ok: true, value: { escalations: null } });
    await at('2026-10-27T11:00:00Z');
    const log = (await world.forge.invoke('sla-breaches-page', 'escalationLog', { failedOnly: true }, { accountId: PEOPLE.manager })) as Answer;
    expect(log).toMatchObject({ ok: true, value: [{ issueKey: issue.key, rule: 'assign-lead', status: 'failed', actions: [{ type: 'assign', outcome: 'failed', retryable: false }] }] });
    expect((await world.forge.invoke('sla-breaches-page', 'escalationLog', {}, { accountId: PEOPLE.outsider })) as Answer).toEqual({ ok: true, value: [] });
  });

  it('the breaches list can show only escalated issues', async () => {
    await saveConfig(world, configWith([notifyRule]));
    const escalated = makeIssue();
    await world.forge.settle();
    world.clock.set(Date.parse('2026-10-26T12:00:00Z'));
    const later = makeIssue(); // its half point is far ahead
    await world.forge.settle();
    await at('2026-10-26T16:00:00Z');
    type Rows = { key: string; escalated: boolean }[];
    const list = async (filters: object): Promise<Rows> => ((await world.forge.invoke('sla-breaches-page', 'breaches', { filters }, { accountId: PEOPLE.manager })) as { value: { rows: Rows } }).value.rows;
    expect(new Set((await list({})).map((row) => row.key))).toEqual(new Set([escalated.key, later.key]));
    const only = await list({ escalated: true });
    expect(new Set(only.map((row) => row.key))).toEqual(new Set([escalated.key]));
    expect(only.every((row) => row.escalated)).toBe(true);
  });

  it('the simulator says when each rule would fire for a sample, and what it would say', async () => {
    await saveConfig(world, configWith([notifyRule]));
    const answer = await asAdmin(world, 'simulate', { policyId: 'support', priority: 'High', tier: 'standard', createdAt: '2026-10-23T13:00:00Z' });
    expect(answer).toMatchObject({
      ok: true,
      value: { escalations: [{ rule: 'half', metric: 'resolution', firesAt: '2026-10-26T16:00:00.000Z', messages: [{ type: 'notify', text: 'SAMPLE-1: half of Time to resolution used: 8h left of 16h; due Tue 27 Oct 2026, 17:00 (Europe/Berlin)' }] }] },
    });
  });
});
