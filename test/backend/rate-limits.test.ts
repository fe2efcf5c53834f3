/**
 * Jira's rate limits answer 429 with `Retry-After` (and 503 when it is overloaded). Background work
 * waits what Jira asks when the wait fits in its invocation; otherwise it stops cleanly where it is
 * and the next run carries on. It never answers a limit with more calls. Steps that keep failing
 * are tried again later and later (5, 10, 20 minutes ... at most a day), whichever step fails.
 */
import { createWorld, PEOPLE, type World } from '../../harness/world';
import { asAdmin, recordOf, saveConfig, slaOf } from '../support/world';

let world: World;
beforeEach(async () => {
  world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => require('../../src/index'), checkContract: true, simulatedTimers: true });
  await saveConfig(world);
});
afterEach(() => world.close());

const sweep = () => world.clock.run(() => world.forge.runScheduled('sla-breach-sweep') as Promise<{ results: unknown[]; incomplete: boolean; rateLimited?: string }>);
const perIssueCalls = () => world.jira.exchanges.filter((exchange) => ['getIssue', 'setIssueProperty'].includes(exchange.operation)).length;

/** `count` issues whose response clock (Highest: 30 minutes around the clock) has just run out. */
async function crossing(count: number) {
  const issues = Array.from({ length: count }, (_, i) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `#${i}`, reporter: PEOPLE.customer, priority: 'Highest' }));
  await world.clock.run(() => world.forge.settle());
  world.clock.advance(31 * 60_000);
  world.jira.resetCounts();
  return issues;
}

describe('the sweep under a rate limit', () => {
  it('waits the 30 s Jira asks for when the wait fits, then reads the page once', async () => {
    const issues = await crossing(100);
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 429, retryAfterSeconds: 30, times: 1 });
    const { value: report, elapsedMs } = await sweep();
    expect(report.incomplete).toBe(false);
    expect(elapsedMs).toBeGreaterThanOrEqual(30_000);
    expect(world.jira.calls.get('searchAndReconsileIssuesUsingJqlPost')).toBe(2);
    expect(perIssueCalls()).toBe(0);
    expect(issues.every((issue) => slaOf(world, issue.key).breached === 'true')).toBe(true);
  });

  it('stops cleanly when Jira asks for longer than the run can wait, with no call per issue, and the next run carries on', async () => {
    const issues = await crossing(100);
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 429, retryAfterSeconds: 3_600, times: 1 });
    const { value: stopped } = await sweep();
    expect(stopped).toMatchObject({ incomplete: true, rateLimited: expect.stringContaining('asked to wait 3600s') });
    expect(world.jira.exchanges.map((exchange) => exchange.operation)).toEqual(['searchAndReconsileIssuesUsingJqlPost']);
    world.clock.advance(60 * 60_000);
    world.jira.resetCounts();
    const { value: next } = await sweep();
    expect(next.incomplete).toBe(false);
    expect(perIssueCalls()).toBe(0);
    expect(issues.every((issue) => slaOf(world, issue.key).breached === 'true')).toBe(true);
  });

  it('treats 503 after its tries as Jira asking to wait: no call per issue', async () => {
    await crossing(50);
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 503, retryAfterSeconds: 0, times: 4 });
    const { value: report } = await sweep();
    expect(report).toMatchObject({ incomplete: true, rateLimited: expect.stringContaining('503') });
    expect(perIssueCalls()).toBe(0);
  });
});

describe('a recompute job under a rate limit', () => {
  it('rests its lane at the cursor when Jira asks for a long wait, and the sweep resumes it once it has been still', async () => {
    const issues = Array.from({ length: 150 }, (_, i) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `#${i}`, reporter: PEOPLE.customer, priority: 'Low' }));
    await world.clock.run(() => world.forge.settle());
    for (const issue of issues) world.kvs.deleteEntity('sla-record', issue.id);
    // Planning reads the lowest and the highest id; the first page of the lane is then refused.
    let searches = 0;
    world.jira.afterCall.push((operation) => {
      if (operation === 'searchAndReconsileIssuesUsingJqlPost' && ++searches === 2) world.jira.faults.push({ operation, status: 429, retryAfterSeconds: 3_600, times: 1 });
    });
    world.jira.resetCounts();
    await asAdmin(world, 'startRecompute');
    await world.clock.run(() => world.forge.settle());
    const job = async () => ((await asAdmin(world, 'getJob')) as { ok: true; value: { status: string; done: number } }).value;
    expect((await job()).status).toBe('running');
    expect(perIssueCalls()).toBe(0);
    world.clock.advance(11 * 60_000);
    await sweep();
    await world.clock.run(() => world.forge.settle());
    expect(await job()).toMatchObject({ status: 'done', done: 150 });
    expect(issues.every((issue) => recordOf(world, issue.key))).toBe(true);
  });
});

describe('backoff of a step that keeps failing', () => {
  it('grows when the record is written but the mirror is refused every time: 5, 10, 20 minutes', async () => {
    const issues = await crossing(30);
    world.jira.faults.push({ operation: 'bulkSetIssuePropertiesByIssue', status: 403, times: 1_000 }, { operation: 'setIssueProperty', status: 403, times: 1_000 });
    const failure = () => world.kvs.dumpEntities('sla-failure')[issues[0]!.id] as { attempts: number; retryAt: number } | undefined;
    const callsOfRun = async () => {
      world.jira.resetCounts();
      await sweep();
      return world.jira.exchanges.length;
    };
    expect(await callsOfRun()).toBeGreaterThan(0);
    expect(failure()).toMatchObject({ attempts: 1, retryAt: Date.now() + 5 * 60_000 });
    for (const [wait, attempts, next] of [[5, 2, 10], [10, 3, 20], [20, 4, 40]] as const) {
      world.clock.advance(wait * 60_000);
      await callsOfRun();
      expect(failure()).toMatchObject({ attempts, retryAt: Date.now() + next * 60_000 });
    }
    // In between, a run finds nothing to do for them.
    world.clock.advance(5 * 60_000);
    expect(await callsOfRun()).toBe(0);
    expect(recordOf(world, issues[0]!.key).metrics.response.status).toBe('breached');
    // Once the mirror can be written, the failure is forgotten.
    world.jira.faults.length = 0;
    world.clock.advance(40 * 60_000);
    await sweep();
    expect(failure()).toBeUndefined();
    expect(issues.every((issue) => slaOf(world, issue.key).breached === 'true')).toBe(true);
  });
});
