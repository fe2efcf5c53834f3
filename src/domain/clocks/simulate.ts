/**
 * The admin's simulator: for a priority, a reporter tier and an instant, when each metric of a
 * policy would be due if its clock started then and nothing paused or stopped it.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatDuration } from '../time/duration';
import { pointMs, renderTemplate, type EscalationAction, type TemplateFacts } from '../config/escalation-rules';
import { targetFor, type Metric, type Policy, type Tier } from './policy';
import { addWorkingTime } from '../time/working-time';

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

export interface SimulatedEscalation {
  readonly rule: string;
  readonly ruleName: string;
  readonly metric: string;
  readonly firesAt: number;
  /** What it would say, as the recipients would read it (the due instant in the metric calendar's zone). */
  readonly messages: readonly { readonly type: string; readonly text: string }[];
}

/** When each escalation rule would fire on each metric it names, if the clocks started at `createdAt` and ran. */
export function simulateEscalations(policy: Policy, input: { priority: string; tier: Tier; createdAt: number; issue: string; summary: string }): SimulatedEscalation[] {
  return policy.escalations.flatMap((rule) =>
    policy.metrics.flatMap((metric) => {
      if (rule.metric !== '*' && rule.metric !== metric.id) return [];
      if (rule.when?.tiers && !rule.when.tiers.includes(input.tier)) return [];
      if (rule.when?.priorities && !rule.when.priorities.includes(input.priority)) return [];
      const target = targetFor(metric, input.priority, input.tier);
      if (!target) return [];
      const at = pointMs(rule, target.ms);
      const dueAt = addWorkingTime(target.calendar, input.createdAt, target.ms);
      const facts = { issue: input.issue, summary: input.summary, metric: metric.name, targetMs: target.ms, remainingMs: target.ms - at, due: formatInZone(dueAt, target.calendar.timeZone) };
      const messages = rule.actions.map((action) => ({ type: action.type, text: actionText(action, facts) }));
      return [{ rule: rule.id, ruleName: rule.name ?? rule.id, metric: metric.id, firesAt: addWorkingTime(target.calendar, input.createdAt, at), messages }];
    }),
  );
}

function actionText(action: EscalationAction, facts: TemplateFacts): string {
  switch (action.type) {
    case 'notify':
      return `${renderTemplate(action.subject, facts)}: ${renderTemplate(action.body, facts)}`;
    case 'comment':
      return `${action.visibility} comment: ${renderTemplate(action.body, facts)}`;
    case 'raise-priority':
      return action.to ? `priority to ${action.to}` : 'priority one step up';
    case 'assign':
      return `assign to ${action.accountId}`;
    case 'add-label':
      return `label ${action.label}`;
  }
}

/** `Mon 23 Nov 2026, 10:00 (Europe/Berlin)`: how templates write an instant. */
export function formatInZone(instant: number, zone: string): string {
  return `${format(new TZDate(instant, zone), 'EEE d MMM yyyy, HH:mm')} (${zone})`;
}
