/**
 * Where each escalation rule's point lies on each metric cycle of an evaluation: reached (when), or
 * ahead (when a running clock reaches it). Firing it, once, is the app's.
 */
import { pointMs, type EscalationRule } from '../config/escalation-rules';
import type { EscalationPoint, IssueEvaluation, MetricResult } from './results';
import { addWorkingTime } from '../time/working-time';
import type { Calendar } from '../time/calendar';

/**
 * Every rule's point on every metric cycle it applies to, as of the evaluation: reached (and when)
 * or still ahead (and when, if the clock runs on unpaused). A stopped cycle that never reached a
 * point never will.
 */
export function escalationPoints(evaluation: IssueEvaluation, rules: readonly EscalationRule[], calendars: ReadonlyMap<string, Calendar>): EscalationPoint[] {
  const points: EscalationPoint[] = [];
  for (const rule of rules) {
    for (const result of Object.values(evaluation.metrics)) {
      if (rule.metric !== '*' && rule.metric !== result.metric) continue;
      if (rule.when?.tiers && !rule.when.tiers.includes(result.explanation.tier)) continue;
      if (rule.when?.priorities && !rule.when.priorities.includes(result.explanation.priority)) continue;
      const calendar = calendars.get(result.countingOn);
      if (!calendar) continue;
      points.push(pointOf(rule, result, calendar, evaluation.evaluatedAt));
    }
  }
  return points;
}

function pointOf(rule: EscalationRule, result: MetricResult, calendar: Calendar, now: number): EscalationPoint {
  const atMs = pointMs(rule, result.targetMs);
  const base = { rule: rule.id, metric: result.metric, cycleStartedAt: result.explanation.startedAt, atMs };
  if (result.elapsedMs >= atMs) return { ...base, reachedAt: reachedAt(result, atMs, calendar), dueAt: null };
  // Reached at the first millisecond of working time past the point, as a breach is: `atMs` itself for a share of the target.
  const due = result.state === 'running' ? addWorkingTime(calendar, now, atMs - result.elapsedMs) : null;
  return { ...base, reachedAt: null, dueAt: due };
}

/** When the cycle's working time reached `ms`, from its intervals (on the target's calendar within the interval it did). */
function reachedAt(result: MetricResult, ms: number, calendar: Calendar): number {
  let worked = 0;
  for (const interval of result.explanation.intervals) {
    if (worked + interval.workedMs >= ms) return addWorkingTime(calendar, interval.from, Math.max(0, ms - worked));
    worked += interval.workedMs;
  }
  return result.explanation.startedAt;
}

