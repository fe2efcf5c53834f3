/**
 * The managers' page besides its list (`breaches.ts`): compliance (met % per metric and priority
 * over a period) from the stored cycles, the filters' options, and the escalation log. Each reads
 * the app's own storage (never the user-writable issue property) and shows only issues of projects
 * the viewer may browse (asked of Jira as the viewer).
 */
import type { CompiledConfig, CompiledMetric, Metric } from '../domain';
import type { ComplianceFilters } from '../contract';
import type { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { Budget } from '../platform/invocation';
import { latestEscalations } from '../storage/escalation-store';
import { firedView, type FiredView } from './escalate';
import { cyclesStopped } from '../storage/record-store';
import { inView } from './breaches';

const QUERY_LIMIT = 100;

export interface ComplianceCell {
  priority: string;
  met: number;
  late: number;
  /** Met on time, in percent of those that stopped; `null` when none did. */
  percent: number | null;
}

export interface ComplianceReport {
  period: { from: string; to: string };
  /** By metric id, in the order policies list them. */
  metrics: Record<Metric, { name: string; internal: boolean; overall: ComplianceCell; byPriority: ComplianceCell[] }>;
  /** The figures stop short of the period's end: the answer ran out of time. */
  truncated: boolean;
}

/** Kept back from the resolver's time limit for the answer. */
const COMPLIANCE_RESERVE_MS = 5_000;

/** Met % per metric and priority for clocks that stopped in `[from, to)`, from the stored cycles. */
export async function compliance(jira: JiraClient, config: CompiledConfig, period: { from: number; to: number }, filters: ComplianceFilters): Promise<ComplianceReport> {
  const visible = await lookups.browsableProjects(jira);
  const budget = new Budget(COMPLIANCE_RESERVE_MS);
  const metrics = {} as ComplianceReport['metrics'];
  let truncated = false;
  const known = new Map<Metric, CompiledMetric>();
  for (const metric of config.policies.flatMap((policy) => policy.metrics)) if (!known.has(metric.id)) known.set(metric.id, metric);
  for (const [metric, compiled] of known) {
    const cells = new Map<string, ComplianceCell>();
    const overall: ComplianceCell = { priority: 'All', met: 0, late: 0, percent: null };
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      if (budget.spent()) {
        truncated = true;
        break;
      }
      const page = await cyclesStopped(metric, period.from, period.to, QUERY_LIMIT, cursor);
      for (const cycle of page.items.filter((candidate) => inView(candidate, filters, visible) && (!filters.agreement || candidate.agreement === filters.agreement))) {
        const priority = cycle.priority || '(none)';
        const cell = cells.get(priority) ?? { priority, met: 0, late: 0, percent: null };
        for (const target of [cell, overall]) target[cycle.met ? 'met' : 'late'] += 1;
        cells.set(priority, cell);
      }
      cursor = page.cursor;
    }
    const withPercent = (cell: ComplianceCell) => ({ ...cell, percent: cell.met + cell.late ? Math.round((1000 * cell.met) / (cell.met + cell.late)) / 10 : null });
    metrics[metric] = { name: compiled.name, internal: compiled.kind === 'ola', overall: withPercent(overall), byPriority: [...cells.values()].map(withPercent) };
  }
  return { period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() }, metrics, truncated };
}

export interface FilterOptions {
  projects: { key: string; name: string }[];
  priorities: string[];
  /** Only policies that cover a project the viewer may browse. */
  policies: { id: string; name: string }[];
  /** The metrics of those policies, each once; `internal`: an OLA. */
  metrics: { id: string; name: string; internal: boolean }[];
  /** In the config's order: the first is the most favoured (VIP). */
  tiers: { id: string; name: string }[];
  /** Customers with an agreement. */
  agreements: { id: string; name: string; customer: string }[];
}

export async function filterOptions(jira: JiraClient, config: CompiledConfig): Promise<FilterOptions> {
  const [projects, priorities] = await Promise.all([lookups.projects(jira), lookups.priorities(jira)]);
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
  };
}

export type EscalationLogRow = FiredView;

/** The latest escalations (failed ones only, when asked), of projects the viewer may browse. */
export async function escalationLog(jira: JiraClient, failedOnly: boolean): Promise<EscalationLogRow[]> {
  const visible = await lookups.browsableProjects(jira);
  return (await latestEscalations(ESCALATION_LOG_SIZE)).filter((entity) => visible.has(entity.project) && (!failedOnly || entity.status === 'failed')).map(firedView);
}

/** Escalations the log shows. */
const ESCALATION_LOG_SIZE = 100;
