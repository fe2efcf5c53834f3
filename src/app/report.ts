/**
 * The managers' page besides its list (`breaches.ts`) and compliance (`compliance.ts`): the
 * filters' options and the escalation log, of projects the viewer may browse.
 */
import type { CompiledConfig } from '../domain';
import type { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { latestEscalations } from '../storage/escalation-store';
import { firedView } from './escalate';
import type { EscalationLogRow, FilterOptions } from '../contract/reports';

export async function filterOptions(jira: JiraClient, config: CompiledConfig): Promise<FilterOptions> {
  const [projects, priorities, canAdmin] = await Promise.all([lookups.projects(jira), lookups.priorities(jira), lookups.isJiraAdmin(jira)]);
  const visible = new Set(projects.map((project) => project.key));
  const covering = config.policies.filter((policy) => [...policy.projects].some((key) => visible.has(key)));
  const metrics = new Map<string, FilterOptions['metrics'][number]>();
  for (const metric of covering.flatMap((policy) => policy.metrics)) if (!metrics.has(metric.id)) metrics.set(metric.id, { id: metric.id, name: metric.name, internal: metric.kind === 'ola' });
  return {
    projects,
    priorities,
    policies: covering.map((policy) => ({ id: policy.id, name: policy.name })),
    metrics: [...metrics.values()],
    tiers: config.tiers.map((tier) => ({ id: tier.id, name: tier.name })),
    agreements: config.agreements.map((agreement) => ({ id: agreement.id, name: agreement.name, customer: agreement.customer })),
    canAdmin,
  };
}

/** The latest escalations (failed ones only, when asked), of projects the viewer may browse. */
export async function escalationLog(jira: JiraClient, failedOnly: boolean): Promise<EscalationLogRow[]> {
  const visible = await lookups.browsableProjects(jira);
  return (await latestEscalations(ESCALATION_LOG_SIZE)).filter((entity) => visible.has(entity.project) && (!failedOnly || entity.status === 'failed')).map(firedView);
}

/** Escalations the log shows. */
const ESCALATION_LOG_SIZE = 100;
