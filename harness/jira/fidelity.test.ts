/**
 * The Jira stand-in answers as Atlassian's spec and docs describe, where the app relies on it:
 * `FIDELITY.md` beside this file gives each behaviour with its source sentence and points here.
 */
import { createWorld, PEOPLE, type World } from '../world';

let world: World;
beforeEach(() => {
  world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), checkContract: true, loadApp: () => ({}) });
});
afterEach(() => world.close());

/** An issue with `count` label changes a minute apart, ids ascending with time. */
function issueWith(count: number, comments = 0) {
  const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'x', reporter: PEOPLE.customer, created: Date.now() - 30 * 86_400_000 });
  for (let i = 0; i < count; i++) issue.histories.push({ id: String(500_000 + i), author: PEOPLE.agent, created: issue.created + (i + 1) * 60_000, items: [{ field: 'labels', from: null, fromString: null, to: null, toString: `l${i}` }] });
  for (let i = 0; i < comments; i++) world.model.addComment(issue.key, PEOPLE.agent, `c${i}`, { at: issue.created + (i + 1) * 1000 });
  return issue;
}

const call = async (method: string, path: string, body?: unknown) => {
  const response = await world.jira.handle({ method, path, body, accountId: null });
  return { status: response.status, headers: response.headers, body: response.body as any };
};
const ids = (histories: { id: string }[]) => histories.map((history) => Number(history.id) - 500_000);

describe('expand=changelog', () => {
  it('on search/jql: the 40 newest changelogs, newest first, with the total and the cap', async () => {
    const issue = issueWith(50);
    const { body } = await call('POST', '/rest/api/3/search/jql', { jql: `key = ${issue.key}`, fields: ['summary'], expand: 'changelog' });
    const changelog = body.issues[0].changelog;
    expect(ids(changelog.histories)).toEqual(Array.from({ length: 40 }, (_, i) => 49 - i));
    expect(changelog).toMatchObject({ startAt: 0, maxResults: 40, total: 50 });
  });

  it('on GET issue: the 100 newest, newest first', async () => {
    const issue = issueWith(150);
    const { body } = await call('GET', `/rest/api/3/issue/${issue.key}?expand=changelog&fields=summary`);
    expect(ids(body.changelog.histories)).toEqual(Array.from({ length: 100 }, (_, i) => 149 - i));
    expect(body.changelog).toMatchObject({ maxResults: 100, total: 150 });
  });

  it('GET issue/{key}/changelog pages the whole history from the oldest, 100 a page at most', async () => {
    const issue = issueWith(150);
    const first = await call('GET', `/rest/api/3/issue/${issue.key}/changelog?startAt=0&maxResults=1000`);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 150, isLast: false });
    expect(ids(first.body.values)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const second = await call('GET', `/rest/api/3/issue/${issue.key}/changelog?startAt=100`);
    expect(second.body).toMatchObject({ isLast: true });
    expect(ids(second.body.values)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
  });
});

describe('POST /changelog/bulkfetch', () => {
  it('pages every changelog of the issues, oldest first and then by issue id, by token', async () => {
    const a = issueWith(3);
    const b = issueWith(2);
    const first = await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [b.key, a.id], maxResults: 4 });
    expect(first.status).toBe(200);
    const seen = first.body.issueChangeLogs.flatMap((entry: { issueId: string; changeHistories: { id: string }[] }) => entry.changeHistories.map((history) => `${entry.issueId}:${Number(history.id) - 500_000}`));
    // By instant, then issue id: a0 and b0 (minute 1), a1 and b1 (minute 2) on the first page of 4, a2 after.
    expect(seen).toEqual([`${a.id}:0`, `${a.id}:1`, `${b.id}:0`, `${b.id}:1`]);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [b.key, a.id], maxResults: 4, nextPageToken: first.body.nextPageToken });
    expect(second.body.issueChangeLogs).toEqual([{ issueId: a.id, changeHistories: [expect.objectContaining({ id: '500002' })] }]);
    expect(second.body.nextPageToken).toBeUndefined();
  });

  it('refuses more than 1,000 issues and more than 10,000 a page, as the spec’s schema does', async () => {
    expect((await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => String(i)) })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['1'], maxResults: 10_001 })).status).toBe(400);
  });
});

describe('comments', () => {
  it('are embedded up to the stand-in’s cap with their total, and paged oldest first by GET comment', async () => {
    world.jira.embeddedComments = 20;
    const issue = issueWith(0, 30);
    const { body } = await call('GET', `/rest/api/3/issue/${issue.key}?fields=comment`);
    expect(body.fields.comment).toMatchObject({ startAt: 0, total: 30 });
    expect(body.fields.comment.comments.map((comment: { body: any }) => comment.body.content[0].content[0].text)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    const rest = await call('GET', `/rest/api/3/issue/${issue.key}/comment?startAt=20&maxResults=100&orderBy=created`);
    expect(rest.body.comments.map((comment: { body: any }) => comment.body.content[0].content[0].text)).toEqual(Array.from({ length: 10 }, (_, i) => `c${20 + i}`));
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After, as a fault says', async () => {
    world.jira.faults.push({ operation: 'getIssue', status: 429, retryAfterSeconds: 30, times: 1 });
    const issue = issueWith(0);
    const limited = await call('GET', `/rest/api/3/issue/${issue.key}`);
    expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '30' } });
    expect((await call('GET', `/rest/api/3/issue/${issue.key}`)).status).toBe(200);
  });
});
