/**
 * A metric as it stands at a later instant than it was evaluated, without new events: what a
 * countdown shows between two evaluations. A running clock gains the working time of its calendar
 * in between (none outside working hours), and becomes at risk or breached at the instants the
 * evaluation named; a paused or stopped clock does not move.
 */
import type { Calendar } from '../time/calendar';
import type { MetricStatus } from './results';
import type { ClockState } from './clock';
import { workingTimeBetween } from '../time/working-time';

export interface EvaluatedMetric {
  readonly state: ClockState;
  readonly status: MetricStatus;
  readonly targetMs: number;
  readonly elapsedMs: number;
  readonly breached: boolean;
  readonly dueAt: number | null;
  readonly atRiskAt: number | null;
}

export interface LiveMetric {
  readonly status: MetricStatus;
  readonly elapsedMs: number;
  /** Negative once overdue. */
  readonly remainingMs: number;
  readonly breached: boolean;
}

export function liveMetric(metric: EvaluatedMetric, calendar: Calendar, evaluatedAt: number, now: number): LiveMetric {
  if (metric.state !== 'running' || now <= evaluatedAt) {
    return { status: metric.status, elapsedMs: metric.elapsedMs, remainingMs: metric.targetMs - metric.elapsedMs, breached: metric.breached };
  }
  const elapsedMs = metric.elapsedMs + workingTimeBetween(calendar, evaluatedAt, now);
  const breached = metric.breached || elapsedMs > metric.targetMs;
  const atRisk = metric.status === 'at-risk' || (metric.atRiskAt !== null && now >= metric.atRiskAt);
  return { status: breached ? 'breached' : atRisk ? 'at-risk' : 'on-track', elapsedMs, remainingMs: metric.targetMs - elapsedMs, breached };
}
