/**
 * Every surface closed to those who should not see it: a statement names issues, times, a
 * customer and money, so an agent sees an agreement's statements only if they may browse every
 * project its cycles come from (or administer Jira), and never a line of an issue they cannot
 * browse; compliance restatements cover every project, and are shown on the same terms.
 */
import type { World } from '../../harness/world';
import type { Config } from '../../src/domain';
import { patCo } from '../support/agreements';
import { loadExampleConfig } from '../support/evaluate';
import { asManagers, managersValue, PEOPLE, saveConfig, startWorld, sweep } from '../support/world';

let world: World;
afterEach(() => world.close());

function config(projects: string[]): Config {
  const base = loadExampleConfig();
  base.policies[0]!.scope.projects = projects;
  base.agreements = [patCo({ serviceLevels: [{ id: 'response', name: 'First response', metric: 'response', expected: 90, share: 100 }] })];
  return base;
}

const report = (name: string, payload: unknown, accountId: string) => asManagers(world, name, payload, accountId);
const value = (name: string, payload: unknown, accountId: string) => managersValue(world, name, payload, accountId);
const lineKeys = async (accountId: string) => ((await value('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1 }, accountId)).lines as { issueKey: string }[]).map((line) => line.issueKey).sort();

/** Pat's issues in Support (which every agent browses) and in Finance (which only the manager and the admin browse), answered, and July closed. */
async function julyClosed() {
  world = startWorld('2026-07-01T07:00:00Z');
  world.model.addProject({ key: 'FIN', name: 'Finance desk', projectTypeKey: 'service_desk', browsers: [PEOPLE.admin, PEOPLE.manager, PEOPLE.customer] });
  await saveConfig(world, config(['SUP', 'FIN']));
  const make = (projectKey: string) => world.model.createIssue({ projectKey, issueType: 'Bug', summary: `Pat in ${projectKey}`, reporter: PEOPLE.customer, priority: 'High' });
  const issues = [make('SUP'), make('FIN')];
  await world.forge.settle();
  world.clock.advance(10 * 60_000);
  for (const issue of issues) world.model.addComment(issue.key, PEOPLE.admin, 'Looking');
  await world.forge.settle();
  world.clock.set(Date.parse('2026-07-31T22:01:00Z'));
  await sweep(world);
  await world.forge.settle();
  return issues;
}

describe('statements', () => {
  it('are shown only to those who may browse every project of the agreement, and to admins', async () => {
    const [sup, fin] = await julyClosed();
    expect((await value('agreements', {}, PEOPLE.manager)).agreements.map((agreement: { id: string }) => agreement.id)).toEqual(['pat-co']);
    expect(await lineKeys(PEOPLE.manager)).toEqual([fin!.key, sup!.key].sort());
    expect(await lineKeys(PEOPLE.admin)).toEqual([fin!.key, sup!.key].sort());

    // An agent of Support, who may not browse Finance, does not learn of the agreement at all.
    expect(await value('agreements', {}, PEOPLE.agent)).toEqual({ agreements: [], canAdmin: false });
    const refused = { ok: false, error: { code: 'forbidden', message: 'Only those who may browse every project of this agreement, and Jira administrators, see its statements' } };
    expect(await report('statement', { agreement: 'pat-co', period: '2026-07' }, PEOPLE.agent)).toEqual(refused);
    expect(await report('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1 }, PEOPLE.agent)).toEqual(refused);
    expect(await report('exclusions', { agreement: 'pat-co' }, PEOPLE.agent)).toEqual(refused);
    // A portal customer sees no statement, not even their own.
    expect(await report('agreements', {}, PEOPLE.customer)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('never send a line of an issue the viewer cannot browse, even when the agreement no longer covers its project', async () => {
    const [sup, fin] = await julyClosed();
    const lines = (await value('statementLines', { agreement: 'pat-co', period: '2026-07', version: 1 }, PEOPLE.manager)).lines as { issueKey: string; cycleKey: string }[];
    const finCycle = lines.find((line) => line.issueKey === fin!.key)!.cycleKey;
    await value('excludeCycle', { agreement: 'pat-co', cycleKey: finCycle, reason: 'Finance asked us to wait' }, PEOPLE.admin);
    await saveConfig(world, config(['SUP']));
    expect((await value('agreements', {}, PEOPLE.agent)).agreements.map((agreement: { id: string }) => agreement.id)).toEqual(['pat-co']);
    expect(await lineKeys(PEOPLE.agent)).toEqual([sup!.key]);
    expect(await lineKeys(PEOPLE.manager)).toEqual([fin!.key, sup!.key].sort());
    expect(await value('exclusions', { agreement: 'pat-co' }, PEOPLE.agent)).toEqual([]);
    expect(await value('exclusions', { agreement: 'pat-co' }, PEOPLE.manager)).toMatchObject([{ issueKey: fin!.key, reason: 'Finance asked us to wait' }]);
  });
});

describe('compliance restatements', () => {
  it('are shown only to those who may browse every project of the policies, and to admins', async () => {
    await julyClosed();
    const refused = { ok: false, error: { code: 'forbidden' } };
    expect(await report('complianceRestatements', {}, PEOPLE.customer)).toMatchObject(refused);
    expect(await report('complianceRestatements', {}, PEOPLE.agent)).toMatchObject(refused);
    expect(await report('complianceRestatements', {}, PEOPLE.manager)).toEqual({ ok: true, value: [] });
    expect(await report('complianceRestatements', {}, PEOPLE.admin)).toEqual({ ok: true, value: [] });
  });
});
