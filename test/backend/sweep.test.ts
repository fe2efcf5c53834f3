import { PEOPLE, jql, saveConfig, slaOf, startWorld } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z'); // Monday 09:00 in Berlin
  await saveConfig(world);
});
afterEach(() => world.close());

const sweep = () => world.forge.runScheduled('sla-breach-sweep') as Promise<{ found: number; results: { key: string; outcome: string }[]; failed: unknown[] }>;

describe('the breach sweep', () => {
  it('flags an at-risk and then a breached issue as the clock passes their deadlines', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Down', reporter: PEOPLE.vipCustomer, priority: 'High' });
    await world.forge.settle();
    expect(await jql(world, 'slaAtRisk = "true"')).toEqual([]);

    world.clock.advance(25 * 60_000); // VIP High response: 30m, at risk from 22m 30s
    expect((await sweep()).results).toEqual([{ key: issue.key, outcome: 'written' }]);
    expect(await jql(world, 'slaAtRisk = "true"')).toEqual([issue.key]);

    world.clock.advance(10 * 60_000);
    await sweep();
    expect(slaOf(world, issue.key).response).toMatchObject({ status: 'breached', breached: 'true', breachedAt: '2026-11-23T08:30:00.000Z' });
    expect(await jql(world, 'slaBreached = "true" AND project = SUP')).toEqual([issue.key]);
  });

  it('costs in proportion to the issues crossing a deadline, not to all open issues', async () => {
    const make = (priority: string) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: priority, reporter: PEOPLE.customer, priority });
    const urgent = [make('Highest'), make('Highest')];
    for (let i = 0; i < 30; i++) make('Lowest');
    await world.forge.settle();

    world.clock.advance(24 * 60_000); // Highest standard response: 30m around the clock, at risk from 22m 30s
    world.jira.resetCounts();
    const report = await sweep();
    expect(report.results.map((r) => r.key).sort()).toEqual(urgent.map((issue) => issue.key).sort());
    // One search that finds the two, one more that finds none left, per issue one read and one
    // write, and the reporter's groups once (VIP by group; remembered for the invocation).
    expect(Object.fromEntries(world.jira.calls)).toEqual({ searchAndReconsileIssuesUsingJqlPost: 2, getIssue: 2, setIssueProperty: 2, getUserGroups: 1 });

    world.jira.resetCounts();
    expect((await sweep()).found).toBe(0);
    expect(Object.fromEntries(world.jira.calls)).toEqual({ searchAndReconsileIssuesUsingJqlPost: 1 });
  });

  it('passes over an issue whose recompute fails and carries on with the rest', async () => {
    const first = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'a', reporter: PEOPLE.customer, priority: 'Highest' });
    const second = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'b', reporter: PEOPLE.customer, priority: 'Highest' });
    await world.forge.settle();
    world.clock.advance(40 * 60_000);
    world.jira.faults.push({ operation: 'getIssue', status: 500, retryAfterSeconds: 0, times: 4 });
    const report = await sweep();
    expect(report.failed).toHaveLength(1);
    expect(report.results).toHaveLength(1);
    const flagged = [first.key, second.key].filter((key) => slaOf(world, key).breached === 'true');
    expect(flagged).toHaveLength(1);
    await sweep();
    expect([first.key, second.key].every((key) => slaOf(world, key).breached === 'true')).toBe(true);
  });
});
