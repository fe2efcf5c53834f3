/**
 * The admin's simulator: for a priority, a reporter tier and a creation instant, when each target
 * of a policy would be due if nothing paused or stopped the clocks.
 */
import { formatDuration } from './duration';
import { METRICS, targetFor, type Metric, type Policy, type Tier } from './policy';
import { addWorkingTime } from './working-time';

export interface SimulatedTarget {
  readonly metric: Metric;
  readonly target: string;
  readonly targetMs: number;
  readonly calendar: { readonly id: string; readonly name: string; readonly timeZone: string };
  readonly dueAt: number;
  readonly atRiskAt: number;
}

/** Due instants per metric; a metric without a row for the priority is left out. */
export function simulate(policy: Policy, input: { priority: string; tier: Tier; createdAt: number }): SimulatedTarget[] {
  return METRICS.flatMap((metric) => {
    const target = targetFor(policy, metric, input.priority, input.tier);
    if (!target) return [];
    const warnMs = Math.ceil((target.ms * policy.warnAtPercent) / 100);
    return [
      {
        metric,
        target: formatDuration(target.ms),
        targetMs: target.ms,
        calendar: { id: target.calendar.id, name: target.calendar.name, timeZone: target.calendar.timeZone },
        dueAt: addWorkingTime(target.calendar, input.createdAt, target.ms),
        atRiskAt: addWorkingTime(target.calendar, input.createdAt, warnMs),
      },
    ];
  });
}
