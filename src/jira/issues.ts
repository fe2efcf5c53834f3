/**
 * Reading issues for SLAs: one issue with its whole history (changelog paged past the 100 entries
 * Jira embeds, comments paged likewise) and its stored `sla` property, in one call when it fits;
 * JQL searches paged with `nextPageToken`; the reporter's groups.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { JiraIssueSchema, SLA_PROPERTY_KEY, buildTimeline, type JiraComment, type JiraHistory, type Timeline } from '../domain';
import { JiraError, type JiraClient } from './client';

const ISSUE_FIELDS = 'summary,created,project,issuetype,priority,status,resolution,reporter,assignee,comment';

const IssueWithExtras = JiraIssueSchema.extend({
  fields: JiraIssueSchema.shape.fields.extend({
    comment: z.object({ comments: JiraIssueSchema.shape.fields.shape.comment.unwrap().shape.comments, total: z.number().optional() }).optional(),
  }),
  changelog: JiraIssueSchema.shape.changelog.unwrap().extend({ total: z.number().optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const ChangelogPage = z.object({ values: JiraIssueSchema.shape.changelog.unwrap().shape.histories, isLast: z.boolean().optional(), total: z.number() });
const CommentPage = z.object({ comments: JiraIssueSchema.shape.fields.shape.comment.unwrap().shape.comments, total: z.number() });

export interface LoadedIssue {
  readonly timeline: Timeline;
  /** The `sla` property as stored now, if any. */
  readonly stored: unknown;
}

/** An issue's timeline and stored property; `null` when it does not exist or the caller may not see it. */
export async function loadIssue(jira: JiraClient, key: string): Promise<LoadedIssue | null> {
  let raw;
  try {
    raw = await jira.json((requestJira) => requestJira(route`/rest/api/3/issue/${key}?expand=changelog&fields=${ISSUE_FIELDS}&properties=${SLA_PROPERTY_KEY}`), IssueWithExtras);
  } catch (error) {
    if (error instanceof JiraError && error.status === 404) return null;
    throw error;
  }
  const embedded = raw.changelog?.histories ?? [];
  const histories = (raw.changelog?.total ?? 0) > embedded.length ? await allHistories(jira, key) : embedded;
  const comments = (raw.fields.comment?.total ?? 0) > (raw.fields.comment?.comments.length ?? 0) ? await allComments(jira, key) : [];
  return { timeline: buildTimeline({ ...raw, changelog: { histories } }, comments), stored: raw.properties?.[SLA_PROPERTY_KEY] };
}

function allHistories(jira: JiraClient, key: string): Promise<JiraHistory[]> {
  return allPages(async (startAt) => {
    const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=100`), ChangelogPage);
    return { items: page.values, total: page.total };
  });
}

function allComments(jira: JiraClient, key: string): Promise<JiraComment[]> {
  return allPages(async (startAt) => {
    const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/issue/${key}/comment?startAt=${startAt}&maxResults=100`), CommentPage);
    return { items: page.comments, total: page.total };
  });
}

/** Every item of a `startAt`-paged list. */
async function allPages<T>(page: (startAt: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const next = await page(items.length);
    items.push(...next.items);
    if (next.items.length === 0 || items.length >= next.total) return items;
  }
}

export async function writeSlaProperty(jira: JiraClient, key: string, value: unknown): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${key}/properties/${SLA_PROPERTY_KEY}`, { method: 'PUT', body: JSON.stringify(value) }));
}

const Groups = z.array(z.object({ name: z.string() }));

/** Group names of a user, remembered for the rest of the invocation. */
export function groupsOf(jira: JiraClient): (accountId: string) => Promise<string[]> {
  const cache = new Map<string, Promise<string[]>>();
  return (accountId) => {
    let groups = cache.get(accountId);
    if (!groups) {
      groups = jira.json((requestJira) => requestJira(route`/rest/api/3/user/groups?accountId=${accountId}`), Groups).then((list) => list.map((group) => group.name));
      cache.set(accountId, groups);
    }
    return groups;
  };
}

const User = z.object({ accountId: z.string(), displayName: z.string().optional() }).nullish();
export const SearchIssue = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().optional(),
      priority: z.object({ name: z.string() }).nullish(),
      assignee: User,
      reporter: User,
      project: z.object({ key: z.string() }).optional(),
      issuetype: z.object({ name: z.string() }).optional(),
    })
    .optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type SearchIssue = z.infer<typeof SearchIssue>;

const SearchPage = z.object({ issues: z.array(SearchIssue), nextPageToken: z.string().optional(), isLast: z.boolean().optional() });

export interface SearchOptions {
  fields?: string[];
  properties?: string[];
  maxResults?: number;
  nextPageToken?: string;
}

/** One page of a JQL search. */
export async function searchPage(jira: JiraClient, jql: string, options: SearchOptions = {}) {
  const body = {
    jql,
    fields: options.fields ?? ['id'],
    maxResults: options.maxResults ?? 50,
    ...(options.properties ? { properties: options.properties } : {}),
    ...(options.nextPageToken ? { nextPageToken: options.nextPageToken } : {}),
  };
  const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/search/jql`, { method: 'POST', body: JSON.stringify(body) }), SearchPage);
  return { issues: page.issues, nextPageToken: page.isLast === false || (page.isLast === undefined && page.nextPageToken) ? page.nextPageToken : undefined };
}

/** Every issue a JQL search finds, up to `limit`; `truncated` when there were more. */
export async function searchAll(jira: JiraClient, jql: string, options: SearchOptions & { limit: number }) {
  const issues: SearchIssue[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await searchPage(jira, jql, { ...options, maxResults: Math.min(100, options.limit - issues.length), nextPageToken });
    issues.push(...page.issues);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && issues.length < options.limit);
  return { issues, truncated: nextPageToken !== undefined };
}

const Count = z.object({ count: z.number() });

export async function countIssues(jira: JiraClient, jql: string): Promise<number> {
  const answer = await jira.json((requestJira) => requestJira(route`/rest/api/3/search/approximate-count`, { method: 'POST', body: JSON.stringify({ jql }) }), Count);
  return answer.count;
}
