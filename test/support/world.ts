import { createWorld, PEOPLE, type World } from '../../harness/world';
import { loadExampleConfig } from './evaluate';

export { PEOPLE };

/** A local site with the app installed, every Jira answer checked against Atlassian's spec. */
export function startWorld(start = '2026-11-23T08:00:00Z'): World {
  const world = createWorld({ start: Date.parse(start), loadApp: () => require('../../src/index'), checkContract: true });
  const close = world.close;
  // A broken contract fails the test even where the app swallowed the error it caused.
  world.close = () => {
    close();
    if (world.jira.contractViolations.length) throw new Error(`Jira contract broken: ${world.jira.contractViolations.join('; ')}`);
  };
  return world;
}

export type Answer = { ok: true; value: any } | { ok: false; error: { code: string; message: string; details?: any } };

export const asAdmin = (world: World, functionKey: string, payload: unknown = {}) =>
  world.forge.invoke('sla-admin-page', functionKey, payload, { accountId: PEOPLE.admin }) as Promise<Answer>;

/** A resolver of the managers' page, as `accountId` (the manager when absent). */
export const asManagers = (world: World, functionKey: string, payload: unknown = {}, accountId: string = PEOPLE.manager) =>
  world.forge.invoke('sla-breaches-page', functionKey, payload, { accountId }) as Promise<Answer>;

/** The value a managers' page resolver answers; a refusal fails the test with its error. */
export async function managersValue(world: World, functionKey: string, payload: unknown = {}, accountId?: string): Promise<any> {
  const answer = await asManagers(world, functionKey, payload, accountId);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value;
}

/** Saves a config through the admin page's resolver, as an admin would. */
export async function saveConfig(world: World, config: unknown = loadExampleConfig()) {
  const current = (await asAdmin(world, 'getConfig')) as { ok: true; value: { version: number } };
  const saved = await asAdmin(world, 'saveConfig', { config, baseVersion: current.value.version });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  await world.forge.settle();
  return saved.value;
}

export const panel = (world: World, key: string, accountId: string = PEOPLE.agent) =>
  world.forge.invoke('sla-issue-panel', 'getSla', {}, { accountId, extension: { issue: { key } } }) as Promise<Answer>;

/** The `sla` issue property (the JQL mirror) of an issue. */
export const slaOf = (world: World, key: string) => world.model.issue(key)?.properties.get('sla') as any;

/** The authoritative record of an issue in the app's storage. */
export const recordOf = (world: World, key: string) => world.kvs.dumpEntities('sla-record')[world.model.issue(key)!.id] as any;

export const sweep = (world: World) =>
  world.forge.runScheduled('sla-breach-sweep') as Promise<{ found: number; results: { key: string; outcome: string; mirrored: boolean }[]; failed: { key: string; error: string }[]; incomplete: boolean; resumedJob: string | null }>;

/**
 * Gives an issue `count` more changes without events, a minute apart from its creation: label
 * changes (which no clock follows), or status changes between waiting and working.
 */
export function longHistory(world: World, key: string, count: number, kind: 'labels' | 'status' = 'labels') {
  const issue = world.model.issue(key)!;
  for (let i = 0; i < count; i++) {
    const [from, to] = i % 2 ? ['Waiting for customer', 'In Progress'] : ['In Progress', 'Waiting for customer'];
    const item = kind === 'labels' ? { field: 'labels', from: null, fromString: null, to: null, toString: `l${i}` } : { field: 'status', from: '1', fromString: i ? from : 'Open', to: '2', toString: to };
    issue.histories.push({ id: String(900_000 + issue.histories.length), author: PEOPLE.agent, created: issue.created + (i + 1) * 60_000, items: [item] });
  }
  if (kind === 'status') issue.status = count % 2 ? 'Waiting for customer' : 'In Progress';
}

/** Issues the app user finds with JQL, as keys. */
export async function jql(world: World, query: string): Promise<string[]> {
  const answer = await world.jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', body: { jql: query, fields: ['key'], maxResults: 100 }, accountId: null });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return (answer.body as { issues: { key: string }[] }).issues.map((issue) => issue.key).sort();
}
