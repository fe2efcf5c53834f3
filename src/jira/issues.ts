/**
 * Reading issues for SLAs and writing their mirrors. One issue, or a page of issues from a JQL
 * search, comes with the fields, changelog and comments the engine needs and the stored `sla`
 * property. An embedded changelog is Jira's *newest* slice ("recent updates ... starting from the
 * most recent", at most 40 on a search), so an issue whose embedded history may be incomplete has
 * its whole history read: a page of a search with one bulk read for all its issues
 * (`POST /changelog/bulkfetch`), one issue from its changelog's pages. Comments past Jira's cap are
 * paged. Histories and comments are merged by id (`buildTimeline`), whatever order and overlap the
 * reads had. Mirrors are written one at a time (`PUT`) or 100 to a request
 * (`POST /issue/properties/multi`). `harness/jira/FIDELITY.md` gives the sentences of Atlassian's
 * spec each of these follows.
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
  changelog: JiraIssueSchema.shape.changelog.unwrap().extend({ total: z.number().optional(), maxResults: z.number().optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
type IssueWithExtras = z.infer<typeof IssueWithExtras>;

const ChangelogPage = z.object({ values: Histories, isLast: z.boolean().optional(), total: z.number().optional() });
const BulkChangelogs = z.object({ issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: Histories.optional() })).optional(), nextPageToken: z.string().nullish() });
/** Changelogs a bulk read asks for a page (the spec's default; at most 10000). */
const BULK_PAGE = 1000;
/** Issues one bulk read names at most (the spec's limit). */
const BULK_ISSUES = 1000;
/** What `search/jql` embeds at most ("a maximum of 40 changelogs"); a full page of it may hide more. */
const SEARCH_EMBED_CAP = 40;
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
  const histories = mayMissHistories(raw) ? await issueChangelog(jira, raw.id) : [];
  return complete(jira, raw, histories);
}

/**
 * Whether an embedded changelog may lack entries. The spec describes its `total` both as the
 * issue's count and as "the number of results on the page", and names the cap only for searches,
 * so it may: when `total` says there are more, when the page is as full as `maxResults` (or the
 * search cap) allows, or when none was embedded.
 */
function mayMissHistories(raw: IssueWithExtras): boolean {
  if (!raw.changelog) return true;
  const embedded = raw.changelog.histories.length;
  return (raw.changelog.total ?? embedded) > embedded || (embedded > 0 && embedded >= (raw.changelog.maxResults ?? SEARCH_EMBED_CAP));
}

/** One issue's whole history, oldest first, from its changelog's pages (the first tells how many follow). */
async function issueChangelog(jira: JiraClient, issueId: string): Promise<JiraHistory[]> {
  const read = (startAt: number) => jira.json((requestJira) => requestJira(route`/rest/api/3/issue/${issueId}/changelog?startAt=${startAt}&maxResults=${PAGE_SIZE}`), ChangelogPage);
  const first = await read(0);
  if (first.isLast !== false && (first.total ?? 0) <= first.values.length) return first.values;
  if (first.total === undefined) {
    // No total to plan by: page on until Jira says the last page came.
    const all = [...first.values];
    for (let page = first; page.isLast === false && page.values.length; ) all.push(...(page = await read(all.length)).values);
    return all;
  }
  return [...first.values, ...(await remainingPages(first.total, first.values.length, (startAt) => read(startAt).then((page) => page.values)))];
}

/**
 * The whole histories of many issues in bulk reads of up to 1000 issues, a page of
 * {@link BULK_PAGE} changelogs at a time, by issue id.
 */
async function bulkChangelogs(jira: JiraClient, issueIds: readonly string[]): Promise<Map<string, JiraHistory[]>> {
  const byIssue = new Map<string, JiraHistory[]>(issueIds.map((id) => [id, []]));
  for (let i = 0; i < issueIds.length; i += BULK_ISSUES) {
    let nextPageToken: string | undefined;
    do {
      const body = { issueIdsOrKeys: issueIds.slice(i, i + BULK_ISSUES), maxResults: BULK_PAGE, ...(nextPageToken ? { nextPageToken } : {}) };
      const page = await jira.json((requestJira) => requestJira(route`/rest/api/3/changelog/bulkfetch`, { method: 'POST', body: JSON.stringify(body) }), BulkChangelogs);
      for (const entry of page.issueChangeLogs ?? []) byIssue.get(entry.issueId)?.push(...(entry.changeHistories ?? []));
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
  }
  return byIssue;
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
  const parsed: IssueWithExtras[] = [];
  for (const json of page.issues) {
    const result = IssueWithExtras.safeParse(json);
    if (result.success) parsed.push(result.data);
    else {
      const { id = '?', key = '?' } = json as { id?: string; key?: string };
      unreadable.push({ id, key, reason: `Jira's issue cannot be read at ${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}` });
    }
  }
  const histories = await bulkChangelogs(jira, parsed.filter(mayMissHistories).map((issue) => issue.id));
  const limit = pLimit(PAGE_CONCURRENCY);
  await Promise.all(
    parsed.map((raw) =>
      limit(async () => {
        // One issue whose comments cannot be read does not fail the page: it is reported.
        try {
          issues.push(await complete(jira, raw, histories.get(raw.id) ?? []));
        } catch (error) {
          if (error instanceof OutOfTimeError) throw error;
          unreadable.push({ id: raw.id, key: raw.key, reason: (error as Error).message });
        }
      }),
    ),
  );
  return { issues, unreadable, nextPageToken: nextToken(page) };
}

/**
 * Builds the timeline from the embedded changelog and the `histories` read beside it (the two may
 * overlap: `buildTimeline` keeps each history id once), reading the comments past Jira's cap
 * (oldest first, so the embedded ones are the first page).
 */
async function complete(jira: JiraClient, raw: IssueWithExtras, histories: readonly JiraHistory[]): Promise<LoadedIssue> {
  const embedded = raw.changelog?.histories ?? [];
  const comments = await remainingPages(raw.fields.comment?.total ?? 0, raw.fields.comment?.comments.length ?? 0, (startAt) =>
    jira
      .json((requestJira) => requestJira(route`/rest/api/3/issue/${raw.id}/comment?startAt=${startAt}&maxResults=${PAGE_SIZE}&orderBy=created`), CommentPage)
      .then((page): JiraComment[] => page.comments),
  );
  return { timeline: buildTimeline({ ...raw, changelog: { histories: [...embedded, ...histories] } }, comments), property: raw.properties?.[SLA_PROPERTY_KEY] };
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
