/**
 * The breach sweep (every five minutes): records whose next deadline has passed are exactly the
 * ones that are stale (an at-risk or breach not yet flagged), so the sweep asks the record store's
 * `by-sweep` index for them, soonest first, and its cost follows the issues crossing a deadline,
 * not all open issues. It reads them from Jira 100 to a search, recomputes them and writes their
 * mirrors 100 to a request. An issue that fails is recorded with why and backed off (5 minutes,
 * doubling, at most a day), so issues that fail every time never hold up the rest. A run stops
 * cleanly within its time budget, or when Jira asks it to wait longer than it can (the issues stay
 * due in the store's index, so the next run carries on where it stopped); it never answers a limit
 * by reading issue by issue what a page could not.
 */
import { askedToWait, OutOfTimeError, type JiraClient } from '../jira/client';
import { loadIssue, searchForEvaluation } from '../jira/issues';
import { siteOf, type Site } from '../jira/site';
import { Budget } from '../platform/invocation';
import { dueForSweep, failuresDue, recordFailure, removeRecord, type Page } from '../storage/record-store';
import { activeConfig, type ActiveConfig } from './active-config';
import { retryEscalations } from './escalate';
import { recomputeIssue, recomputePage, type RecomputeResult } from './recompute';

/** Issues read per search: the most `id IN (...)` the sweep puts in one JQL. */
const PAGE = 100;
/** Kept back from the invocation's time limit for the last page's writes and the answer. */
export const SWEEP_RESERVE_MS = 30_000;
/** A run never takes longer than the interval between two runs. */
export const SWEEP_MAX_MS = 240_000;

export interface SweepReport {
  readonly found: number;
  readonly results: readonly RecomputeResult[];
  readonly failed: readonly { key: string; error: string }[];
  /** Stopped by its time budget, or by Jira asking it to wait, with issues left: the next run carries on. */
  readonly incomplete: boolean;
  /** Why a run stopped early because Jira asked it to wait (Jira's answer). */
  readonly rateLimited?: string;
  /** Escalations whose failed actions were tried again. */
  readonly escalationsRetried?: number;
}

interface Target {
  readonly issueId: string;
  readonly issueKey: string;
}

export async function sweep(jira: JiraClient, budget = new Budget(SWEEP_RESERVE_MS, SWEEP_MAX_MS), now = Date.now()): Promise<SweepReport> {
  const active = await activeConfig();
  const site = siteOf(jira, active.version.serviceFields);
  const seen = new Set<string>();
  const results: RecomputeResult[] = [];
  const failed: { key: string; error: string }[] = [];
  const sources: ((cursor?: string) => Promise<Page<Target>>)[] = [(cursor) => dueForSweep(now, PAGE, cursor), (cursor) => failuresDue(now, PAGE, cursor)];
  try {
    for (const source of sources) {
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        if (budget.spent()) return { found: seen.size, results, failed, incomplete: true };
        const page = await source(cursor);
        const fresh = page.items.filter((target) => !seen.has(target.issueId));
        fresh.forEach((target) => seen.add(target.issueId));
        if (fresh.length) await recomputeTargets(jira, fresh, active, site, results, failed);
        cursor = page.cursor;
      }
    }
    const fields = await site.fields(active.compiled);
    const escalationsRetried = await retryEscalations(jira, active, site, async (issueId) => (await loadIssue(jira, issueId, fields))?.timeline ?? null, now);
    return { found: seen.size, results, failed, incomplete: false, escalationsRetried };
  } catch (error) {
    // A call that would outlast the invocation: stop now; what is left stays due for the next run.
    if (error instanceof OutOfTimeError) return { found: seen.size, results, failed, incomplete: true };
    if (askedToWait(error)) return { found: seen.size, results, failed, incomplete: true, rateLimited: error.message };
    throw error;
  }
}

/**
 * Reads the targets in one search and recomputes them; when the page fails for another reason than
 * Jira asking to wait, one by one, recording each failure.
 */
async function recomputeTargets(jira: JiraClient, targets: readonly Target[], active: ActiveConfig, site: Site, results: RecomputeResult[], failed: { key: string; error: string }[]) {
  try {
    const page = await searchForEvaluation(jira, `id IN (${targets.map((target) => target.issueId).join(', ')})`, { maxResults: PAGE, extraFields: await site.fields(active.compiled) });
    const found = new Set([...page.issues.map((issue) => issue.timeline.id), ...page.unreadable.map((issue) => issue.id)]);
    for (const target of targets.filter((candidate) => !found.has(candidate.issueId))) {
      await removeRecord(target.issueId);
      results.push({ key: target.issueKey, outcome: 'missing', mirrored: false });
    }
    const recomputed = await recomputePage(jira, page, active, site);
    results.push(...recomputed.results);
    failed.push(...recomputed.failures.map(({ key, reason }) => ({ key, error: reason })));
  } catch (error) {
    if (error instanceof OutOfTimeError || askedToWait(error)) throw error;
    for (const target of targets) {
      try {
        results.push(await recomputeIssue(jira, target.issueId, active, site));
      } catch (error) {
        if (error instanceof OutOfTimeError || askedToWait(error)) throw error;
        const reason = (error as Error).message;
        await recordFailure(target.issueId, target.issueKey, reason);
        failed.push({ key: target.issueKey, error: reason });
      }
    }
  }
}
