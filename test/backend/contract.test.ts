import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MAX_INDEXED_VALUES, SLA_SEARCH_ALIASES } from '../../src/domain';
import { jiraSpecText } from '../../harness/jira/spec';
import type { World } from '../../harness/world';
import { asAdmin, panel, PEOPLE, saveConfig, startWorld } from '../support/world';

const spec = JSON.parse(jiraSpecText()) as { paths: Record<string, Record<string, { operationId?: string }>> };
const specOperations = new Set(Object.values(spec.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId)));

describe('the Jira contract', () => {
  let world: World;
  afterEach(() => world.close());

  it('every call the app makes in a day of work is an operation of the spec, valid, and answered within the spec', async () => {
    world = startWorld('2026-11-23T08:00:00Z');
    await saveConfig(world);
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.groupVip, priority: 'High' });
    world.clock.advance(20 * 60_000);
    world.model.addComment(issue.key, PEOPLE.agent, 'On it');
    world.model.transition(issue.key, 'Waiting for customer', PEOPLE.agent);
    world.clock.advance(60 * 60_000);
    world.model.transition(issue.key, 'Done', PEOPLE.agent);
    world.model.transition(issue.key, 'Reopened', PEOPLE.customer);
    await world.forge.settle();
    await panel(world, issue.key);
    await panel(world, issue.key, PEOPLE.outsider);
    await world.forge.runScheduled('sla-breach-sweep');
    await asAdmin(world, 'lookups');
    await asAdmin(world, 'findUsers', { query: 'ali' });
    await asAdmin(world, 'startRecompute');
    await world.forge.settle();
    await world.forge.invoke('sla-breaches-page', 'breaches', {}, { accountId: PEOPLE.manager });
    await world.forge.invoke('sla-breaches-page', 'compliance', { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, { accountId: PEOPLE.manager });
    await world.forge.invoke('sla-breaches-page', 'filterOptions', {}, { accountId: PEOPLE.manager });

    expect(world.forge.deadLetters).toEqual([]);
    const operations = new Set(world.jira.exchanges.map((exchange) => exchange.operation));
    expect([...operations].filter((operation) => !specOperations.has(operation))).toEqual([]);
    expect([...operations].sort()).toEqual([
      'countIssues', 'findUsers', 'getFields', 'getIssue', 'getIssueAllTypes', 'getMyPermissions', 'getPriorities', 'getStatuses', 'getUserGroups',
      'searchAndReconsileIssuesUsingJqlPost', 'searchProjects', 'setIssueProperty',
    ]);
    const failures = world.jira.exchanges.filter((exchange) => exchange.status >= 400);
    expect(failures.map((f) => `${f.operation} ${f.status} ${f.accountId}`)).toEqual([`getIssue 404 ${PEOPLE.outsider}`]);
    expect(world.jira.contractViolations).toEqual([]);
  });

  it('the stand-in refuses a request Jira would refuse', async () => {
    world = startWorld();
    const answer = await world.jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'project = SUP', colour: 'red' }, accountId: null });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('must NOT have additional properties');
    const unknown = await world.jira.handle({ method: 'GET', path: '/rest/api/3/no/such/thing', accountId: null });
    expect(unknown.status).toBe(404);
  });

  it('the contract check catches a response that strays from the spec', async () => {
    world = startWorld();
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer });
    world.model.transition(issue.key, 'In Progress', PEOPLE.agent);
    (issue.histories[0] as { id: unknown }).id = 20_001;
    const answer = await world.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${issue.key}/changelog`, accountId: null }).catch((error: Error) => error);
    expect(answer).toBeInstanceOf(Error);
    expect(world.jira.contractViolations).toEqual(['getChangeLogs 200: /values/0/id must be string']);
    world.jira.contractViolations.length = 0;
  });

  it('runs unknown JQL fields into the error Jira gives', async () => {
    world = startWorld();
    const answer = await world.jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'slaColour = "red"' }, accountId: null });
    expect(answer).toMatchObject({ status: 400, body: { errorMessages: ["Field 'slacolour' does not exist or you do not have permission to view it."] } });
  });
});

describe('the manifest', () => {
  const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8'));

  it('indexes exactly the search aliases the app queries', () => {
    const values = manifest.modules['jira:entityProperty'][0].values;
    expect(values).toEqual(SLA_SEARCH_ALIASES.map((alias) => ({ ...alias })));
    expect(values.length).toBeLessThanOrEqual(MAX_INDEXED_VALUES);
  });
});
