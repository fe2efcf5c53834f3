/**
 * Product-event triggers, the five-minute sweep and the recompute queue's consumer. All run as the
 * app and recompute from the issue's full history, so duplicate or reordered events converge.
 */
import Resolver from '@forge/resolver';
import { activeConfig } from '../app/active-config';
import { recomputeIssue } from '../app/recompute';
import { processBatch, resumeStalledJob } from '../app/recompute-job';
import { sweep } from '../app/sweep';
import { JiraClient } from '../jira/client';
import { groupsOf } from '../jira/issues';

interface IssueEvent {
  issue?: { key?: string; id?: string };
}

export async function onIssueEvent(event: IssueEvent) {
  const key = event.issue?.key ?? event.issue?.id;
  if (!key) return;
  const jira = JiraClient.asApp();
  const { compiled } = await activeConfig();
  return recomputeIssue(jira, key, compiled, groupsOf(jira));
}

export async function onSchedule() {
  const jira = JiraClient.asApp();
  const report = await sweep(jira);
  const resumed = await resumeStalledJob();
  return { ...report, resumedJob: resumed?.id ?? null };
}

const consumer = new Resolver();
consumer.define('recompute-batch', async ({ payload }) => {
  const jobId = (payload as { jobId?: unknown }).jobId;
  if (typeof jobId !== 'string') return;
  const record = await processBatch(JiraClient.asApp(), jobId);
  return { done: record?.done ?? 0, total: record?.total ?? 0 };
});

export const recomputeConsumer = consumer.getDefinitions();
