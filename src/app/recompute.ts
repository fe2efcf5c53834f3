/**
 * Recomputing one issue's SLA from its full history and writing the `sla` property only when its
 * content changed. Because every event leads to the same full recomputation, duplicate and
 * out-of-order events converge on the same record.
 */
import { evaluateIssue, samePropertyContent, slaProperty, type CompiledConfig, type IssueEvaluation, type Timeline } from '../domain';
import type { JiraClient } from '../jira/client';
import { loadIssue, writeSlaProperty } from '../jira/issues';

export interface RecomputeResult {
  readonly key: string;
  /** `missing`: the issue is gone (deleted, or moved out of sight). */
  readonly outcome: 'written' | 'unchanged' | 'missing';
}

/** The reporter's groups are needed only to find VIPs by group, and only when id lists did not. */
export async function reporterGroupsFor(
  timeline: Timeline,
  config: CompiledConfig,
  groupsOf: (accountId: string) => Promise<string[]>,
): Promise<string[]> {
  if (!config.vipGroups.size || timeline.reporter === null || config.vipAccountIds.has(timeline.reporter)) return [];
  return groupsOf(timeline.reporter);
}

export async function evaluateTimeline(
  timeline: Timeline,
  config: CompiledConfig,
  groupsOf: (accountId: string) => Promise<string[]>,
  now: number,
): Promise<IssueEvaluation> {
  return evaluateIssue(timeline, config, { now, reporterGroups: await reporterGroupsFor(timeline, config, groupsOf) });
}

export async function recomputeIssue(
  jira: JiraClient,
  key: string,
  config: CompiledConfig,
  groupsOf: (accountId: string) => Promise<string[]>,
  now = Date.now(),
): Promise<RecomputeResult> {
  const loaded = await loadIssue(jira, key);
  if (!loaded) return { key, outcome: 'missing' };
  const property = slaProperty(await evaluateTimeline(loaded.timeline, config, groupsOf, now));
  if (samePropertyContent(loaded.stored, property)) return { key, outcome: 'unchanged' };
  await writeSlaProperty(jira, key, property);
  return { key, outcome: 'written' };
}
