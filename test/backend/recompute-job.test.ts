import { asAdmin, PEOPLE, recordOf, saveConfig, slaOf, startWorld } from '../support/world';
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

type Job = { status: string; total: number; done: number; failed: number; written: number; mirrored: number; pages: number; lanes: number; failures: { key: string; reason: string }[] };
const job = async () => ((await asAdmin(world, 'getJob')) as { ok: true; value: Job }).value;

describe('recompute jobs', () => {
  it('after a config change, recompute every open issue in scope, 100 to a search, in lanes, with progress', async () => {
    const issues = backlog(260);
    await world.forge.settle();
    world.model.transition(issues[0]!.key, 'Done', PEOPLE.agent);
    await world.forge.settle();
    const saved = await asAdmin(world, 'saveConfig', { config: loadExampleConfig(), baseVersion: 0 });
    expect(saved).toMatchObject({ ok: true, value: { saved: { version: 1 }, recompute: 'started', job: { status: 'queued' } } });
    world.jira.resetCounts();
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', total: 259, done: 259, failed: 0, written: 259, mirrored: 259, lanes: 3 });
    expect(issues.slice(1).every((issue) => recordOf(world, issue.key)?.policy === 'support' && slaOf(world, issue.key)?.policy === 'support')).toBe(true);
    // Planning (a count, the lowest and highest id), then per lane a search a page and a bulk mirror
    // write a page; the one reporter's groups once for the whole job (the lanes share what they read).
    const calls = Object.fromEntries(world.jira.calls);
    expect(calls).toMatchObject({ countIssues: 1, bulkSetIssuePropertiesByIssue: 3, getUserGroups: 1 });
    expect(calls.searchAndReconsileIssuesUsingJqlPost).toBeLessThanOrEqual(2 + 6);
    expect(Object.values(calls).reduce((a, b) => a + b, 0) / 259).toBeLessThan(0.2);
  });

  it('never runs two at once', async () => {
    backlog(30);
    await saveConfig(world);
    const first = await asAdmin(world, 'startRecompute');
    const second = await asAdmin(world, 'startRecompute');
    expect(first).toMatchObject({ ok: true, value: { status: 'queued' } });
    expect(second).toMatchObject({ ok: true, value: { id: (first as { value: { id: string } }).value.id } });
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 30 });
  });

  it('skips no issue when issues are resolved while it runs: it pages by id, not by position', async () => {
    const issues = backlog(450);
    await saveConfig(world);
    for (const issue of issues) issue.properties.clear();
    await asAdmin(world, 'startRecompute');
    // Once the first lane has read its first page of 100, the first 60 of them are resolved.
    let searches = 0;
    world.jira.afterCall.push((operation, _path) => {
      if (operation !== 'searchAndReconsileIssuesUsingJqlPost' || ++searches !== 3 + 1) return;
      for (const issue of issues.slice(0, 60)) world.model.issue(issue.key)!.resolution = 'Done';
    });
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', lanes: 4 });
    expect(issues.slice(60).every((issue) => slaOf(world, issue.key)?.policy === 'support')).toBe(true);
  });

  it('resumes after a fault: the failed page is retried by the queue from its saved cursor', async () => {
    const issues = backlog(150);
    await saveConfig(world);
    for (const issue of issues) issue.properties.clear();
    await asAdmin(world, 'startRecompute');
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 500, retryAfterSeconds: 0, times: 8 });
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 150 });
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
    world.jira.faults.push({ operation: 'countIssues', status: 500, retryAfterSeconds: 0, times: 16 });
    await world.forge.settle();
    expect(world.forge.deadLetters).toHaveLength(1);
    expect(await job()).toMatchObject({ status: 'queued', done: 0 });
    world.jira.faults.length = 0;
    world.clock.advance(11 * 60_000);
    const swept = (await world.forge.runScheduled('sla-breach-sweep')) as { resumedJob: string | null };
    expect(swept.resumedJob).not.toBeNull();
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 30, total: 30 });
  });

  it('lanes whose queue events were lost are resumed by the sweep from their saved cursors', async () => {
    const issues = backlog(250);
    await saveConfig(world);
    for (const issue of issues) issue.properties.clear();
    await asAdmin(world, 'startRecompute');
    // Planned, then every lane's searches fail, every try of every lane: three dead letters.
    await world.forge.step(1);
    world.jira.faults.push({ operation: 'searchAndReconsileIssuesUsingJqlPost', status: 500, retryAfterSeconds: 0, times: 48 });
    await world.forge.settle();
    expect(world.forge.deadLetters).toHaveLength(3);
    expect(await job()).toMatchObject({ status: 'running', lanes: 3, done: 0 });
    world.clock.advance(11 * 60_000);
    expect(((await world.forge.runScheduled('sla-breach-sweep')) as { resumedJob: string | null }).resumedJob).not.toBeNull();
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 250 });
    expect(issues.every((issue) => slaOf(world, issue.key))).toBe(true);
  });

  it('counts issues that fail with why, records them for the sweep, and carries on', async () => {
    const issues = backlog(5);
    await saveConfig(world);
    // More comments than Jira embeds, and reading the rest fails every time.
    world.jira.embeddedComments = 20;
    for (let i = 0; i < 30; i++) world.model.addComment(issues[2]!.key, PEOPLE.customer, `again ${i}`);
    await world.forge.settle();
    world.jira.faults.push({ operation: 'getComments', status: 500, retryAfterSeconds: 0, times: 100 });
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 4, failed: 1, failures: [{ key: issues[2]!.key, reason: expect.stringContaining('Jira answered 500') }] });
    expect(world.kvs.dumpEntities('sla-failure')[issues[2]!.id]).toMatchObject({ attempts: 1 });
  });

  it('Jira failing during a save: the version is saved and said so, and its recompute runs once Jira answers', async () => {
    const issues = backlog(20);
    world.jira.faults.push({ operation: 'countIssues', status: 503, retryAfterSeconds: 0, times: 100 });
    const saved = await asAdmin(world, 'saveConfig', { config: loadExampleConfig(), baseVersion: 0 });
    expect(saved).toMatchObject({ ok: true, value: { saved: { version: 1 }, recompute: 'started', job: { status: 'queued' } } });
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'queued' });
    expect(world.forge.deadLetters).toHaveLength(1);
    world.jira.faults.length = 0;
    world.clock.advance(11 * 60_000);
    await world.forge.runScheduled('sla-breach-sweep');
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 20 });
    expect(issues.every((issue) => recordOf(world, issue.key)?.configVersion === 1)).toBe(true);
  });

  it('a save is never left without its recompute: when it cannot start, the sweep starts it', async () => {
    backlog(20);
    await saveConfig(world);
    world.kvs.handle('/api/v1/set', { key: 'job:lock', value: { jobId: 'gone' }, options: { ttl: { value: 1, unit: 'SECONDS' } } });
    const config = loadExampleConfig();
    config.policies[0]!.name = 'Customer support (new)';
    const saved = await asAdmin(world, 'saveConfig', { config, baseVersion: 1 });
    expect(saved).toMatchObject({ ok: true, value: { saved: { version: 2 }, recompute: 'after-running' } });
    world.clock.advance(5 * 60_000);
    const swept = (await world.forge.runScheduled('sla-breach-sweep')) as { resumedJob: string | null };
    expect(swept.resumedJob).not.toBeNull();
    await world.forge.settle();
    expect(await job()).toMatchObject({ status: 'done', done: 20 });
    expect(world.forge.invocations.some((run) => run.moduleKey === 'sla-recompute-consumer')).toBe(true);
  });
});

describe('the daily reconcile', () => {
  it('gives a record to issues without one, recomputes stale ones and repairs tampered mirrors, resolved ones too', async () => {
    await saveConfig(world);
    // An issue whose events never arrived, one resolved last week, and one recorded with version 1.
    const lost = world.model.quietly(() => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'lost', reporter: PEOPLE.customer, priority: 'High' }));
    const done = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'done', reporter: PEOPLE.customer, priority: 'High' });
    world.model.addComment(done.key, PEOPLE.agent, 'Fixed');
    world.model.transition(done.key, 'Done', PEOPLE.agent);
    const open = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'open', reporter: PEOPLE.customer, priority: 'High' });
    await world.forge.settle();
    const config = loadExampleConfig();
    config.policies[0]!.warnAtPercent = 50;
    // Saved behind the app's back (a save whose recompute never ran): the open issue's record is stale.
    world.kvs.handle('/api/v1/set', { key: 'config:head', value: { version: 2, config, savedBy: PEOPLE.admin, savedAt: new Date().toISOString(), changes: [] } });
    world.clock.advance(7 * 86_400_000);
    const truth = structuredClone(slaOf(world, done.key));
    world.model.issue(done.key)!.properties.set('sla', { ...truth, status: 'met', response: { ...truth.response, status: 'met', breached: 'false' } });
    expect(recordOf(world, lost.key)).toBeUndefined();

    const started = (await world.forge.runScheduled('sla-daily-reconcile')) as { reconcileJob: string | null };
    expect(started.reconcileJob).not.toBeNull();
    await world.forge.settle();
    expect(recordOf(world, lost.key)).toMatchObject({ policy: 'support', configVersion: 2 });
    expect(recordOf(world, open.key)).toMatchObject({ configVersion: 2 });
    expect(slaOf(world, done.key)).toEqual({ ...truth, evaluatedAt: slaOf(world, done.key).evaluatedAt });
  });
});
