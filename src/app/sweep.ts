/**
 * The breach sweep (every five minutes): issues whose recorded next deadline has passed are exactly
 * the ones whose record is stale (an at-risk or breach not yet flagged). Finding them is one indexed
 * JQL search, so a sweep costs in proportion to the issues crossing a deadline, not to all open
 * issues. Each is recomputed and rewritten; a run is bounded in issues and in time.
 */
import type { JiraClient } from '../jira/client';
import { groupsOf, searchPage } from '../jira/issues';
import { activeConfig } from './active-config';
import { recomputeIssue, type RecomputeResult } from './recompute';

export interface SweepLimits {
  readonly maxIssues: number;
  readonly maxMillis: number;
}

export const SWEEP_LIMITS: SweepLimits = { maxIssues: 500, maxMillis: 45_000 };

export interface SweepReport {
  readonly found: number;
  readonly results: readonly RecomputeResult[];
  readonly failed: readonly { key: string; error: string }[];
  /** Stopped by a limit with issues left: the next run carries on. */
  readonly incomplete: boolean;
}

/** JQL for records whose next deadline is at or before `now` (epoch ms, indexed as a number). */
export function overdueJql(now: number): string {
  return `slaNextDeadlineMs <= ${now} ORDER BY slaNextDeadlineMs ASC`;
}

export async function sweep(jira: JiraClient, limits: SweepLimits = SWEEP_LIMITS): Promise<SweepReport> {
  const started = Date.now();
  const { compiled } = await activeConfig();
  const groups = groupsOf(jira);
  const results: RecomputeResult[] = [];
  const failed: { key: string; error: string }[] = [];
  const seen = new Set<string>();
  // Each round asks afresh: a recomputed issue's next deadline moves past now and it leaves the
  // result, so paging by offset would skip issues. Issues that failed stay and are passed over.
  for (;;) {
    const page = await searchPage(jira, overdueJql(Date.now()), { maxResults: PAGE });
    const fresh = page.issues.filter((issue) => !seen.has(issue.key));
    if (!fresh.length) return { found: seen.size, results, failed, incomplete: page.nextPageToken !== undefined };
    for (const issue of fresh) {
      if (seen.size >= limits.maxIssues || Date.now() - started > limits.maxMillis) {
        return { found: seen.size, results, failed, incomplete: true };
      }
      seen.add(issue.key);
      try {
        results.push(await recomputeIssue(jira, issue.key, compiled, groups));
      } catch (error) {
        failed.push({ key: issue.key, error: (error as Error).message });
      }
    }
  }
}

const PAGE = 50;
