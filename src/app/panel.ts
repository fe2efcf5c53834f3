/**
 * What the agent's issue panel shows: the issue's SLA computed live as the viewer (so nobody sees
 * the SLA of an issue they cannot see), with the explanation and the calendars of the running
 * clocks, from which the panel ticks its countdown exactly without asking again.
 */
import { evaluationJson, type CalendarConfig, type IssueEvaluationJson } from '../domain';
import { JiraClient } from '../jira/client';
import { groupsOf, loadIssue } from '../jira/issues';
import { activeConfig } from './active-config';
import { evaluateTimeline } from './recompute';

export type PanelView =
  | { kind: 'not-found'; issueKey: string }
  | { kind: 'sla'; evaluation: IssueEvaluationJson; calendars: CalendarConfig[]; configVersion: number };

export async function panelView(issueKey: string, now = Date.now()): Promise<PanelView> {
  const { version, compiled } = await activeConfig();
  const loaded = await loadIssue(JiraClient.asUser(), issueKey);
  if (!loaded) return { kind: 'not-found', issueKey };
  // Group membership is read as the app: a customer's groups are not every viewer's to see.
  const evaluation = await evaluateTimeline(loaded.timeline, compiled, groupsOf(JiraClient.asApp()), now);
  const used = new Set(Object.values(evaluation.metrics).flatMap((metric) => (metric ? [metric.explanation.calendar.id] : [])));
  return {
    kind: 'sla',
    evaluation: evaluationJson(evaluation),
    calendars: version.config.calendars.filter((calendar) => used.has(calendar.id)),
    configVersion: version.version,
  };
}
