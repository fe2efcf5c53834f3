/** The queue of issues to recompute: product events push to it, and so do the app's own changes to an issue. */
import { Queue } from '@forge/events';

export const ISSUE_QUEUE = 'issue-queue';

/** Forge takes at most this many events in one push. */
const EVENTS_PER_PUSH = 50;

export async function queueIssue(issueId: string, issueKey: string): Promise<void> {
  await queueIssues([{ issueId, issueKey }]);
}

/** Queues issues 50 to a push: a sweep that changes a thousand issues makes twenty pushes, not a thousand. */
export async function queueIssues(issues: readonly { issueId: string; issueKey: string }[]): Promise<void> {
  const queue = new Queue({ key: ISSUE_QUEUE });
  for (let i = 0; i < issues.length; i += EVENTS_PER_PUSH) await queue.push(issues.slice(i, i + EVENTS_PER_PUSH).map((body) => ({ body })));
}
