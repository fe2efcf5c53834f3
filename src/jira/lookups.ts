/** What the admin page's pickers offer, read from Jira as the admin. */
import { route } from '@forge/api';
import { z } from 'zod';
import { JiraError, type JiraClient } from './client';

const Named = z.object({ id: z.string(), name: z.string() });
const Page = <T extends z.ZodTypeAny>(item: T) => z.object({ values: z.array(item), isLast: z.boolean().optional(), total: z.number().optional() });

export async function projects(jira: JiraClient, query = '') {
  const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/project/search?query=${query}&maxResults=100`), Page(z.object({ id: z.string(), key: z.string(), name: z.string() })));
  return page.values.map(({ key, name }) => ({ key, name }));
}

/** Project keys the caller may browse (asked as the viewer: what the managers' page may show). */
export async function browsableProjects(jira: JiraClient): Promise<Set<string>> {
  return new Set((await projects(jira)).map((project) => project.key));
}

export async function issueTypes(jira: JiraClient) {
  const types = await jira.json((requestJira) => requestJira(route`/rest/api/3/issuetype`), z.array(Named));
  return [...new Set(types.map((type) => type.name))].sort();
}

/** Priorities in Jira's order. The deprecated list needs only read:jira-work; its successor needs admin scope. */
export async function priorities(jira: JiraClient) {
  const list = await jira.json((requestJira) => requestJira(route`/rest/api/3/priority`), z.array(Named));
  return list.map((priority) => priority.name);
}

export async function statuses(jira: JiraClient) {
  const list = await jira.json((requestJira) => requestJira(route`/rest/api/3/status`), z.array(Named));
  return [...new Set(list.map((status) => status.name))].sort();
}

const Field = z.object({ id: z.string(), name: z.string(), custom: z.boolean().optional() });

/** The site's custom fields, by name: what tier rules and scopes may name. */
export async function customFields(jira: JiraClient) {
  const fields = await jira.json((requestJira) => requestJira(route`/rest/api/3/field`), z.array(Field));
  return fields.filter((field) => field.id.startsWith('customfield_')).map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export async function groups(jira: JiraClient, query: string) {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/groups/picker?query=${query}&maxResults=20`), z.object({ groups: z.array(z.object({ name: z.string() })) }));
  return found.groups.map((group) => group.name);
}

export async function users(jira: JiraClient, query: string) {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/user/search?query=${query}&maxResults=20`), z.array(z.object({ accountId: z.string(), displayName: z.string().optional() })));
  return found.map((user) => ({ accountId: user.accountId, displayName: user.displayName ?? user.accountId }));
}

const Permissions = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean().optional() })) });

/** People by account id, with the name Jira shows (one unknown to Jira is left out). */
export async function people(jira: JiraClient, accountIds: readonly string[]): Promise<{ accountId: string; displayName: string }[]> {
  const found = await Promise.all(
    [...new Set(accountIds)].map(async (accountId) => {
      try {
        const user = await jira.json((requestJira) => requestJira(route`/rest/api/3/user?accountId=${accountId}`), z.object({ accountId: z.string(), displayName: z.string().optional() }));
        return [{ accountId, displayName: user.displayName ?? 'Someone Jira no longer knows' }];
      } catch (error) {
        if (error instanceof JiraError && error.status === 404) return [];
        throw error;
      }
    }),
  );
  return found.flat();
}

/** Whether the calling user is a Jira administrator. */
export async function isJiraAdmin(jira: JiraClient): Promise<boolean> {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`), Permissions);
  return found.permissions.ADMINISTER?.havePermission === true;
}

/** Whether the calling user is an agent in some project: one who may work on issues (not a portal customer). */
export async function isAgent(jira: JiraClient): Promise<boolean> {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/mypermissions?permissions=WORK_ON_ISSUES`), Permissions);
  return found.permissions.WORK_ON_ISSUES?.havePermission === true;
}

/** The calling user, by name: who is recorded as having done something. */
export async function me(jira: JiraClient): Promise<{ accountId: string; name: string }> {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/myself`), z.object({ accountId: z.string(), displayName: z.string().optional() }));
  return { accountId: found.accountId, name: found.displayName ?? found.accountId };
}

/** Whether the calling user is an agent of the project: one who may work on its issues (Jira Service Management customers may not). */
export async function isAgentIn(jira: JiraClient, projectKey: string): Promise<boolean> {
  const found = await jira.json((requestJira) => requestJira(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=WORK_ON_ISSUES`), Permissions);
  return found.permissions.WORK_ON_ISSUES?.havePermission === true;
}

const Count = z.object({ count: z.number() });

/** How many issues a JQL finds (Jira's approximate count: one request). */
export async function countIssues(jira: JiraClient, jql: string): Promise<number> {
  const answer = await jira.json((requestJira) => requestJira(route`/rest/api/3/search/approximate-count`, { method: 'POST', body: JSON.stringify({ jql }) }), Count);
  return answer.count;
}
