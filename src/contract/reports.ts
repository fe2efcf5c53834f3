/**
 * What the managers' page is promised: the list of breached and at-risk issues, the filters'
 * options, the escalation log, compliance and its trend, and who restated what.
 */
import type { Dimension, Metric, MetricStatus } from '../domain';
import type { FiredView } from './panel';

export interface BreachRow {
  key: string;
  summary: string;
  priority: string | null;
  /** In the first (most favoured) tier. */
  vip: boolean;
  tier: string;
  /** The customer of the agreement, if any. */
  customer: string | null;
  policy: string | null;
  metric: Metric;
  metricName: string;
  /** An internal team's clock (OLA), not a customer-facing SLA. */
  internal: boolean;
  /** A metric cycle of the issue reached an escalation rule's point. */
  escalated: boolean;
  status: MetricStatus;
  /** Working time left at view time (negative: overdue by); for a stopped clock, what was left when it stopped. */
  remainingMs: number;
  created: string | null;
  dueAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  assignee: { accountId: string; displayName: string } | null;
}

export interface BreachesPage {
  /** The same search in Jira's JQL, on the mirrored aliases (what "Open in Jira search" opens). */
  jql: string;
  /** Filters the JQL cannot say (no indexed alias): the list applies them, Jira's search does not. */
  jqlLeavesOut: string[];
  rows: BreachRow[];
  /** Pass back for the next page; absent on the last. */
  nextCursor?: string;
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
  /** Whether the viewer administers Jira (and may restate). */
  canAdmin: boolean;
}

export type EscalationLogRow = FiredView;

export interface ComplianceCell {
  /** The group's value (a priority, a tier id, ...), `All` for the whole. */
  key: string;
  label: string;
  met: number;
  late: number;
  /** Met on time, in percent of those that stopped; `null` when none did. */
  percent: number | null;
}

export interface ComplianceReport {
  period: { from: string; to: string };
  by: Dimension;
  /** By metric id, in the order policies list them. */
  metrics: Record<string, { name: string; internal: boolean; overall: ComplianceCell; groups: ComplianceCell[] }>;
  /** Days of the period counted from the cycles, not closed yet. */
  openFrom: string | null;
}

export interface TrendMonth {
  month: string;
  met: number;
  late: number;
  percent: number | null;
  /** A restatement covered part of the month. */
  restated: boolean;
}

export interface Person {
  readonly accountId: string | null;
  readonly name: string;
}

export interface Restatement {
  readonly from: number;
  readonly to: number;
  readonly by: Person;
  readonly at: number;
  readonly reason: string;
}
