import { PEOPLE, jql, longHistory, recordOf, saveConfig, slaOf, startWorld, sweep } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z'); // Monday 09:00 in Berlin
  await saveConfig(world);
});
afterEach(() => world.close());

const make = (priority: string, reporter: string = PEOPLE.customer) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: priority, reporter, priority });

describe('the breach sweep', () => {
  it('flags an at-risk and then a breached issue as the clock passes their deadlines, in the record and its mirror', async () => {
    const issue = make('High', PEOPLE.vipCustomer);
    await world.forge.settle();
    expect(await jql(world, 'slaAtRisk = "true"')).toEqual([]);

    world.clock.advance(25 * 60_000); // VIP High response: 30m, at risk from 22m 30s
    expect((await sweep(world)).results).toEqual([{ key: issue.key, outcome: 'written', mirrored: true }]);
    expect(recordOf(world, issue.key)).toMatchObject({ status: 'at-risk', metrics: { response: { status: 'at-risk' } } });
    expect(await jql(world, 'slaAtRisk = "true"')).toEqual([issue.key]);

    world.clock.advance(10 * 60_000);
    await sweep(world);
    expect(recordOf(world, issue.key).metrics.response).toMatchObject({ status: 'breached', breachedAt: Date.parse('2026-11-23T08:30:00Z') });
    expect(slaOf(world, issue.key).response).toMatchObject({ status: 'breached', breached: 'true', breachedAt: '2026-11-23T08:30:00.000Z' });
    expect(await jql(world, 'slaBreached = "true" AND project = SUP')).toEqual([issue.key]);
  });

  it('costs in proportion to the issues crossing a deadline: found in the store, read 100 to a search, mirrored 100 to a request', async () => {
    const urgent = [make('Highest'), make('Highest')];
    for (let i = 0; i < 30; i++) make('Lowest');
    await world.forge.settle();

    world.clock.advance(24 * 60_000); // Highest standard response: 30m around the clock, at risk from 22m 30s
    world.jira.resetCounts();
    const report = await sweep(world);
    expect(report.results.map((r) => r.key).sort()).toEqual(urgent.map((issue) => issue.key).sort());
    // One search for both, one bulk write of both mirrors, the reporter's groups once (VIP by group).
    // (Where the site keeps organizations, for the Gold tier, was read once when the config was saved.)
    expect(Object.fromEntries(world.jira.calls)).toEqual({ searchAndReconsileIssuesUsingJqlPost: 1, bulkSetIssuePropertiesByIssue: 1, getUserGroups: 1 });

    world.jira.resetCounts();
    expect((await sweep(world)).found).toBe(0);
    expect(Object.fromEntries(world.jira.calls)).toEqual({});
  });

  it('never trusts the property: a forged one neither hides a breach from it nor sends it back centuries', async () => {
    const issue = make('Highest');
    await world.forge.settle();
    const forged = { ...slaOf(world, issue.key), nextDeadlineMs: Date.parse('2999-01-01T00:00:00Z'), breached: 'false', response: { status: 'met', breachedAt: '1026-01-01T00:00:00.000Z' } };
    world.model.issue(issue.key)!.properties.set('sla', forged);
    world.clock.advance(40 * 60_000);
    const report = await sweep(world);
    expect(report.results).toEqual([{ key: issue.key, outcome: 'written', mirrored: true }]);
    expect(slaOf(world, issue.key).response).toMatchObject({ status: 'breached', breached: 'true' });
    expect(await jql(world, 'slaBreached = "true"')).toEqual([issue.key]);
  });

  it('backs off issues that fail every time, so 50 of them at the head of the queue do not stop the others', async () => {
    const failing = Array.from({ length: 50 }, () => make('Highest'));
    await world.forge.settle();
    world.clock.advance(60_000);
    const healthy = [make('Highest'), make('Highest')];
    await world.forge.settle();
    // Their history overflows what Jira embeds, and reading the rest fails, every time: in bulk for
    // the page (so the sweep reads issue by issue) and from each one's changelog.
    world.jira.faults.push({ operation: 'getBulkChangelogs', status: 500, retryAfterSeconds: 0, times: 1_000 });
    for (const issue of failing) {
      longHistory(world, issue.key, 120);
      world.jira.faults.push({ operation: 'getChangeLogs', pathIncludes: `/issue/${issue.id}/`, status: 500, retryAfterSeconds: 0, times: 1_000 });
    }
    world.clock.advance(40 * 60_000);

    const first = await sweep(world);
    expect(first.failed.map((failure) => failure.key).sort()).toEqual(failing.map((issue) => issue.key).sort());
    expect(healthy.every((issue) => slaOf(world, issue.key).breached === 'true')).toBe(true);
    const failure = world.kvs.dumpEntities('sla-failure')[failing[0]!.id] as { attempts: number; reason: string; retryAt: number };
    expect(failure).toMatchObject({ attempts: 1, reason: expect.stringContaining('Jira answered 500') });
    expect(failure.retryAt).toBe(Date.now() + 5 * 60_000);

    // A later issue breaches: the next run reaches it at once, passing the backed-off ones by.
    const late = make('Highest');
    await world.forge.settle();
    world.clock.advance(31 * 60_000);
    const second = await sweep(world);
    expect(second.results.map((result) => result.key)).toContain(late.key);
    expect(slaOf(world, late.key).breached).toBe('true');
    // Retried after their backoff (5 minutes, then 10, 20, ...), each still failing.
    expect((world.kvs.dumpEntities('sla-failure')[failing[0]!.id] as { attempts: number }).attempts).toBe(2);
  });
});
