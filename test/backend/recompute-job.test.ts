import { asAdmin, PEOPLE, saveConfig, slaOf, startWorld } from '../support/world';
import { loadExampleConfig } from '../support/evaluate';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z');
});
afterEach(() => world.close());

/** Open issues made before the app had any config: no records yet. */
function backlog(count: number) {
  return Array.from({ length: count }, (_, i) =>
    world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `#${i}`, reporter: PEOPLE.customer, priority: 'Medium' }),
  );
}

describe('recompute jobs', () => {
  it('after a config change, recompute every open issue in scope in batches, with progress', async () => {
    const issues = backlog(60);
    await world.forge.settle();
    world.model.transition(issues[0]!.key, 'Done', PEOPLE.agent);
    const saved = await asAdmin(world, 'saveConfig', { config: loadExampleConfig(), baseVersion: 0 });
    expect(saved).toMatchObject({ ok: true, value: { job: { status: 'running', total: 59, done: 0 } } });
    await world.forge.settle();
    const job = await asAdmin(world, 'getJob');
    expect(job).toMatchObject({ ok: true, value: { status: 'done', total: 59, done: 59, failed: 0, batches: 3 } });
    expect(issues.slice(1).every((issue) => slaOf(world, issue.key)?.policy === 'support')).toBe(true);
  });

  it('never runs two at once', async () => {
    backlog(30);
    await saveConfig(world);
    const first = await asAdmin(world, 'startRecompute');
    const second = await asAdmin(world, 'startRecompute');
    expect(first).toMatchObject({ ok: true, value: { status: 'running' } });
    expect(second).toMatchObject({ ok: true, value: { id: (first as { value: { id: string } }).value.id } });
    const before = world.forge.invocations.length;
    await world.forge.settle();
    // One job: 30 issues in two batches.
    expect(world.forge.invocations.slice(before).filter((i) => i.moduleKey === 'sla-recompute-consumer')).toHaveLength(2);
  });

  it('resumes after a fault: the failed batch is retried from its saved cursor', async () => {
    const issues = backlog(40);
    await saveConfig(world); // its own job recomputes the backlog; start another and break it
    for (const issue of issues) issue.properties.clear();
    await asAdmin(world, 'startRecompute');
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 500, retryAfterSeconds: 0, times: 4 });
    await world.forge.settle();
    const job = (await asAdmin(world, 'getJob')) as { ok: true; value: { status: string; done: number; total: number } };
    expect(job.value).toMatchObject({ status: 'done', done: 40, total: 40 });
    expect(issues.every((issue) => slaOf(world, issue.key))).toBe(true);
    const consumerRuns = world.forge.invocations.filter((i) => i.moduleKey === 'sla-recompute-consumer');
    expect(consumerRuns.filter((run) => run.error)).toHaveLength(1);
  });

  it('a job whose queue event was lost is resumed by the sweep', async () => {
    const issues = backlog(30);
    await saveConfig(world);
    for (const issue of issues) issue.properties.clear();
    await asAdmin(world, 'startRecompute');
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 500, retryAfterSeconds: 0, times: 16 });
    await world.forge.settle();
    expect(world.forge.deadLetters).toHaveLength(1);
    expect((await asAdmin(world, 'getJob')) as object).toMatchObject({ value: { status: 'running', done: 0 } });
    world.clock.advance(11 * 60_000);
    const swept = (await world.forge.runScheduled('sla-breach-sweep')) as { resumedJob: string | null };
    expect(swept.resumedJob).not.toBeNull();
    await world.forge.settle();
    expect((await asAdmin(world, 'getJob')) as object).toMatchObject({ value: { status: 'done', done: 30, total: 30 } });
  });

  it('counts issues that fail and carries on', async () => {
    backlog(5);
    await saveConfig(world);
    await asAdmin(world, 'startRecompute');
    world.jira.faults.push({ operation: 'getIssue', status: 500, retryAfterSeconds: 0, times: 4 });
    await world.forge.settle();
    expect((await asAdmin(world, 'getJob')) as object).toMatchObject({ value: { status: 'done', done: 4, failed: 1, failedKeys: [expect.stringMatching(/^SUP-/)] } });
  });
});
