/**
 * Reading issues for SLAs and writing their mirrors. One issue, or a page of issues from a JQL
 * search, comes with the fields, changelog and comments the engine needs and the stored `sla`
 * property; what Jira does not embed (changelog past its first 100 entries, comments past its cap)
 * is fetched afterwards, the missing pages only, several at a time. Mirrors are written one at a
 * time (`PUT`) or 100 to a request (`POST /issue/properties/multi`).
 */
import { route } from '@forge/api';
import pLimit from 'p-limit';
import { z } from 'zod';
import { JiraIssueSchema, SLA_PROPERTY_KEY, buildTimeline, type JiraComment, type JiraHistory, type Timeline } from '../domain';
import { JiraError, OutOfTimeError, type JiraClient } from './client';

export const ISSUE_FIELDS = ['summary', 'created', 'updated', 'project', 'issuetype', 'priority', 'status', 'resolution', 'reporter', 'assignee', 'comment', 'labels', 'components'];

/** Requests for the pages Jira did not embed, in flight at once per issue load. */
const PAGE_CONCURRENCY = 8;
const PAGE_SIZE = 100;
/** Issues per bulk property write: the most Jira takes in one request. */
const MIRRORS_PER_REQUEST = 100;

const Comments = JiraIssueSchema.shape.fields.shape.comment.unwrap().shape.comments;
const Histories = JiraIssueSchema.shape.changelog.unwrap().shape.histories;

const IssueWithExtras = JiraIssueSchema.extend({
  id: z.string(),
  fields: JiraIssueSchema.shape.fields.extend({
    comment: z.object({ comments: Comments, total: z.number().optional() }).optional(),
  }),
  changelog: JiraIssueSchema.shape.changelog.unwrap().extend({ total: z.number().optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
type IssueWithExtras = z.infer<typeof IssueWithExtras>;

const ChangelogPage = z.object({ values: Histories, isLast: z.boolean().optional(), total: z.number() });
const CommentPage = z.object({ comments: Comments, total: z.number() });

export interface LoadedIssue {
  readonly timeline: Timeline;
  /** The `sla` property as stored now, if any: compared with the mirror, never trusted. */
  readonly property: unknown;
}

/** An issue's timeline and property; `null` when it does not exist or the caller may not see it. */
export async function loadIssue(jira: JiraClient, key: string, extraFields: readonly string[] = []): Promise<LoadedIssue | null> {
  let raw;
  try {
    raw = await jira.json(
      (requestJira) => requestJira(route`/rest/api/3/issue/${key}?expand=changelog&fields=${[...ISSUE_FIELDS, ...extraFields].join(',')}&properties=${SLA_PROPERTY_KEY}`),
      IssueWithExtras,
    );
  } catch (error) {
    if (error instanceof JiraError && error.status === 404) return null;
    throw error;
  }
  return complete(jira, raw);
}

/** The token of the next page: Jira sends one with `isLast: false` (older answers leave `isLast` out). */
const nextToken = (page: { isLast?: boolean; nextPageToken?: string }) => (page.isLast === false || (page.isLast === undefined && page.nextPageToken) ? page.nextPageToken : undefined);

const SearchPage = z.object({ issues: z.array(z.unknown()), nextPageToken: z.string().optional(), isLast: z.boolean().optional() });

export interface LoadedPage {
  readonly issues: LoadedIssue[];
  /** Issues whose JSON Jira sent but the engine cannot read, with why. */
  readonly unreadable: { id: string; key: string; reason: string }[];
  readonly nextPageToken: string | undefined;
}

/** A page of a JQL search, each issue with everything the engine needs (one request, plus overflow). */
export async function searchForEvaluation(jira: JiraClient, jql: string, options: { maxResults?: number; nextPageToken?: string; extraFields?: readonly string[] } = {}): Promise<LoadedPage> {
  const body = {
    jql,
    fields: [...ISSUE_FIELDS, ...(options.extraFields ?? [])],
    expand: 'changelog',
    properties: [SLA_PROPERTY_KEY],
    maxResults: options.maxResults ?? PAGE_SIZE,
    ...(options.nextPageToken ? { nextPageToken: options.nextPageToken } : {}),
  };
  const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/search/jql`, { method: 'POST', body: JSON.stringify(body) }), SearchPage);
  const issues: LoadedIssue[] = [];
  const unreadable: LoadedPage['unreadable'] = [];
  const limit = pLimit(PAGE_CONCURRENCY);
  await Promise.all(
    page.issues.map((json) =>
      limit(async () => {
        const { id = '?', key = '?' } = json as { id?: string; key?: string };
        const parsed = IssueWithExtras.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return unreadable.push({ id, key, reason: `Jira's issue cannot be read at ${issue.path.join('.')}: ${issue.message}` });
        }
        // One issue whose history cannot be read does not fail the page: it is reported.
        try {
          issues.push(await complete(jira, parsed.data));
        } catch (error) {
          if (error instanceof OutOfTimeError) throw error;
          unreadable.push({ id, key, reason: (error as Error).message });
        }
      }),
    ),
  );
  return { issues, unreadable, nextPageToken: nextToken(page) };
}

/** Fetches what Jira did not embed and builds the timeline. */
async function complete(jira: JiraClient, raw: IssueWithExtras): Promise<LoadedIssue> {
  const embedded = raw.changelog?.histories ?? [];
  const [more, comments] = await Promise.all([
    remainingPages(raw.changelog?.total ?? embedded.length, embedded.length, (startAt) =>
      jira
        .json((requestJira) => requestJira(route`/rest/api/3/issue/${raw.id}/changelog?startAt=${startAt}&maxResults=${PAGE_SIZE}`), ChangelogPage)
        .then((page): JiraHistory[] => page.values),
    ),
    remainingPages(raw.fields.comment?.total ?? 0, raw.fields.comment?.comments.length ?? 0, (startAt) =>
      jira
        .json((requestJira) => requestJira(route`/rest/api/3/issue/${raw.id}/comment?startAt=${startAt}&maxResults=${PAGE_SIZE}`), CommentPage)
        .then((page): JiraComment[] => page.comments),
    ),
  ]);
  return { timeline: buildTimeline({ ...raw, changelog: { histories: [...embedded, ...more] } }, comments), property: raw.properties?.[SLA_PROPERTY_KEY] };
}

/** The items from `have` to `total`, a page each, several pages at once, in order. */
async function remainingPages<T>(total: number, have: number, page: (startAt: number) => Promise<T[]>): Promise<T[]> {
  if (total <= have) return [];
  const limit = pLimit(PAGE_CONCURRENCY);
  const starts = Array.from({ length: Math.ceil((total - have) / PAGE_SIZE) }, (_, i) => have + i * PAGE_SIZE);
  return (await Promise.all(starts.map((startAt) => limit(() => page(startAt))))).flat();
}

export async function writeMirror(jira: JiraClient, issueId: string, value: unknown): Promise<void> {
  await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/${issueId}/properties/${SLA_PROPERTY_KEY}`, { method: 'PUT', body: JSON.stringify(value) }));
}

/**
 * Writes many mirrors, 100 issues to a request. Jira applies them asynchronously and answers 303
 * with the task to follow; a mirror it fails to write is rewritten by the next reconcile.
 */
export async function writeMirrors(jira: JiraClient, mirrors: readonly { issueId: string; value: unknown }[]): Promise<number> {
  let requests = 0;
  for (let i = 0; i < mirrors.length; i += MIRRORS_PER_REQUEST) {
    const issues = mirrors.slice(i, i + MIRRORS_PER_REQUEST).map((mirror) => ({ issueID: Number(mirror.issueId), properties: { [SLA_PROPERTY_KEY]: mirror.value } }));
    await jira.send((requestJira) => requestJira(route`/rest/api/3/issue/properties/multi`, { method: 'POST', body: JSON.stringify({ issues }) }), [303]);
    requests += 1;
  }
  return requests;
}

const Groups = z.array(z.object({ name: z.string() }));

/** Group names of a user, remembered for the rest of the invocation (a tier is decided once per reporter). */
export function groupsOf(jira: JiraClient): (accountId: string) => Promise<string[]> {
  const known = new Map<string, Promise<string[]>>();
  return (accountId) => {
    let groups = known.get(accountId);
    if (!groups) {
      groups = jira.json((requestJira) => requestJira(route`/rest/api/3/user/groups?accountId=${accountId}`), Groups).then((list) => list.map((group) => group.name));
      known.set(accountId, groups);
      groups.catch(() => known.delete(accountId));
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
      project: z.object({ key: z.string() }).optional(),
    })
    .optional(),
});
export type SearchIssue = z.infer<typeof SearchIssue>;

const IdPage = z.object({ issues: z.array(SearchIssue), nextPageToken: z.string().optional(), isLast: z.boolean().optional() });

/** One page of a JQL search, with only the named fields. */
export async function searchPage(jira: JiraClient, jql: string, options: { fields?: string[]; maxResults?: number; nextPageToken?: string } = {}) {
  const body = { jql, fields: options.fields ?? ['id'], maxResults: options.maxResults ?? 50, ...(options.nextPageToken ? { nextPageToken: options.nextPageToken } : {}) };
  const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/search/jql`, { method: 'POST', body: JSON.stringify(body) }), IdPage);
  return { issues: page.issues, nextPageToken: nextToken(page) };
}
