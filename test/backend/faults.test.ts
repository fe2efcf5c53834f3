import { panel, PEOPLE, recordOf, saveConfig, slaOf, startWorld } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z');
  await saveConfig(world);
});
afterEach(() => world.close());

const realNow = () => performance.now();

describe('Jira faults', () => {
  it('429: retried after the Retry-After Jira asks for', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer });
    world.jira.faults.push({ operation: 'getIssue', status: 429, retryAfterSeconds: 1, times: 1 });
    const started = realNow();
    const answer = await panel(world, issue.key);
    expect(answer).toMatchObject({ ok: true, value: { kind: 'sla' } });
    expect(realNow() - started).toBeGreaterThanOrEqual(1000);
    expect(world.jira.exchanges.filter((e) => e.operation === 'getIssue').map((e) => e.status)).toEqual([429, 200]);
  });

  it('500 that persists: a clear error after a bounded number of tries', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer });
    world.jira.faults.push({ operation: 'getIssue', status: 500, times: 10 });
    const answer = await panel(world, issue.key);
    expect(answer).toEqual({ ok: false, error: { code: 'jira', message: `Jira answered 500 to GET /rest/api/3/issue/${issue.key} after 4 tries: Internal server error` } });
    expect(world.jira.exchanges.filter((e) => e.operation === 'getIssue')).toHaveLength(4);
  });

  it('a Retry-After longer than the call may take is not waited for', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer });
    world.jira.faults.push({ operation: 'getIssue', status: 429, retryAfterSeconds: 120, times: 1 });
    const answer = await panel(world, issue.key);
    expect(answer).toMatchObject({ ok: false, error: { code: 'jira', message: expect.stringContaining('asked to wait 120s') } });
  });

  it('500 while recomputing, every try: nothing half-written, the record stays as it was, the failure is kept', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer, priority: 'High' });
    await world.forge.settle();
    const before = structuredClone(slaOf(world, issue.key));
    const record = structuredClone(recordOf(world, issue.key));
    world.clock.advance(5 * 60_000);
    world.jira.faults.push({ operation: 'getIssue', status: 500, retryAfterSeconds: 0, times: 16 });
    world.model.setPriority(issue.key, 'Highest', PEOPLE.agent);
    await world.forge.settle();
    expect(slaOf(world, issue.key)).toEqual(before);
    expect({ ...recordOf(world, issue.key), sweepAt: 0, failures: 0 }).toEqual({ ...record, sweepAt: 0, failures: 0 });
    const runs = world.forge.invocations.filter((run) => run.moduleKey === 'sla-issue-consumer').slice(-4);
    expect(runs.slice(0, 3).map((run) => run.error)).toEqual(Array(3).fill(expect.stringMatching(/Jira answered 500 to GET \/rest\/api\/3\/issue\/\d+ after 4 tries/)));
    expect(world.kvs.dumpEntities('sla-failure')[issue.id]).toMatchObject({ attempts: 1, reason: expect.stringContaining('after 4 tries') });
  });

  it('an answer of an unexpected shape is a clear error, not a crash', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer });
    issue.status = 'Open';
    const original = world.jira.handle.bind(world.jira);
    world.jira.handle = async (request) => {
      const response = await original(request);
      if (request.path.startsWith('/rest/api/3/issue/')) (response.body as { fields: { created: string } }).fields.created = 'yesterday';
      return response;
    };
    const answer = await panel(world, issue.key);
    expect(answer).toEqual({ ok: false, error: { code: 'jira', message: `Jira's answer to /rest/api/3/issue/${issue.key} has an unexpected shape at fields.created: "yesterday" is not a Jira date such as 2026-11-20T16:00:00.000+0100` } });
  });
});
