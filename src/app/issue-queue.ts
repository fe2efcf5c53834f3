/** The queue of issues to recompute: product events push to it, and so do the app's own changes to an issue. */
import { Queue } from '@forge/events';

export const ISSUE_QUEUE = 'issue-queue';

export async function queueIssue(issueId: string, issueKey: string): Promise<void> {
  await new Queue({ key: ISSUE_QUEUE }).push({ body: { issueId, issueKey } });
}
