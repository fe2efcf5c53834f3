/**
 * Recomputing issues' SLAs from their full history: Jira issue -> timeline -> evaluation -> record
 * -> mirror. The record in app storage is written only when its content changed, and never over a
 * record computed from a newer read of the issue; the `sla` property is rewritten only when it
 * differs from the mirror of the record (so a tampered property is repaired whenever its issue is
 * recomputed). Because every event leads to the same full recomputation, duplicate and out-of-order
 * events converge on the same record.
 */
import pLimit from 'p-limit';
import { evaluateIssue, mirrorOf, RECORD_VERSION, samePropertyContent, slaRecord, sourceOf, type CompiledConfig, type EvaluationContext, type IssueEvaluation, type SlaRecord, type Timeline } from '../domain';
import type { JiraClient } from '../jira/client';
import { loadIssue, writeMirror, writeMirrors, type LoadedIssue, type LoadedPage } from '../jira/issues';
import type { Site } from '../jira/site';
import { asRecord, clearFailure, readRecord, readRecords, recordFailure, removeRecord, writeRecord, writeRecords, type StoredRecord, type WriteOutcome } from '../storage/record-store';
import type { ActiveConfig } from './active-config';
import { fireEscalations } from './escalate';
import { queueIssues } from './issue-queue';

export interface RecomputeResult {
  readonly key: string;
  /** `missing`: the issue is gone (deleted, or moved out of sight) and its record was removed. */
  readonly outcome: WriteOutcome | 'missing';
  /** Whether the `sla` property was (re)written to mirror the record. */
  readonly mirrored: boolean;
}

/** Earlier reporters whose groups are read: an issue handed between more reporters is rare, and each costs a call. */
const MAX_EARLIER_REPORTERS = 4;

/** Groups are read only when a tier rule needs them: the reporter's, and those of a few earlier reporters. */
export async function groupsFor(timeline: Timeline, config: CompiledConfig, groupsOf: Site['groupsOf']): Promise<Pick<EvaluationContext, 'reporterGroups' | 'groupsByAccount'>> {
  if (!config.tiersByGroup) return {};
  const earlier = [...new Set(timeline.events.flatMap((event) => (event.kind === 'reporter' ? [event.from, event.to] : [])))]
    .filter((id): id is string => id !== null && id !== timeline.reporter)
    .slice(0, MAX_EARLIER_REPORTERS);
  const groupsByAccount: Record<string, readonly string[]> = {};
  for (const accountId of earlier) groupsByAccount[accountId] = await groupsOf(accountId);
  return { reporterGroups: timeline.reporter === null ? [] : await groupsOf(timeline.reporter), groupsByAccount };
}

export async function evaluateTimeline(timeline: Timeline, config: CompiledConfig, site: Site, now: number): Promise<IssueEvaluation> {
  const [facts, groups] = await Promise.all([site.facts(config), groupsFor(timeline, config, site.groupsOf)]);
  return evaluateIssue(timeline, config, { now, ...facts, ...groups });
}

/**
 * The record an issue should have now. A stored record whose clocks have all stopped, read from
 * the same state of the issue, stands as it is: nothing it depends on can have changed.
 */
async function candidateFor(issue: LoadedIssue, stored: StoredRecord | undefined, active: ActiveConfig, site: Site, now: number): Promise<Candidate> {
  if (stored && settled(stored) && stored.sourceUpdated === sourceOf(issue.timeline)) return { record: asRecord(stored) };
  const evaluation = await evaluateTimeline(issue.timeline, active.compiled, site, now);
  return { record: slaRecord(evaluation, issue.timeline, active.version.version), evaluation };
}

/** The record an issue should have, and the evaluation it was made from (none when the stored one stands). */
interface Candidate {
  readonly record: SlaRecord;
  readonly evaluation?: IssueEvaluation;
}

/**
 * After a record is written from an evaluation (not a stale one), its escalations that are due
 * fire; says whether their actions changed the issue.
 */
async function escalate(jira: JiraClient, candidate: Candidate, outcome: WriteOutcome, issue: LoadedIssue, active: ActiveConfig, site: Site, now: number): Promise<boolean> {
  if (outcome === 'stale' || !candidate.evaluation?.escalations.length) return false;
  return (await fireEscalations(jira, candidate.evaluation, issue.timeline, active, site, now)).changedIssue;
}

/** The app's own changes raise no product event for it: issues it changed are queued so their clocks follow. */
const requeue = (issues: readonly LoadedIssue[], changed: readonly boolean[]) => queueIssues(issues.filter((_, i) => changed[i]).map(({ timeline }) => ({ issueId: timeline.id!, issueKey: timeline.key })));

/** Issues of a page whose escalations fire side by side (each issue's actions in order). */
const ESCALATION_CONCURRENCY = 8;

/** A record whose clocks have all stopped, written in the record's current form (an older form is recomputed once). */
const settled = (record: SlaRecord) => record.v === RECORD_VERSION && Object.values(record.metrics).every((metric) => metric.state === 'stopped') && record.configVersion > 0;

/** The mirror to write, if the property differs from the record that now stands. */
function mirrorToWrite(issue: LoadedIssue, standing: SlaRecord | undefined) {
  if (!standing) return undefined;
  const mirror = mirrorOf(standing);
  return samePropertyContent(issue.property, mirror) ? undefined : mirror;
}

/** Recomputes one issue (an event, a failure retried): one read of the issue, one of its record. */
export async function recomputeIssue(jira: JiraClient, keyOrId: string, active: ActiveConfig, site: Site, now = Date.now()): Promise<RecomputeResult> {
  const loaded = await loadIssue(jira, keyOrId, await site.fields(active.compiled));
  if (!loaded) {
    if (/^\d+$/.test(keyOrId)) await removeRecord(keyOrId);
    return { key: keyOrId, outcome: 'missing', mirrored: false };
  }
  const id = loaded.timeline.id!;
  const stored = await readRecord(id);
  const candidate = await candidateFor(loaded, stored, active, site, now);
  const outcome = await writeRecord(candidate.record, stored);
  await requeue([loaded], [await escalate(jira, candidate, outcome, loaded, active, site, now)]);
  const standing = outcome === 'stale' ? await readRecord(id) : candidate.record;
  const mirror = mirrorToWrite(loaded, standing);
  if (mirror) await writeMirror(jira, id, mirror);
  if (stored?.failures) await clearFailure(id);
  return { key: loaded.timeline.key, outcome, mirrored: mirror !== undefined };
}

/**
 * Recomputes a page of issues: their records read and written in batches, their mirrors written
 * 100 to a request; the issues Jira's answer held but the engine could not read are recorded as
 * failures, with why, for the sweep to retry. Returns each issue's result and those failures.
 */
export async function recomputePage(jira: JiraClient, page: Pick<LoadedPage, 'issues' | 'unreadable'>, active: ActiveConfig, site: Site, now = Date.now()) {
  for (const issue of page.unreadable) await recordFailure(issue.id, issue.key, issue.reason);
  const { issues } = page;
  const stored = await readRecords(issues.map((issue) => issue.timeline.id!));
  const pairs = await Promise.all(
    issues.map(async (issue) => {
      const before = stored.get(issue.timeline.id!);
      return { candidate: await candidateFor(issue, before, active, site, now), stored: before };
    }),
  );
  const outcomes = await writeRecords(pairs.map(({ candidate, stored: before }) => ({ candidate: candidate.record, stored: before })));
  const limit = pLimit(ESCALATION_CONCURRENCY);
  await requeue(issues, await Promise.all(issues.map((issue, i) => limit(() => escalate(jira, pairs[i]!.candidate, outcomes[i]!, issue, active, site, now)))));
  const stale = issues.filter((_, i) => outcomes[i] === 'stale').map((issue) => issue.timeline.id!);
  const newer = stale.length ? await readRecords(stale) : new Map<string, StoredRecord>();
  const mirrors = issues.flatMap((issue, i) => {
    const standing = outcomes[i] === 'stale' ? newer.get(issue.timeline.id!) : pairs[i]!.candidate.record;
    const value = mirrorToWrite(issue, standing);
    return value ? [{ issueId: issue.timeline.id!, value }] : [];
  });
  const mirrorRequests = await writeMirrors(jira, mirrors);
  for (const issue of issues) if (stored.get(issue.timeline.id!)?.failures) await clearFailure(issue.timeline.id!);
  const mirrored = new Set(mirrors.map((mirror) => mirror.issueId));
  const results: RecomputeResult[] = issues.map((issue, i) => ({ key: issue.timeline.key, outcome: outcomes[i]!, mirrored: mirrored.has(issue.timeline.id!) }));
  return { results, failures: page.unreadable.map(({ key, reason }) => ({ key, reason })), mirrorRequests };
}
