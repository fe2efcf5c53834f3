/**
 * What the agent's issue panel shows: the issue's SLA computed live as the viewer (so nobody sees
 * the SLA of an issue they cannot see), with the explanation and the calendars of the running
 * clocks, from which the panel ticks its countdown exactly without asking again. The answer stays
 * small whatever the issue's history: past {@link MAX_LISTED} stretches, cycles or priority changes
 * per clock only the latest are listed, with how many earlier ones there were. Internal team
 * clocks (OLAs) are shown to agents only: viewers who may work on issues in the project.
 */
import { evaluationJson, type CalendarConfig, type IssueEvaluation, type IssueEvaluationJson, type Metric } from '../domain';
import { JiraClient } from '../jira/client';
import { loadIssue } from '../jira/issues';
import { isAgentIn } from '../jira/lookups';
import { siteOf } from '../jira/site';
import { activeConfig } from './active-config';
import { evaluateTimeline } from './recompute';

/** Entries of each explanation list the panel gets. */
export const MAX_LISTED = 50;

export interface Omitted {
  /** Stretches left out, and the working time they used. */
  intervals: number;
  workedMs: number;
  previousCycles: number;
  priorityChanges: number;
}

export type PanelView =
  | { kind: 'not-found'; issueKey: string }
  | { kind: 'sla'; evaluation: IssueEvaluationJson; calendars: CalendarConfig[]; configVersion: number; omitted: Partial<Record<Metric, Omitted>> };

export async function panelView(issueKey: string, now = Date.now()): Promise<PanelView> {
  const { version, compiled } = await activeConfig();
  // Group membership and the site's fields are read as the app: a customer's groups are not every viewer's to see.
  const site = siteOf(JiraClient.asApp(), version.serviceFields);
  const viewer = JiraClient.asUser();
  const loaded = await loadIssue(viewer, issueKey, await site.fields(compiled));
  if (!loaded) return { kind: 'not-found', issueKey };
  const full = await evaluateTimeline(loaded.timeline, compiled, site, now);
  const hasOla = Object.values(full.metrics).some((metric) => metric.kind === 'ola');
  const visible = hasOla && !(await isAgentIn(viewer, loaded.timeline.projectKey)) ? withoutOlas(full) : full;
  const { evaluation, omitted } = trimmed(visible);
  const used = new Set(Object.values(evaluation.metrics).map((metric) => metric.explanation.calendar.id));
  return {
    kind: 'sla',
    evaluation: evaluationJson(evaluation),
    calendars: version.config.calendars.filter((calendar) => used.has(calendar.id)),
    configVersion: version.version,
    omitted,
  };
}

/** Internal team clocks are for agents: anyone else sees the customer-facing metrics only. */
function withoutOlas(evaluation: IssueEvaluation): IssueEvaluation {
  const metrics = Object.fromEntries(Object.entries(evaluation.metrics).filter(([, metric]) => metric.kind !== 'ola'));
  return { ...evaluation, metrics };
}

/** The evaluation with each explanation list cut to its latest {@link MAX_LISTED} entries. */
export function trimmed(evaluation: IssueEvaluation): { evaluation: IssueEvaluation; omitted: Partial<Record<Metric, Omitted>> } {
  const omitted: Partial<Record<Metric, Omitted>> = {};
  const metrics = { ...evaluation.metrics };
  for (const [metric, result] of Object.entries(metrics)) {
    const { intervals, previousCycles, priorityChanges } = result.explanation;
    if (Math.max(intervals.length, previousCycles.length, priorityChanges.length) <= MAX_LISTED) continue;
    const cut = Math.max(0, intervals.length - MAX_LISTED);
    omitted[metric] = {
      intervals: cut,
      workedMs: intervals.slice(0, cut).reduce((sum, interval) => sum + interval.workedMs, 0),
      previousCycles: Math.max(0, previousCycles.length - MAX_LISTED),
      priorityChanges: Math.max(0, priorityChanges.length - MAX_LISTED),
    };
    metrics[metric] = {
      ...result,
      explanation: { ...result.explanation, intervals: intervals.slice(cut), previousCycles: previousCycles.slice(-MAX_LISTED), priorityChanges: priorityChanges.slice(-MAX_LISTED) },
    };
  }
  return { evaluation: { ...evaluation, metrics }, omitted };
}
