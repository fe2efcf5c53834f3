/**
 * What an evaluation answers: per metric where its clock stands and why, and for the issue its
 * policy, tier, customer, escalation points and next deadline. Plain data, read by the records,
 * the panel and the reports.
 */
import type { ClockCycle, ClockInterval, ClockState, PriorityChange, TierChange } from './clock';
import type { Metric, Tier } from './policy';

/** What an agent sees on the lozenge. */
export type MetricStatus = 'on-track' | 'at-risk' | 'breached' | 'paused' | 'met' | 'met-late';


export interface MetricExplanation {
  readonly policy: { readonly id: string; readonly name: string };
  /** The priority row the target comes from (`*` for every other priority). */
  readonly priority: string;
  readonly tier: Tier;
  readonly tierName: string;
  /** As written in the matrix, e.g. `"30m"`. */
  readonly target: string;
  readonly calendar: { readonly id: string; readonly name: string; readonly timeZone: string };
  /** E.g. `"High × VIP → 30m response on Berlin office hours"`. */
  readonly summary: string;
  readonly stopReason: string | null;
  /** When the current cycle started. */
  readonly startedAt: number;
  /** A paused clock: the status that pauses it. */
  readonly pausedBy: string | null;
  readonly intervals: readonly ClockInterval[];
  readonly previousCycles: readonly ClockCycle[];
  /** The target follows the current priority and elapsed time is kept across these. */
  readonly priorityChanges: readonly PriorityChange[];
}

export interface MetricResult {
  readonly metric: Metric;
  readonly name: string;
  /** `ola`: an internal team's clock. */
  readonly kind: 'sla' | 'ola';
  /** Its family in the mirrored issue property, for JQL (`response`, `m1`); `null` when none. */
  readonly propertyKey: string | null;
  readonly state: ClockState;
  readonly status: MetricStatus;
  readonly breached: boolean;
  readonly targetMs: number;
  readonly elapsedMs: number;
  /** Negative once breached. */
  readonly remainingMs: number;
  /**
   * When a running, unbreached clock runs out (its elapsed time reaches the target): ahead, or
   * already passed when it ran out at closing time and no working time has passed since; `null` otherwise.
   */
  readonly dueAt: number | null;
  /** When a running, unbreached clock becomes breached: one millisecond of working time after it runs out. */
  readonly breachesAt: number | null;
  readonly breachedAt: number | null;
  readonly atRisk: boolean;
  /** When a running clock that is not yet at risk becomes so; `null` otherwise. */
  readonly atRiskAt: number | null;
  /** When an at-risk clock reached its warning threshold; `null` otherwise. */
  readonly atRiskSince: number | null;
  readonly stoppedAt: number | null;
  /**
   * The id of the calendar running time counts on now: the cell's of the priority and tier in
   * force, else the metric's. It differs from the target's (`explanation.calendar`) only when a
   * breached cycle's priority or tier changed since. Live figures tick on it.
   */
  readonly countingOn: string;
  /**
   * The issue's priority the cycle counts under in statements, compliance and the managers' list:
   * at its stop for a stopped cycle (later changes on the closed issue do not move it), else now.
   */
  readonly cyclePriority: string | null;
  readonly explanation: MetricExplanation;
}

export interface IssueEvaluation {
  readonly issue: string;
  readonly summary: string;
  readonly policy: { readonly id: string; readonly name: string } | null;
  /** The reporter's tier now; each metric's explanation names the tier its target is for. */
  readonly tier: Tier;
  readonly tierName: string;
  /** Why the reporter is in the tier: `member of group "vip-customers"`, `default tier`. */
  readonly tierReason: string;
  /** The tier from each instant on; more than one entry when a reporter or field change moved it. */
  readonly tierChanges: readonly TierChange[];
  /** The agreements whose customer the issue's reporter is now (a cycle counts for the one holding when it stops). */
  readonly customer: readonly CustomerAgreement[];
  readonly priority: string | null;
  /** By metric id, in the policy's order: the metrics whose clock has started and that have a target. */
  readonly metrics: Readonly<Record<Metric, MetricResult>>;
  /** Where each escalation rule's point lies on each metric cycle it applies to: reached, or ahead. */
  readonly escalations: readonly EscalationPoint[];
  /**
   * The earliest instant after `evaluatedAt` at which a metric becomes at risk or breached, or an
   * escalation point is reached, if nothing happens.
   */
  readonly nextDeadline: number | null;
  /** Why a metric has no result (no policy, no target for the priority). */
  readonly notes: readonly string[];
  readonly evaluatedAt: number;
}

/** An agreement whose customer an issue's reporter is, with why and when the agreement holds. */
export interface CustomerAgreement {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
  readonly reason: string;
  readonly validFrom: number;
  readonly validTo: number | null;
}

/** Where a rule's point lies on one metric cycle. */
export interface EscalationPoint {
  readonly rule: string;
  readonly metric: string;
  /** The cycle's start: a rule fires once per metric cycle. */
  readonly cycleStartedAt: number;
  /** Working time of the cycle at which the rule fires. */
  readonly atMs: number;
  /** When it was reached, if it was. */
  readonly reachedAt: number | null;
  /** When a running clock reaches it, if it has not yet. */
  readonly dueAt: number | null;
}

