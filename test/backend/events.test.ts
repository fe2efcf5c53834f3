import { PEOPLE, jql, recordOf, saveConfig, slaOf, startWorld } from '../support/world';
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

  it('write the record and its mirror only when they changed: one Jira call for an event that changes nothing', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer });
    await world.forge.settle();
    world.clock.advance(60_000);
    world.jira.resetCounts();
    const writes = world.kvs.calls.get('/api/v1/transaction') ?? 0;
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    await world.forge.settle();
    expect(Object.fromEntries(world.jira.calls)).toEqual({ getIssue: 1, getUserGroups: 1 });
    expect(world.kvs.calls.get('/api/v1/transaction') ?? 0).toBe(writes);
  });

  it('keep the authoritative record in app storage, the property only mirroring it', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.vipCustomer, priority: 'High' });
    await world.forge.settle();
    expect(recordOf(world, issue.key)).toMatchObject({
      issueKey: issue.key,
      project: 'SUP',
      policy: 'support',
      tier: 'vip',
      status: 'on-track',
      nextDeadline: Date.parse('2026-11-23T08:22:30Z'),
      configVersion: 1,
      metrics: { response: { state: 'running', dueAt: Date.parse('2026-11-23T08:30:00Z'), since: Date.parse('2026-11-23T08:00:00Z'), elapsedMs: 0 } },
    });
    // A tampered mirror is rewritten from the record at the issue's next event.
    world.model.issue(issue.key)!.properties.set('sla', { status: 'met', breached: 'false' });
    world.model.addComment(issue.key, PEOPLE.vipCustomer, 'Any news?');
    await world.forge.settle();
    expect(slaOf(world, issue.key)).toMatchObject({ status: 'on-track', response: { status: 'on-track' } });
  });

  it('go through the queue: a recompute that fails is retried, and one that fails every try is recorded for the sweep', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer });
    world.jira.faults.push({ operation: 'getIssue', status: 500, retryAfterSeconds: 0, times: 4 });
    await world.forge.settle();
    // The client's own 4 tries failed once; the queue's second try succeeded.
    expect(recordOf(world, issue.key)).toMatchObject({ status: 'on-track' });

    const other = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails too', reporter: PEOPLE.customer });
    world.jira.faults.push({ operation: 'getIssue', status: 503, retryAfterSeconds: 0, times: 16 });
    await world.forge.settle();
    expect(recordOf(world, other.key)).toBeUndefined();
    expect(world.kvs.dumpEntities('sla-failure')[other.id]).toMatchObject({ issueKey: other.key, attempts: 1, reason: expect.stringContaining('Jira answered 503') });
    expect(world.forge.deadLetters).toEqual([]);

    // The sweep retries it once its backoff has passed, and forgets the failure.
    world.clock.advance(5 * 60_000);
    await world.forge.runScheduled('sla-breach-sweep');
    expect(recordOf(world, other.key)).toMatchObject({ status: 'on-track' });
    expect(world.kvs.dumpEntities('sla-failure')[other.id]).toBeUndefined();
  });

  it('of two reads of one issue, the older never replaces the newer record', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Export fails', reporter: PEOPLE.customer, priority: 'High' });
    await world.forge.settle();
    world.clock.advance(10 * 60_000);
    // A read of the issue as it is now (the response clock running) that takes 50 ms to come back...
    world.jira.faults.push({ operation: 'getIssue', delayMs: 50, times: 1 });
    await world.forge.deliver({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: PEOPLE.agent });
    const slow = world.forge.settle();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // ...while the agent answers, and that event's read comes back and is written first.
    world.clock.advance(1000);
    world.model.addComment(issue.key, PEOPLE.agent, 'On it');
    await world.forge.settle();
    expect(recordOf(world, issue.key).metrics.response).toMatchObject({ state: 'stopped', status: 'met' });
    await slow;
    const results = world.forge.invocations.filter((run) => run.moduleKey === 'sla-issue-consumer').map((run) => (run.result as { outcome: string }).outcome);
    expect(results.slice(-2).sort()).toEqual(['stale', 'written']);
    expect(recordOf(world, issue.key).metrics.response).toMatchObject({ state: 'stopped', status: 'met' });
    expect(slaOf(world, issue.key).response).toMatchObject({ status: 'met' });
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

    const record = recordOf(world, issue.key);
    issue.properties.clear();
    const updated = { ...created, eventType: 'avi:jira:updated:issue' as const, atlassianId: PEOPLE.agent };
    await Promise.all([updated, updated, created, updated, created].map((event) => world.forge.deliver(event)));
    await world.forge.settle();
    expect({ ...slaOf(world, issue.key), evaluatedAt: undefined }).toEqual({ ...inOrder, evaluatedAt: undefined });
    expect({ ...recordOf(world, issue.key), evaluatedAt: 0 }).toEqual({ ...record, evaluatedAt: 0 });
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
