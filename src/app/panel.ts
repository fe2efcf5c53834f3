/**
 * What the agent's issue panel shows: the issue's SLA computed live as the viewer (so nobody sees
 * the SLA of an issue they cannot see), with the explanation and the calendars of the running
 * clocks, from which the panel ticks its countdown exactly without asking again. The answer stays
 * small whatever the issue's history: past {@link MAX_LISTED} stretches, cycles or priority changes
 * per clock only the latest are listed, with how many earlier ones there were. Internal team
 * clocks (OLAs) and escalations are shown to agents only: viewers who may work on issues in the project.
 */
import { evaluationJson, type EscalationRule, type IssueEvaluation, type Metric } from '../domain';
import { JiraClient } from '../jira/client';
import { loadIssue } from '../jira/issues';
import { isAgentIn } from '../jira/lookups';
import { escalationsOf } from '../storage/escalation-store';
import { firedView } from './escalate';
import { panelAgreement } from './panel-agreement';
import { siteOf } from '../jira/site';
import { activeConfig } from './active-config';
import { evaluateTimeline } from './recompute';
import type { EscalationsView, Omitted, PanelView } from '../contract/panel';

/** Entries of each explanation list the panel gets. */
export const MAX_LISTED = 50;

export async function panelView(issueKey: string, now = Date.now()): Promise<PanelView> {
  const { version, compiled } = await activeConfig();
  // Group membership and the site's fields are read as the app: a customer's groups are not every viewer's to see.
  const site = siteOf(JiraClient.asApp(), version.serviceFields);
  const viewer = JiraClient.asUser();
  const loaded = await loadIssue(viewer, issueKey, await site.fields(compiled));
  if (!loaded) return { kind: 'not-found', issueKey };
  const full = await evaluateTimeline(loaded.timeline, compiled, site, now);
  const hasOla = Object.values(full.metrics).some((metric) => metric.kind === 'ola');
  const policy = compiled.policies.find((candidate) => candidate.id === full.policy?.id);
  const agent = hasOla || policy?.escalations.length || full.customer.length ? await isAgentIn(viewer, loaded.timeline.projectKey) : false;
  const visible = hasOla && !agent ? withoutOlas(full) : full;
  const { evaluation, omitted } = trimmed(visible);
  const used = new Set(Object.values(evaluation.metrics).map((metric) => metric.countingOn));
  return {
    kind: 'sla',
    evaluation: evaluationJson(evaluation),
    calendars: version.config.calendars.filter((calendar) => used.has(calendar.id)),
    configVersion: version.version,
    omitted,
    escalations: agent && policy?.escalations.length ? await escalationsView(loaded.timeline.id!, full, policy.escalations) : null,
    agreement: agent ? await panelAgreement(full, compiled, now) : null,
  };
}

/** The escalations stored for the issue (latest first) and the next point ahead. */
async function escalationsView(issueId: string, evaluation: IssueEvaluation, rules: readonly EscalationRule[]): Promise<EscalationsView> {
  const nameOf = (id: string) => rules.find((rule) => rule.id === id)?.name ?? id;
  const iso = (instant: number) => new Date(instant).toISOString();
  const fired = (await escalationsOf(issueId, MAX_LISTED)).map(firedView);
  const ahead = evaluation.escalations.filter((point) => point.dueAt !== null).sort((a, b) => a.dueAt! - b.dueAt!)[0];
  return { fired, next: ahead ? { rule: ahead.rule, ruleName: nameOf(ahead.rule), metric: ahead.metric, dueAt: iso(ahead.dueAt!) } : null };
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
