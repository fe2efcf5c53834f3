/**
 * Forge's time limits, on simulated timers: injected latency, retry waits and the platform's own
 * limits all cost world time, so minutes of it are measured exactly in a moment.
 */
import { createWorld, PEOPLE, type World } from '../../harness/world';
import { loadExampleConfig } from '../support/evaluate';
import { longHistory, panel, saveConfig } from '../support/world';

let world: World;
beforeEach(async () => {
  world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => require('../../src/index'), checkContract: true, simulatedTimers: true });
  await saveConfig(world);
});
afterEach(() => world.close());

const stopped = () => world.forge.invocations.filter((run) => run.error?.startsWith('Forge stopped'));

describe('inside Forge’s limits', () => {
  it('renders the panel of an issue with 10,000 changelog entries in under 5 s at 150 ms a Jira call, with a small answer', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'long', reporter: PEOPLE.groupVip, priority: 'Low', created: Date.parse('2026-11-16T08:00:00Z') });
    longHistory(world, issue.key, 10_000, 'status');
    world.jira.latencyMs = 150;
    const { value: answer, elapsedMs } = await world.clock.run(() => panel(world, issue.key));
    expect(answer).toMatchObject({ ok: true, value: { kind: 'sla', omitted: { resolution: { intervals: expect.any(Number) } } } });
    expect(elapsedMs).toBeLessThan(5_000);
    // The whole history, 100 pages of 100 (the first, then the other 99 eight at a time).
    expect(world.jira.calls.get('getChangeLogs')).toBe(100);
    expect(JSON.stringify(answer).length).toBeLessThan(64 * 1024);
    expect(stopped()).toEqual([]);
  });

  it('does not wait for a retry that would outlast the resolver: a clear error instead of being stopped', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'slow', reporter: PEOPLE.customer, priority: 'Low' });
    longHistory(world, issue.key, 150);
    world.jira.faults.push({ operation: 'getIssue', delayMs: 20_000, times: 1 }, { operation: 'getChangeLogs', status: 429, retryAfterSeconds: 5, times: 1 });
    const { value: answer, elapsedMs } = await world.clock.run(() => panel(world, issue.key));
    expect(answer).toMatchObject({ ok: false, error: { code: 'jira', message: expect.stringContaining('longer than this invocation has left') } });
    expect(elapsedMs).toBeLessThan(25_000);
    expect(stopped()).toEqual([]);
  });

  it('the sweep stops cleanly before its own time limit whatever one slow call does, and the next run carries on', async () => {
    const issues = Array.from({ length: 150 }, () => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer, priority: 'Highest' }));
    await world.forge.settle();
    world.clock.advance(40 * 60_000);
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', delayMs: 400_000, times: 1 });
    const { value: report, elapsedMs } = await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep') as Promise<{ incomplete: boolean }>);
    expect(report.incomplete).toBe(true);
    expect(elapsedMs).toBeLessThan(300_000);
    expect(stopped()).toEqual([]);
    await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep'));
    expect(issues.every((issue) => (issue.properties.get('sla') as { breached: string }).breached === 'true')).toBe(true);
  });
});

describe('closing a statement inside the consumer’s limit', () => {
  it('hands over to fresh invocations when storage is slow (30 s a request) and closes 2,000 cycles whole, statement and compliance days', async () => {
    const config = loadExampleConfig();
    config.agreements = [{ ...config.agreements![0]!, customer: { name: 'Pat', rules: [{ accountIds: [PEOPLE.customer] }] }, validFrom: '2026-10-01' }];
    await saveConfig(world, config);
    const october = Date.parse('2026-10-01T00:00:00Z');
    for (let i = 0; i < 2_000; i++) {
      const stoppedAt = october + 3_600_000 + i * 1_000_000;
      const value = { issueId: String(20_000 + i), issueKey: `SUP-${20_000 + i}`, project: 'SUP', policy: 'support', priority: 'High', tier: 'gold', assignee: '', metric: 'response', kind: 'sla', startedAt: stoppedAt - 60_000, stoppedAt, met: i % 10 !== 0, agreement: 'acme-support' };
      world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-cycle', key: `${value.issueId}:response:${value.startedAt}`, value });
    }
    await world.forge.runScheduled('sla-breach-sweep');
    world.kvs.latencyMs = 30_000;
    await world.clock.run(() => world.forge.settle());
    world.kvs.latencyMs = 0;

    expect(stopped()).toEqual([]);
    const runs = world.forge.invocations.filter((run) => run.moduleKey === 'sla-statement-consumer');
    expect(runs.length).toBeGreaterThan(2);
    const statement = world.kvs.dumpEntities('sla-statement')['acme-support:2026-10:v1'] as any;
    expect(statement.figures.levels[0]).toMatchObject({ counted: 2_000, met: 1_800, achieved: 90, outcome: 'met' });
    expect(statement.chunks).toBe(5);
    // The compliance days closed too, on the same slow storage: every cycle counted once.
    expect(world.kvs.dump()['compliance:closed']).toEqual({ through: Date.parse('2026-11-22T00:00:00Z') });
    const counted = Object.values(world.kvs.dumpEntities('sla-compliance-day') as Record<string, { entries: number[][] }>).flatMap((day) => day.entries).reduce((sum, entry) => sum + entry[7]! + entry[8]!, 0);
    expect(counted).toBe(2_000);
    expect(world.forge.invocations.filter((run) => run.moduleKey === 'sla-compliance-consumer').length).toBeGreaterThan(1);
  });
});
