/**
 * Escalation rules: at a point of a metric's cycle (a share of its target, a time before it runs
 * out, a time after the breach) do something: notify, comment, raise the priority, assign, label.
 * This module says when each rule's point is reached; firing it, once, is the app's.
 */
import { z } from 'zod';
import { Duration, Id } from './config-parts';
import { durationMs, formatDuration } from './duration';
import type { IssueEvaluation, MetricResult } from './evaluation';
import { addWorkingTime } from './working-time';
import type { Calendar } from './calendar';

const Text = z.string().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

export const EscalationActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('notify'),
    to: z.array(z.enum(['assignee', 'reporter', 'watchers'])).optional(),
    groups: z.array(z.string().min(1)).optional(),
    users: z.array(z.string().min(1)).optional().meta({ description: 'Account ids.' }),
    subject: Text,
    body: Text.meta({ description: 'May name {issue}, {summary}, {metric}, {target}, {remaining}, {overdue}, {due}.' }),
  }),
  z.strictObject({ type: z.literal('comment'), visibility: z.enum(['internal', 'public']), body: Text }),
  z.strictObject({ type: z.literal('raise-priority'), to: z.string().min(1).optional().meta({ description: 'A priority name; one step up when absent.' }) }),
  z.strictObject({ type: z.literal('assign'), accountId: z.string().min(1) }),
  z.strictObject({ type: z.literal('add-label'), label: z.string().regex(/^\S{1,255}$/, 'must be one word (no spaces)') }),
]);

/** When a rule fires: exactly one of a share of the target, a time before it runs out, a time after the breach. */
const Point = z
  .strictObject({
    percent: z.number().gt(0).max(1000).optional().meta({ description: 'Of the target: 50, 75, 100 (when it runs out), 150.' }),
    beforeDue: Duration.optional().meta({ description: 'Working time before the target runs out.' }),
    afterBreach: Duration.optional().meta({ description: 'Working time after the target ran out.' }),
  })
  .refine((point) => [point.percent, point.beforeDue, point.afterBreach].filter((value) => value !== undefined).length === 1, 'must give exactly one of percent, beforeDue, afterBreach');

export const EscalationRuleSchema = z.strictObject({
  id: Id,
  name: z.string().min(1).optional(),
  metric: z.string().min(1).meta({ description: 'A metric id of the policy, or "*" for each of them.' }),
  at: Point,
  when: z
    .strictObject({ tiers: z.array(z.string().min(1)).min(1).optional(), priorities: z.array(z.string().min(1)).min(1).optional() })
    .optional()
    .meta({ description: 'Only for cycles of these tiers and priorities.' }),
  actions: z.array(EscalationActionSchema).min(1, 'must hold at least one action').max(10, 'holds at most 10 actions'),
  applyToPast: z.boolean().optional().meta({ description: 'Also fire for cycles that had passed the point when the rule was added.' }),
});

export type EscalationRule = z.infer<typeof EscalationRuleSchema>;
export type EscalationAction = z.infer<typeof EscalationActionSchema>;

/** A rule across config versions: its policy and its id. */
export const escalationRuleKey = (policy: string, rule: string) => `${policy}:${rule}`;

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

/** The working time of a cycle at which `rule` fires, for a target of `targetMs`. */
export function pointMs(rule: EscalationRule, targetMs: number): number {
  if (rule.at.percent !== undefined) return Math.ceil((targetMs * rule.at.percent) / 100);
  if (rule.at.beforeDue !== undefined) return Math.max(0, targetMs - durationMs(rule.at.beforeDue));
  return targetMs + durationMs(rule.at.afterBreach!);
}

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
      const calendar = calendars.get(result.explanation.calendar.id);
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

/** What a template may name, for one metric at one instant. */
export interface TemplateFacts {
  readonly issue: string;
  readonly summary: string;
  readonly metric: string;
  readonly targetMs: number;
  readonly remainingMs: number;
  /** The due instant, written for the reader (in their zone). */
  readonly due: string;
}

/** `{issue}`, `{summary}`, `{metric}`, `{target}`, `{remaining}`, `{overdue}`, `{due}` replaced; other braces kept. */
export function renderTemplate(template: string, facts: TemplateFacts): string {
  const values: Record<string, string> = {
    issue: facts.issue,
    summary: facts.summary,
    metric: facts.metric,
    target: formatDuration(facts.targetMs),
    remaining: formatDuration(Math.max(0, facts.remainingMs)),
    overdue: formatDuration(Math.max(0, -facts.remainingMs)),
    due: facts.due,
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}
