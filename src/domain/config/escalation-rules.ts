/**
 * Escalation rules as the config document holds them: at a point of a metric's cycle (a share of
 * its target, a time before it runs out, a time after the breach) do something: notify, comment,
 * raise the priority, assign, label. Also the working time a point stands for, and the templates
 * of the messages.
 */
import { z } from 'zod';
import { Duration, Id } from './parts';
import { durationMs, formatDuration } from '../time/duration';

const Text = z.string().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

/** People one notify action names at most (each may be one notification, one per time zone). */
export const MAX_NOTIFY_USERS = 20;
/** Groups one notify action names at most. */
export const MAX_NOTIFY_GROUPS = 5;
/** Actions one rule holds at most. */
export const MAX_RULE_ACTIONS = 10;
/**
 * Notifications the rules of a policy may send at most for one issue's cycle of one metric: one per
 * person an action names (assignee, reporter, users) and one per message to an action's watchers
 * and groups. Jira calls are fewer (people in one time zone share a call). Checked at the save.
 */
export const MAX_NOTIFICATIONS_PER_CYCLE = 30;

export const EscalationActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('notify'),
    to: z.array(z.enum(['assignee', 'reporter', 'watchers'])).optional(),
    groups: z.array(z.string().min(1)).max(MAX_NOTIFY_GROUPS, `names at most ${MAX_NOTIFY_GROUPS} groups`).optional(),
    users: z.array(z.string().min(1)).max(MAX_NOTIFY_USERS, `names at most ${MAX_NOTIFY_USERS} people`).optional().meta({ description: 'Account ids.' }),
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
  actions: z.array(EscalationActionSchema).min(1, 'must hold at least one action').max(MAX_RULE_ACTIONS, `holds at most ${MAX_RULE_ACTIONS} actions`),
  applyToPast: z.boolean().optional().meta({ description: 'Also fire for cycles that had passed the point when the rule was added.' }),
});

export type EscalationRule = z.infer<typeof EscalationRuleSchema>;
export type EscalationAction = z.infer<typeof EscalationActionSchema>;

/** The most notifications one firing of `rule` sends: see {@link MAX_NOTIFICATIONS_PER_CYCLE}. */
export function notificationsOf(rule: EscalationRule): number {
  let calls = 0;
  for (const action of rule.actions) {
    if (action.type !== 'notify') continue;
    const to = new Set(action.to ?? []);
    calls += new Set(action.users ?? []).size + (to.has('assignee') ? 1 : 0) + (to.has('reporter') ? 1 : 0) + (to.has('watchers') || action.groups?.length ? 1 : 0);
  }
  return calls;
}

/** A rule across config versions: its policy and its id. */
export const escalationRuleKey = (policy: string, rule: string) => `${policy}:${rule}`;

/** The working time of a cycle at which `rule` fires, for a target of `targetMs`. */
export function pointMs(rule: EscalationRule, targetMs: number): number {
  if (rule.at.percent !== undefined) return Math.ceil((targetMs * rule.at.percent) / 100);
  if (rule.at.beforeDue !== undefined) return Math.max(0, targetMs - durationMs(rule.at.beforeDue));
  return targetMs + durationMs(rule.at.afterBreach!);
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
