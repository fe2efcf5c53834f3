import { PEOPLE, jql, saveConfig, slaOf, startWorld } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z'); // Monday 09:00 in Berlin
  await saveConfig(world);
});
afterEach(() => world.close());

describe('issue events', () => {
  it('write the sla property, searchable by its aliases', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.vipCustomer, priority: 'High' });
    await world.forge.settle();
    expect(slaOf(world, issue.key)).toMatchObject({
      policy: 'support',
      tier: 'vip',
      status: 'on-track',
      breached: 'false',
      response: { status: 'on-track', dueAt: '2026-11-23T08:30:00.000Z', targetMs: 1_800_000, calendar: 'berlin-office' },
      resolution: { status: 'on-track', dueAt: '2026-11-23T17:00:00.000Z' },
      nextDeadline: '2026-11-23T08:22:30.000Z',
    });
    expect(await jql(world, 'slaPolicy = "support" AND project = SUP')).toEqual([issue.key]);
    expect(await jql(world, 'slaResolutionDue < "2026-11-24"')).toEqual([issue.key]);
    expect(await jql(world, 'slaBreached = "true"')).toEqual([]);
  });

  it('recompute from history: a comment by the agent stops the response clock', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer, priority: 'High' });
    world.clock.advance(20 * 60_000);
    world.model.addComment(issue.key, PEOPLE.agent, 'Looking into it');
    await world.forge.settle();
    expect(slaOf(world, issue.key).response).toMatchObject({ status: 'met', elapsedMs: 20 * 60_000, stoppedAt: '2026-11-23T08:20:00.000Z' });
    expect(await jql(world, 'slaResponseStatus = "met"')).toEqual([issue.key]);
  });

  it('write the property only when it changed', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer });
    await world.forge.settle();
    world.jira.resetCounts();
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    expect(world.jira.calls.get('setIssueProperty')).toBeUndefined();
    expect(world.jira.calls.get('getIssue')).toBe(1);
  });

  it('duplicate and reordered events converge on the same record', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer, priority: 'Medium' });
    const created = { eventType: 'avi:jira:created:issue' as const, issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.customer };
    world.clock.advance(10 * 60_000);
    world.model.transition(issue.key, 'Waiting for customer', PEOPLE.agent);
    world.clock.advance(60 * 60_000);
    world.model.transition(issue.key, 'In Progress', PEOPLE.customer);
    world.clock.advance(5 * 60_000);
    world.model.setPriority(issue.key, 'Highest', PEOPLE.agent);
    await world.forge.settle();
    const inOrder = slaOf(world, issue.key);

    issue.properties.clear();
    const updated = { ...created, eventType: 'avi:jira:updated:issue' as const, atlassianId: PEOPLE.agent };
    for (const event of [updated, updated, created, updated, created]) await world.forge.deliver(event);
    expect({ ...slaOf(world, issue.key), evaluatedAt: undefined }).toEqual({ ...inOrder, evaluatedAt: undefined });
  });

  it('events the app causes itself are not delivered (ignoreSelf)', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer });
    await world.forge.settle();
    const before = world.forge.invocations.length;
    world.model.setPriority(issue.key, 'Low', world.forge.appAccountId);
    await world.forge.settle();
    expect(world.forge.invocations.length).toBe(before);
  });

  it('issues outside every policy get a record that says so', async () => {
    const issue = world.model.createIssue({ projectKey: 'OPS', issueType: 'Task', summary: 'Rotate keys', reporter: PEOPLE.agent });
    await world.forge.settle();
    expect(slaOf(world, issue.key)).toMatchObject({ policy: null, status: 'none', breached: 'false' });
  });
});
