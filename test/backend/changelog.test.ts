/**
 * Jira embeds an issue's *newest* changelog entries ("recent updates to an issue, sorted by date,
 * starting from the most recent"; on `search/jql` "a maximum of 40 changelogs"), so the app reads
 * the whole history whenever the embedded slice may be short: through `GET issue` (the panel) from
 * the changelog's pages, through a search (recomputes, sweeps) in bulk. At every size around Jira's
 * caps, both reads agree with an evaluation of the whole history read at once.
 */
import type { World } from '../../harness/world';
import { asAdmin, longHistory, panel, PEOPLE, recordOf, saveConfig, startWorld } from '../support/world';

const SIZES = [0, 39, 40, 41, 100, 101, 1_000, 10_000];
const EVERYTHING = { search: 1_000_000, issue: 1_000_000 };
const NOW = '2026-11-23T08:00:00Z';

let world: World;
beforeEach(async () => {
  world = startWorld(NOW);
  await saveConfig(world);
});
afterEach(() => world.close());

/** An open issue with `count` status changes a minute apart, the last one a minute before now. */
function issueWith(count: number) {
  const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `${count} changes`, reporter: PEOPLE.customer, priority: 'Highest', created: Date.parse(NOW) - (count + 1) * 60_000 });
  longHistory(world, issue.key, count, 'status');
  return issue;
}

const metricsOf = (answer: any) => {
  expect(answer).toMatchObject({ ok: true, value: { kind: 'sla' } });
  return answer.value.evaluation.metrics;
};

describe.each(['issue', 'page'] as const)('an embedded changelog whose total counts the %s', (total) => {
  beforeEach(() => {
    world.jira.changelogTotal = total;
  });

  it.each(SIZES)('the panel of an issue with %i changes agrees with the whole history read at once', async (count) => {
    const issue = issueWith(count);
    world.jira.embeddedHistories = { ...EVERYTHING };
    const whole = metricsOf(await panel(world, issue.key));
    world.jira.embeddedHistories = { search: 40, issue: 100 };
    world.jira.resetCounts();
    expect(metricsOf(await panel(world, issue.key))).toEqual(whole);
    // The changelog's pages only where the embedded 100 may not be all: from the oldest, 100 a page.
    const pages = world.jira.exchanges.filter((exchange) => exchange.operation === 'getChangeLogs').map((exchange) => Number(/startAt=(\d+)/.exec(exchange.path)![1]));
    const mayBeShort = count > 100 || (count === 100) || (total === 'page' && count >= 100);
    expect(pages).toEqual(mayBeShort ? Array.from({ length: Math.ceil(count / 100) }, (_, i) => i * 100) : []);
  });
});

describe('a search page of issues with long histories', () => {
  it.each(['issue', 'page'] as const)('recomputed records agree with the whole histories read at once (total counts the %s)', async (total) => {
    world.jira.changelogTotal = total;
    const issues = SIZES.map(issueWith);
    world.jira.embeddedHistories = { ...EVERYTHING };
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    const whole = issues.map((issue) => recordOf(world, issue.key));
    expect(whole.every((record) => record?.policy === 'support')).toBe(true);
    for (const issue of issues) world.kvs.deleteEntity('sla-record', issue.id);
    world.jira.embeddedHistories = { search: 40, issue: 100 };
    world.jira.resetCounts();
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    expect(issues.map((issue) => recordOf(world, issue.key))).toEqual(whole);
    // One bulk read names every issue whose embedded 40 may not be all, a page of 1,000 changelogs at a time.
    const bulk = world.jira.exchanges.filter((exchange) => exchange.operation === 'getBulkChangelogs');
    expect(bulk.length).toBe(Math.ceil((41 + 100 + 101 + 1_000 + 10_000 + (total === 'page' ? 40 : 40)) / 1_000));
    expect(world.jira.calls.get('getChangeLogs') ?? 0).toBe(0);
  });

  it('reads each history once even when the bulk read and the embedded slice overlap, in any order', async () => {
    const issue = issueWith(45);
    world.jira.resetCounts();
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    const record = recordOf(world, issue.key);
    world.jira.embeddedHistories = { ...EVERYTHING };
    world.kvs.deleteEntity('sla-record', issue.id);
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    expect(recordOf(world, issue.key)).toEqual(record);
  });
});
