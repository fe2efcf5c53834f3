/**
 * Figures that must not move after the fact: a stopped cycle counts for good under the priority
 * it stopped with, and the panel shows a stopped cycle in the period it belongs to, as that
 * period's statement says.
 */
import type { World } from '../../harness/world';
import type { Config } from '../../src/domain';
import { patCo } from '../support/agreements';
import { loadExampleConfig } from '../support/evaluate';
import { managersValue, panel, PEOPLE, saveConfig, startWorld, sweep } from '../support/world';

let world: World;
afterEach(() => world.close());

/** Pat & Co (gold): a High-only response level, 90 % expected, 10 % of €5,000 at risk. */
function config(): Config {
  const base = loadExampleConfig();
  base.agreements = [patCo({ tier: 'gold', serviceLevels: [{ id: 'high-response', name: 'High: first response', metric: 'response', priorities: ['High'], expected: 90, share: 100 }] })];
  return base;
}

const value = (name: string, payload: unknown) => managersValue(world, name, payload);

/** Two High issues of Pat's on Wednesday 1 July 09:00 Berlin (gold High response: 30m): one answered after 10 minutes, one after 60 (breached), both resolved. */
async function july() {
  world = startWorld('2026-07-01T07:00:00Z');
  await saveConfig(world, config());
  const make = () => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Pat', reporter: PEOPLE.customer, priority: 'High' });
  const [met, late] = [make(), make()];
  await world.forge.settle();
  world.clock.set(Date.parse('2026-07-01T07:10:00Z'));
  world.model.addComment(met!.key, PEOPLE.agent, 'Looking');
  world.clock.set(Date.parse('2026-07-01T08:00:00Z'));
  world.model.addComment(late!.key, PEOPLE.agent, 'Sorry for the wait');
  world.clock.set(Date.parse('2026-07-02T08:00:00Z'));
  for (const issue of [met!, late!]) world.model.transition(issue.key, 'Done', PEOPLE.agent);
  await world.forge.settle();
  return { met: met!, late: late! };
}

async function closeJuly() {
  world.clock.set(Date.parse('2026-08-03T06:00:00Z'));
  await sweep(world);
  await world.forge.settle();
}

describe('a priority change on a closed issue', () => {
  it('leaves its cycle under the priority it stopped with: July’s High level stays missed, with its credit', async () => {
    const { late } = await july();
    world.clock.set(Date.parse('2026-08-02T08:00:00Z'));
    world.model.setPriority(late.key, 'Low', PEOPLE.agent);
    await world.forge.settle();
    const cycles = Object.values(world.kvs.dumpEntities('sla-cycle')) as { issueKey: string; metric: string; priority: string }[];
    expect(cycles.filter((cycle) => cycle.issueKey === late.key && cycle.metric === 'response').map((cycle) => cycle.priority)).toEqual(['High']);
    await closeJuly();
    const statement = (await value('statement', { agreement: 'pat-co', period: '2026-07' })).statement;
    expect(statement.figures.levels).toMatchObject([{ id: 'high-response', counted: 2, met: 1, outcome: 'missed', charged: 50_000 }]);
  });
});

describe('the panel of an issue whose cycle stopped in a closed period', () => {
  it('shows the cycle in that period, as its statement says, not in the period running now', async () => {
    const { late } = await july();
    await closeJuly();
    world.clock.set(Date.parse('2026-08-10T08:00:00Z'));
    const answer = (await panel(world, late.key)) as { ok: true; value: { agreement: { period: string; levels: unknown[] } } };
    expect(answer.value.agreement.period).toBe('2026-08');
    expect(answer.value.agreement.levels).toEqual([
      expect.objectContaining({ id: 'high-response', period: '2026-07', closed: true, cycleStatus: 'met-late', outcome: 'missed', achieved: 50, charged: 50_000, costsCredit: true }),
    ]);
  });
});
