/**
 * What starts, pauses and stops a metric's clock: conditions on an issue's events (a status
 * entered, a comment by an agent, ...) and on its state (in a status). One schema gives their
 * config form, validation and type; `clocks/condition-tests.ts` compiles them into tests of events.
 */
import { z } from 'zod';

export const STATUS_CATEGORIES = ['new', 'indeterminate', 'done'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

const Names = z.array(z.string().min(1)).min(1, 'must name at least one');

/** Statuses by name (any case) or by Jira's status category (`new`, `indeterminate`, `done`). */
const Statuses = {
  status: Names.optional().meta({ description: 'Status names, matched without regard to case.' }),
  category: z.array(z.enum(STATUS_CATEGORIES)).min(1, 'must name at least one').optional().meta({ description: 'Jira status categories: new (To do), indeterminate (In progress), done.' }),
};
const needsStatus = (value: { status?: unknown; category?: unknown }) => value.status !== undefined || value.category !== undefined;
const STATUS_NEEDED = { message: 'must name a status or a status category' };

export const ConditionSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('created') }),
  z.strictObject({ on: z.literal('status-entered'), ...Statuses }).refine(needsStatus, STATUS_NEEDED),
  z.strictObject({ on: z.literal('status-left'), ...Statuses }).refine(needsStatus, STATUS_NEEDED),
  z.strictObject({ on: z.literal('resolution-set') }),
  z.strictObject({ on: z.literal('resolution-cleared') }),
  z.strictObject({
    on: z.literal('comment'),
    by: z.enum(['agent', 'reporter', 'customer', 'reporter-or-customer']).meta({
      description: 'agent: a public comment by anyone but the reporter and customer accounts (internal notes never count); reporter / customer: any comment by them.',
    }),
  }),
  z.strictObject({ on: z.literal('assignee'), change: z.enum(['set', 'changed', 'cleared', 'any']).meta({ description: 'set: from unassigned to someone; changed: from someone to someone else; cleared: to unassigned.' }) }),
  z.strictObject({ on: z.literal('field-changed'), field: z.string().min(1).meta({ description: '"priority", "labels", "components", "reporter", or a custom field id such as "customfield_10010".' }) }),
]);

export const PauseSchema = z
  .strictObject(Statuses)
  .refine(needsStatus, STATUS_NEEDED)
  .meta({ description: 'The clock does not run while the issue is in one of these statuses.' });

export type Condition = z.infer<typeof ConditionSchema>;
export type PauseCondition = z.infer<typeof PauseSchema>;

/** A condition in words, for the reason a clock started or stopped. */
export function describeCondition(condition: Condition): string {
  switch (condition.on) {
    case 'created':
      return 'issue created';
    case 'status-entered':
      return `entered ${statusWords(condition)}`;
    case 'status-left':
      return `left ${statusWords(condition)}`;
    case 'resolution-set':
      return 'resolution set';
    case 'resolution-cleared':
      return 'resolution cleared';
    case 'comment':
      return condition.by === 'agent' ? 'public comment by an agent' : `comment by the ${condition.by.replaceAll('-', ' ')}`;
    case 'assignee':
      return condition.change === 'any' ? 'assignee changed' : `assignee ${condition.change}`;
    case 'field-changed':
      return `${condition.field} changed`;
  }
}

function statusWords(spec: { status?: readonly string[]; category?: readonly StatusCategory[] }): string {
  const names = (spec.status ?? []).map((name) => `"${name}"`);
  const categories = (spec.category ?? []).map((category) => `a status in category ${category}`);
  return [...names, ...categories].join(' or ');
}
