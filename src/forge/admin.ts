/** The admin page's resolvers: each checks on the server that the caller is a Jira administrator first. */
import { configHistory, latestJob, recompute, requireAdmin, saveAndRecompute, simulateTargets } from '../app/admin';
import { configJsonSchema, validateConfig } from '../domain';
import { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { currentConfig } from '../storage/config-store';
import { defineResolvers, type Caller } from './respond';

/** An admin resolver's work, with the account the platform says is calling (checked an admin first). */
const admin =
  <P, T>(work: (payload: P, accountId: string) => Promise<T>) =>
  (payload: P, caller: Caller) =>
    work(payload, caller.accountId!);

export const handler = defineResolvers('admin', {
  getConfig: admin(async () => currentConfig()),
  getSchema: admin(async () => configJsonSchema()),
  validateConfig: admin(async ({ config }) => validateConfig(config)),
  saveConfig: admin(async ({ config, baseVersion }, accountId) => saveAndRecompute(config, baseVersion, accountId)),
  restoreConfig: admin(async ({ version, baseVersion }, accountId) => saveAndRecompute(undefined, baseVersion, accountId, version)),
  history: admin(async ({ before, limit }) => configHistory({ before, limit })),
  simulate: admin(async (payload) => simulateTargets(payload)),
  startRecompute: admin(async (_payload, accountId) => recompute('started by an admin', accountId)),
  getJob: admin(async () => (await latestJob()) ?? null),
  lookups: admin(async () => {
    const jira = JiraClient.asUser();
    const [projects, issueTypes, priorities, statuses, customFields] = await Promise.all([lookups.projects(jira), lookups.issueTypes(jira), lookups.priorities(jira), lookups.statuses(jira), lookups.customFields(jira)]);
    return { projects, issueTypes, priorities, statuses, customFields };
  }),
  findGroups: admin(async ({ query }) => lookups.groups(JiraClient.asUser(), query)),
  findUsers: admin(async ({ query }) => lookups.users(JiraClient.asUser(), query)),
  people: admin(async ({ accountIds }) => lookups.people(JiraClient.asUser(), accountIds)),
}, (caller) => requireAdmin(caller.accountId));
