/**
 * What the agent's issue panel is promised: the issue's SLA with its explanation and calendars,
 * the escalations that fired and the customer's agreement, for agents only.
 */
import type { CalendarConfig, IssueEvaluationJson, LevelOutcome, Metric, MetricStatus } from '../domain';

/**
 * `firing` while its actions run; `done`; `failed` when an action failed (others may be done);
 * `deferred` when a notification waits for the next hour's budget (others may be done).
 */
export type EscalationStatus = 'firing' | 'done' | 'failed' | 'deferred';

export interface ActionOutcome {
  readonly type: string;
  readonly outcome: 'done' | 'failed' | 'deferred';
  /** Why Jira refused it; for an action that failed. */
  readonly reason?: string;
  /** Whether trying again may succeed (Jira's 5xx and 429; not a missing user or a refused permission). */
  readonly retryable?: boolean;
}

/** An escalation as the panel and the managers' log show it: instants as ISO strings. */
export interface FiredView {
  issueKey: string;
  rule: string;
  ruleName: string;
  metric: string;
  reachedAt: string;
  firedAt: string;
  status: EscalationStatus;
  /** Each action and how it went; why, for one Jira refused. */
  actions: readonly ActionOutcome[];
  /** When the sweep tries the failed actions again; absent when it will not. */
  retryAt?: string;
}

export interface PanelLevel {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  /** The period the cycle counts in: the one it stopped in, or the open one while it runs. */
  readonly period: string;
  /** Whether that period is closed: its figures are then what its written statement says. */
  readonly closed: boolean;
  readonly expected: number;
  readonly minimum: number | null;
  /** As of the forecast; `null` without one or without counted cycles. */
  readonly achieved: number | null;
  readonly outcome: LevelOutcome | null;
  readonly headroom: number | null;
  /** Cents charged so far this period for the level. */
  readonly charged: number | null;
  readonly cycleStatus: MetricStatus;
  /** Whether this cycle's breach costs a credit this period: `null` when the forecast cannot say yet. */
  readonly costsCredit: boolean | null;
}

export interface PanelAgreement {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
  readonly reason: string;
  readonly period: string;
  readonly currency: string;
  /** When the forecast was taken; `null` when there is none yet. */
  readonly asOf: number | null;
  readonly levels: readonly PanelLevel[];
}

export interface Omitted {
  /** Stretches left out, and the working time they used. */
  intervals: number;
  workedMs: number;
  previousCycles: number;
  priorityChanges: number;
}

/** What escalated on the issue, and what is due next: for agents only. */
export interface EscalationsView {
  fired: FiredView[];
  next: { rule: string; ruleName: string; metric: string; dueAt: string } | null;
}

export type PanelView =
  | { kind: 'not-found'; issueKey: string }
  | {
      kind: 'sla';
      evaluation: IssueEvaluationJson;
      calendars: CalendarConfig[];
      configVersion: number;
      omitted: Partial<Record<Metric, Omitted>>;
      /** `null` for viewers who are not agents of the project. */
      escalations: EscalationsView | null;
      /** The customer's agreement and what this cycle means for its credits: agents only, `null` otherwise. */
      agreement: PanelAgreement | null;
    };
