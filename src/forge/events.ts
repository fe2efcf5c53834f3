/**
 * Product-event triggers, the scheduled sweep and daily reconcile, and the queues' consumers. An
 * issue event only queues its issue: the queue retries a recompute that fails, and one that fails
 * every try is recorded with why, for the sweep to retry with backoff. Everything runs as the app
 * and recomputes from the issue's full history, so duplicate or reordered events converge.
 */
import Resolver from '@forge/resolver';
import { activeConfig } from '../app/active-config';
import { queueIssue } from '../app/issue-queue';
import { recomputeIssue } from '../app/recompute';
import { ensureRecompute, processJobEvent, startReconcile } from '../app/recompute-job';
import { processComplianceJob, startComplianceClose } from '../app/compliance';
import { processStatementJob, startAllDueStatements } from '../app/statement-job';
import { sweep } from '../app/sweep';
import { JiraClient } from '../jira/client';
import { siteOf } from '../jira/site';
import { recordFailure } from '../storage/record-store';

/** Tries the queue gives an issue's recompute before it is left to the sweep's backoff. */
const ISSUE_TRIES = 4;

interface IssueEvent {
  issue?: { key?: string; id?: string };
}

export async function onIssueEvent(event: IssueEvent) {
  const issueId = event.issue?.id ?? event.issue?.key;
  if (!issueId) return;
  await queueIssue(issueId, event.issue?.key ?? issueId);
}

export async function onSchedule() {
  const report = await sweep(JiraClient.asApp());
  const job = await ensureRecompute();
  const statementJobs = await startAllDueStatements();
  const complianceClose = await startComplianceClose();
  return { ...report, resumedJob: job?.id ?? null, statementJobs, complianceClose };
}

export async function onDailyReconcile() {
  const job = await startReconcile();
  return { reconcileJob: job?.id ?? null };
}

interface ConsumerRequest {
  payload: Record<string, unknown>;
  context: { retryContext?: { retryCount?: number } };
}

const issues = new Resolver();
issues.define('recompute-issue', async ({ payload, context }: ConsumerRequest) => {
  const issueId = String(payload.issueId);
  const jira = JiraClient.asApp();
  try {
    const active = await activeConfig();
    return await recomputeIssue(jira, issueId, active, siteOf(jira, active.version.serviceFields));
  } catch (error) {
    if ((context.retryContext?.retryCount ?? 0) + 1 < ISSUE_TRIES) throw error;
    const failure = await recordFailure(issueId, String(payload.issueKey ?? issueId), (error as Error).message);
    return { key: failure.issueKey, outcome: 'failed', retryAt: new Date(failure.retryAt).toISOString() };
  }
});
export const issueConsumer = issues.getDefinitions();

const jobs = new Resolver();
jobs.define('recompute-batch', async ({ payload }: ConsumerRequest) => {
  const view = await processJobEvent(JiraClient.asApp(), payload as never);
  return view && { status: view.status, done: view.done, total: view.total };
});
export const recomputeConsumer = jobs.getDefinitions();

const statements = new Resolver();
statements.define('statement-job', async ({ payload }: ConsumerRequest) => {
  const job = await processStatementJob(String(payload.key));
  return job && { key: job.key, status: job.status, cycles: job.cycles };
});
export const statementConsumer = statements.getDefinitions();

const aggregates = new Resolver();
aggregates.define('compliance-job', async ({ payload }: ConsumerRequest) => processComplianceJob(payload as Parameters<typeof processComplianceJob>[0]));
export const complianceConsumer = aggregates.getDefinitions();
