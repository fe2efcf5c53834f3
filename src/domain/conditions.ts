/**
 * What starts, pauses and stops a metric's clock: conditions on an issue's events (a status
 * entered, a comment by an agent, ...) and on its state (in a status). One schema gives their
 * config form, validation and type; {@link compileCondition} and {@link inStatusSet} read them.
 */
import { z } from 'zod';
import type { TimelineEvent } from './timeline';

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

/** What a condition needs to know besides the event: who reports the issue then, and status categories. */
export interface ConditionContext {
  readonly reporter: string | null;
  readonly categoryOf: (status: string) => StatusCategory | undefined;
}

/** A status condition compiled once: lower-cased names, categories. */
export interface StatusSet {
  readonly names: ReadonlySet<string>;
  readonly categories: ReadonlySet<StatusCategory>;
  /** Answers by exact status name, so each name is lower-cased once (a site has a few dozen statuses). */
  readonly byName: Map<string, boolean>;
}

/**
 * Status sets by content: conditions and pauses naming the same statuses share one set (and its
 * answers), so the clocks of one evaluation ask each question once.
 */
export type StatusSets = Map<string, StatusSet>;

/** Names remembered per set; past it names are lower-cased each time, so no input grows it without bound. */
const MAX_REMEMBERED = 512;

export function statusSet(spec: { status?: readonly string[]; category?: readonly StatusCategory[] } | undefined, shared: StatusSets = new Map()): StatusSet {
  const names = [...new Set((spec?.status ?? []).map((name) => name.toLowerCase()))].sort();
  const categories = [...new Set(spec?.category ?? [])].sort();
  const key = JSON.stringify([names, categories]);
  let set = shared.get(key);
  if (!set) {
    set = { names: new Set(names), categories: new Set(categories), byName: new Map() };
    shared.set(key, set);
  }
  return set;
}

export function inStatusSet(set: StatusSet, status: string | null, context: ConditionContext): boolean {
  if (status === null || (set.names.size === 0 && set.categories.size === 0)) return false;
  let named = set.byName.get(status);
  if (named === undefined) {
    named = set.names.has(status.toLowerCase());
    if (set.byName.size < MAX_REMEMBERED) set.byName.set(status, named);
  }
  if (named) return true;
  if (set.categories.size === 0) return false;
  const category = context.categoryOf(status);
  return category !== undefined && set.categories.has(category);
}

/** A compiled condition: whether an event meets it. */
export type EventTest = (event: ClockEvent, context: ConditionContext) => boolean;

/** An event of the timeline, or the creation. */
export type ClockEvent = TimelineEvent | CreatedEvent;

/**
 * Compiles `condition` into a test of events. Creation is the event `{kind: "created"}`; an issue
 * created in a status enters it then, and one created with an assignee or a resolution has it set then.
 */
export function compileCondition(condition: Condition, shared: StatusSets = new Map()): EventTest {
  switch (condition.on) {
    case 'created':
      return (event) => event.kind === 'created';
    case 'status-entered': {
      const set = statusSet(condition, shared);
      return (event, context) => event.kind === 'status' && inStatusSet(set, event.to, context) && !inStatusSet(set, event.from, context);
    }
    case 'status-left': {
      const set = statusSet(condition, shared);
      return (event, context) => event.kind === 'status' && inStatusSet(set, event.from, context) && !inStatusSet(set, event.to, context);
    }
    case 'resolution-set':
      return (event) => event.kind === 'resolution' && event.to !== null && event.from === null;
    case 'resolution-cleared':
      return (event) => event.kind === 'resolution' && event.to === null && event.from !== null;
    case 'comment':
      return (event, context) => event.kind === 'comment' && commentBy(condition.by, event, context);
    case 'assignee':
      return (event) => event.kind === 'assignee' && assigneeChange(condition.change, event.from, event.to);
    case 'field-changed':
      return (event) => changedField(event) === condition.field;
  }
}

export interface CreatedEvent {
  readonly at: number;
  readonly kind: 'created';
}

function commentBy(by: Extract<Condition, { on: 'comment' }>['by'], event: Extract<TimelineEvent, { kind: 'comment' }>, context: ConditionContext): boolean {
  const byReporter = event.author !== null && event.author === context.reporter;
  switch (by) {
    case 'agent':
      return event.isPublic && event.author !== null && !byReporter && !event.byCustomer;
    case 'reporter':
      return byReporter;
    case 'customer':
      return event.byCustomer;
    case 'reporter-or-customer':
      return byReporter || event.byCustomer;
  }
}

function assigneeChange(change: 'set' | 'changed' | 'cleared' | 'any', from: string | null, to: string | null): boolean {
  if (from === to) return false;
  switch (change) {
    case 'set':
      return from === null;
    case 'changed':
      return from !== null && to !== null;
    case 'cleared':
      return to === null;
    case 'any':
      return true;
  }
}

function changedField(event: ClockEvent): string | null {
  switch (event.kind) {
    case 'priority':
      return 'priority';
    case 'reporter':
      return 'reporter';
    case 'field':
      return event.field;
    default:
      return null;
  }
}

/** One bit per kind of event, for the mask of kinds a metric's conditions can meet. */
export const EVENT_KIND_BIT: Readonly<Record<ClockEvent['kind'], number>> = { created: 1, status: 2, priority: 4, resolution: 8, assignee: 16, reporter: 32, field: 64, comment: 128 };

/** The kinds of event that can meet a condition: others need not be tested against it. */
export function eventKindsOf(condition: Condition): ClockEvent['kind'][] {
  switch (condition.on) {
    case 'created':
      return ['created'];
    case 'status-entered':
    case 'status-left':
      return ['status'];
    case 'resolution-set':
    case 'resolution-cleared':
      return ['resolution'];
    case 'comment':
      return ['comment'];
    case 'assignee':
      return ['assignee'];
    case 'field-changed':
      return condition.field === 'priority' ? ['priority'] : condition.field === 'reporter' ? ['reporter'] : ['field'];
  }
}

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
