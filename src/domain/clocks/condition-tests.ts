/**
 * Conditions compiled into tests of timeline events: which event kinds each can meet, status sets
 * by name and category, who commented, what changed.
 */
import type { TimelineEvent } from './timeline';
import type { Condition, StatusCategory } from '../config/conditions';

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

