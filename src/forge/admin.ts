/** The admin page's resolvers: each checks that the caller is a Jira administrator first. */
import Resolver from '@forge/resolver';
import { configHistory, latestJob, recompute, requireAdmin, saveAndRecompute, simulateTargets, type SimulationInput } from '../app/admin';
import { configJsonSchema, validateConfig } from '../domain';
import { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { currentConfig } from '../storage/config-store';
import { answer, field, optionalField } from './respond';

const resolver = new Resolver();

type Request = { payload: unknown; context: { accountId?: string } };

function admin<T>(name: string, work: (payload: unknown, accountId: string) => Promise<T>) {
  resolver.define(name, ({ payload, context }: Request) =>
    answer(async () => {
      await requireAdmin(context.accountId);
      return work(payload, context.accountId!);
    }),
  );
}

admin('getConfig', async () => currentConfig());
admin('getSchema', async () => configJsonSchema());
admin('validateConfig', async (payload) => validateConfig(field(payload, 'config', 'object')));
admin('saveConfig', async (payload, accountId) => saveAndRecompute(field(payload, 'config', 'object'), field(payload, 'baseVersion', 'number'), accountId));
admin('restoreConfig', async (payload, accountId) =>
  saveAndRecompute(undefined, field(payload, 'baseVersion', 'number'), accountId, field(payload, 'version', 'number')),
);
admin('history', async (payload) => configHistory({ before: optionalField(payload, 'before', 'number'), limit: optionalField(payload, 'limit', 'number') }));
admin('simulate', async (payload) =>
  simulateTargets({
    config: optionalField(payload, 'config', 'object'),
    policyId: field(payload, 'policyId', 'string'),
    priority: field(payload, 'priority', 'string'),
    tier: field(payload, 'tier', 'string') === 'vip' ? 'vip' : 'standard',
    createdAt: field(payload, 'createdAt', 'string'),
  } satisfies SimulationInput),
);
admin('startRecompute', async (_payload, accountId) => recompute('started by an admin', accountId));
admin('getJob', async () => (await latestJob()) ?? null);
admin('lookups', async () => {
  const jira = JiraClient.asUser();
  const [projects, issueTypes, priorities, statuses] = await Promise.all([
    lookups.projects(jira),
    lookups.issueTypes(jira),
    lookups.priorities(jira),
    lookups.statuses(jira),
  ]);
  return { projects, issueTypes, priorities, statuses };
});
admin('findGroups', async (payload) => lookups.groups(JiraClient.asUser(), field(payload, 'query', 'string')));
admin('findUsers', async (payload) => lookups.users(JiraClient.asUser(), field(payload, 'query', 'string')));

export const handler = resolver.getDefinitions();
