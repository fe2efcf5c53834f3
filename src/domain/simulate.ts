/**
 * The admin's simulator: for a priority, a reporter tier and an instant, when each metric of a
 * policy would be due if its clock started then and nothing paused or stopped it.
 */
import { formatDuration } from './duration';
import { targetFor, type Metric, type Policy, type Tier } from './policy';
import { addWorkingTime } from './working-time';

export interface SimulatedTarget {
  readonly metric: Metric;
  readonly name: string;
  readonly kind: 'sla' | 'ola';
  /** What starts the clock, in words: `issue created`, `entered "Escalated to L2"`. */
  readonly startsOn: string;
  readonly target: string;
  readonly targetMs: number;
  readonly calendar: { readonly id: string; readonly name: string; readonly timeZone: string };
  readonly dueAt: number;
  readonly atRiskAt: number;
}

/** Due instants per metric, in the policy's order; a metric without a target for the priority and tier is left out. */
export function simulate(policy: Policy, input: { priority: string; tier: Tier; createdAt: number }): SimulatedTarget[] {
  return policy.metrics.flatMap((metric) => {
    const target = targetFor(metric, input.priority, input.tier);
    if (!target) return [];
    const warnMs = Math.ceil((target.ms * metric.warnAtPercent) / 100);
    return [
      {
        metric: metric.id,
        name: metric.name,
        kind: metric.kind,
        startsOn: metric.start.map((condition) => condition.reason).join(' or '),
        target: formatDuration(target.ms),
        targetMs: target.ms,
        calendar: { id: target.calendar.id, name: target.calendar.name, timeZone: target.calendar.timeZone },
        dueAt: addWorkingTime(target.calendar, input.createdAt, target.ms),
        atRiskAt: addWorkingTime(target.calendar, input.createdAt, warnMs),
      },
    ];
  });
}
