/**
 * What an escalation does in Jira, each one REST call as the app: notify through Jira's own
 * notification API, comment (internal or public), set a priority, assign, add a label.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { JiraClient } from './client';

/** Jira's issue notification: to the issue's roles, groups and users. */
export interface Notification {
  readonly subject: string;
  readonly textBody: string;
  readonly to: { reporter?: boolean; assignee?: boolean; watchers?: boolean; users?: { accountId: string }[]; groups?: { name: string }[] };
}

export async function notify(jira: JiraClient, issueKey: string, notification: Notification): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueKey}/notify`, { method: 'POST', body: JSON.stringify(notification) }));
}

/** A comment in Atlassian's document format; an internal one carries Jira Service Management's `sd.public.comment` property. */
export async function comment(jira: JiraClient, issueKey: string, text: string, internal: boolean): Promise<void> {
  const body = {
    body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
    ...(internal ? { properties: [{ key: 'sd.public.comment', value: { internal: true } }] } : {}),
  };
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueKey}/comment`, { method: 'POST', body: JSON.stringify(body) }));
}

export async function setPriority(jira: JiraClient, issueKey: string, priority: string): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueKey}`, { method: 'PUT', body: JSON.stringify({ fields: { priority: { name: priority } } }) }));
}

export async function assign(jira: JiraClient, issueKey: string, accountId: string): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueKey}/assignee`, { method: 'PUT', body: JSON.stringify({ accountId }) }));
}

export async function addLabel(jira: JiraClient, issueKey: string, label: string): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueKey}`, { method: 'PUT', body: JSON.stringify({ update: { labels: [{ add: label }] } }) }));
}

const UserZone = z.object({ accountId: z.string(), timeZone: z.string().optional() });

/** A user's time zone as Jira has it; `undefined` when Jira does not say. */
export async function timeZoneOf(jira: JiraClient, accountId: string): Promise<string | undefined> {
  return (await jira.json((requestJira) => requestJira(route`/rest/api/3/user?accountId=${accountId}`), UserZone)).timeZone;
}
