import { panel, PEOPLE, saveConfig, startWorld } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z');
  await saveConfig(world);
});
afterEach(() => world.close());

describe('the issue panel resolver', () => {
  it('shows internal team clocks (OLAs) to agents only, and says why the reporter is in their tier', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Escalated', reporter: PEOPLE.vipCustomer, priority: 'High' });
    world.model.transition(issue.key, 'Escalated to L2', PEOPLE.agent);
    world.clock.advance(10 * 60_000);
    const asAgent = await panel(world, issue.key, PEOPLE.agent);
    expect(Object.keys(asAgent.ok && asAgent.value.evaluation.metrics)).toEqual(['response', 'resolution', 'l2-ola']);
    expect(asAgent).toMatchObject({ value: { evaluation: { tierName: 'VIP', tierReason: 'listed by account', metrics: { 'l2-ola': { kind: 'ola', name: 'L2 engineering (OLA)' } } } } });
    const asCustomer = await panel(world, issue.key, PEOPLE.vipCustomer);
    expect(Object.keys(asCustomer.ok && asCustomer.value.evaluation.metrics)).toEqual(['response', 'resolution']);
    expect(asCustomer.ok && asCustomer.value.calendars.map((calendar: { id: string }) => calendar.id)).not.toContain('l2-new-york');
  });

  it('answers for the issue in the invocation context, live, with the calendars to tick by', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Down', reporter: PEOPLE.vipCustomer, priority: 'High' });
    world.clock.advance(10 * 60_000);
    const answer = await panel(world, issue.key);
    expect(answer).toMatchObject({
      ok: true,
      value: {
        kind: 'sla',
        configVersion: 1,
        evaluation: {
          issue: issue.key,
          tier: 'vip',
          evaluatedAt: '2026-11-23T08:10:00.000Z',
          metrics: { response: { state: 'running', elapsedMs: 600_000, remainingMs: 1_200_000, explanation: { summary: 'High × VIP → 30m Time to first response on Berlin office hours' } } },
        },
        calendars: [{ id: 'berlin-office', timeZone: 'Europe/Berlin' }],
      },
    });
  });

  it('answers only for the issue in the context: a payload naming another is refused, never answered', async () => {
    const mine = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'mine', reporter: PEOPLE.customer });
    const other = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'other', reporter: PEOPLE.customer });
    const answer = await world.forge.invoke('sla-issue-panel', 'getSla', { issueKey: other.key, key: other.key }, { accountId: PEOPLE.agent, extension: { issue: { key: mine.key } } });
    expect(answer).toEqual({ ok: false, error: { code: 'bad-request', message: 'issueKey, key: not a field of this request' } });
    expect(await panel(world, mine.key)).toMatchObject({ ok: true, value: { evaluation: { issue: mine.key } } });
  });

  it('says not found for an issue the viewer cannot see, computed as the viewer', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'secret', reporter: PEOPLE.customer });
    expect(await panel(world, issue.key, PEOPLE.outsider)).toEqual({ ok: true, value: { kind: 'not-found', issueKey: issue.key } });
    const calls = world.jira.exchanges.filter((exchange) => exchange.operation === 'getIssue' && exchange.accountId === PEOPLE.outsider);
    expect(calls).toHaveLength(1);
  });

  it('makes at most 2 Jira calls per render for an issue with up to 100 changelog entries', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'busy', reporter: PEOPLE.groupVip, priority: 'Medium' });
    for (let i = 0; i < 99; i++) {
      world.clock.advance(60_000);
      world.model.transition(issue.key, i % 2 ? 'In Progress' : 'Waiting for customer', PEOPLE.agent);
    }
    await world.forge.settle();
    const before = world.forge.invocations.length;
    await panel(world, issue.key);
    const render = world.forge.invocations.slice(before);
    expect(render).toHaveLength(1);
    // The issue with history, comments and the stored record; the reporter's groups (VIP by group).
    // Where the site keeps organizations (the Gold tier) was read when the config was saved.
    expect(render[0]!.jiraCalls).toBe(2);
  });

  it('reads the whole changelog, from the oldest, when the 100 entries Jira embeds (the newest) are not all', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'long', reporter: PEOPLE.vipCustomer, priority: 'Medium' });
    for (let i = 0; i < 150; i++) {
      world.clock.advance(60_000);
      world.model.transition(issue.key, i % 2 ? 'In Progress' : 'Waiting for customer', PEOPLE.agent);
    }
    world.clock.advance(60_000);
    world.jira.resetCounts();
    const answer = (await panel(world, issue.key)) as { ok: true; value: { evaluation: { metrics: { resolution: { explanation: { intervals: unknown[] }; elapsedMs: number } } } } };
    // The embedded entries are the newest 100: the history is read whole, 100 a page from the oldest.
    expect(world.jira.exchanges.filter((exchange) => exchange.operation === 'getChangeLogs').map((exchange) => /startAt=(\d+)/.exec(exchange.path)![1])).toEqual(['0', '100']);
    // Running and paused by turns, a minute each: 151 intervals, 76 of them running; the latest 50 listed.
    expect(answer.value.evaluation.metrics.resolution.elapsedMs).toBe(76 * 60_000);
    expect(answer.value.evaluation.metrics.resolution.explanation.intervals).toHaveLength(50);
    expect((answer.value as any).omitted.resolution).toMatchObject({ intervals: 101, workedMs: 51 * 60_000 });
  });

  it('pages the comments past those Jira embeds, and counts the first agent answer among them', async () => {
    world.jira.embeddedComments = 20;
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'chatty', reporter: PEOPLE.customer, priority: 'Medium' });
    for (let i = 0; i < 44; i++) world.model.addComment(issue.key, PEOPLE.customer, `still broken ${i}`, { at: issue.created + (i + 1) * 1000 });
    world.model.addComment(issue.key, PEOPLE.agent, 'Looking into it', { at: issue.created + 30 * 60_000 });
    world.clock.advance(40 * 60_000);
    world.jira.resetCounts();
    const answer = (await panel(world, issue.key)) as { ok: true; value: any };
    expect(world.jira.exchanges.filter((exchange) => exchange.operation === 'getComments').map((exchange) => /startAt=(\d+)/.exec(exchange.path)![1])).toEqual(['20']);
    expect(answer.value.evaluation.metrics.response).toMatchObject({ state: 'stopped', stoppedAt: new Date(issue.created + 30 * 60_000).toISOString() });
  });

  it('answers outside an issue view with a clear refusal', async () => {
    const answer = await world.forge.invoke('sla-issue-panel', 'getSla', {}, { accountId: PEOPLE.agent });
    expect(answer).toEqual({ ok: false, error: { code: 'bad-request', message: 'This resolver answers only inside an issue view' } });
  });
});
