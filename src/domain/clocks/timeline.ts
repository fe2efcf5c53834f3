/**
 * An issue's history as the SLA clocks see it: what it was at creation and every change since,
 * in time order. Built from Jira's issue JSON; the clocks (`clock.ts`) read nothing else.
 */
import type { JiraComment, JiraHistory, JiraIssue } from './jira-issue';

export type TimelineEvent =
  | { readonly at: number; readonly kind: 'status'; readonly from: string | null; readonly to: string }
  | { readonly at: number; readonly kind: 'priority'; readonly from: string | null; readonly to: string | null }
  | { readonly at: number; readonly kind: 'resolution'; readonly from: string | null; readonly to: string | null }
  | { readonly at: number; readonly kind: 'assignee'; readonly from: string | null; readonly to: string | null }
  | { readonly at: number; readonly kind: 'reporter'; readonly from: string | null; readonly to: string | null }
  /** Any other field: labels, components, custom fields by id; values as Jira's changelog writes them. */
  | { readonly at: number; readonly kind: 'field'; readonly field: string; readonly from: string | null; readonly to: string | null }
  | {
      readonly at: number;
      readonly kind: 'comment';
      readonly author: string | null;
      /** By a Jira Service Management portal customer (`accountType: "customer"`), not an agent. */
      readonly byCustomer: boolean;
      readonly isPublic: boolean;
    };

export interface IssueState {
  readonly status: string;
  readonly reporter: string | null;
  readonly assignee: string | null;
  readonly priority: string | null;
  readonly resolution: string | null;
}

export interface Timeline {
  /** Jira's issue id: stable across moves and renames, unlike the key. */
  readonly id: string | null;
  readonly key: string;
  readonly summary: string;
  readonly projectKey: string;
  readonly issueType: string;
  /** The reporter now; earlier reporters are in `reporter` events. */
  readonly reporter: string | null;
  /** The reporter's e-mail address, where Jira shows it. */
  readonly reporterEmail: string | null;
  readonly assignee: string | null;
  readonly assigneeName: string | null;
  readonly created: number;
  /** Jira's `updated`: when the issue last changed, comments included; `null` when not read. */
  readonly updated: number | null;
  /** Jira Service Management's request type, `null` outside a service project. */
  readonly requestType: string | null;
  readonly labels: readonly string[];
  readonly components: readonly string[];
  /** Custom field id -> its current values as text (an option's value, a user's account id, a name). */
  readonly fieldValues: Readonly<Record<string, readonly string[]>>;
  /** The current status's category, as Jira reports it with the issue. */
  readonly statusCategory: string | null;
  /** The issue as it was created, recovered from the first change of each field. */
  readonly initial: IssueState;
  readonly current: IssueState;
  /** Sorted by time; events at the same instant keep Jira's order, changes before comments. */
  readonly events: readonly TimelineEvent[];
}

/** Builds the timeline of a parsed Jira issue (see `JiraIssueSchema`). */
export function buildTimeline(issue: JiraIssue, extraComments: readonly JiraComment[] = []): Timeline {
  const { fields } = issue;
  // Jira's reads may overlap and come in any order: each history counts once, in Jira's order of instants and ids.
  const histories = [...(issue.changelog?.histories ?? [])].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  const events: TimelineEvent[] = [];
  for (let i = 0; i < histories.length; i++) if (i === 0 || histories[i]!.id !== histories[i - 1]!.id) addHistoryEvents(histories[i]!, events);
  const comments = new Map<string, JiraComment>();
  for (const comment of [...(fields.comment?.comments ?? []), ...extraComments]) comments.set(comment.id, comment);
  for (const comment of comments.values()) {
    // A comment dated before the issue was created (imported, clock skew) counts as made at creation.
    events.push({ at: Math.max(comment.created, fields.created), kind: 'comment', author: comment.author?.accountId ?? null, byCustomer: comment.author?.accountType === 'customer', isPublic: comment.jsdPublic !== false });
  }
  events.sort((a, b) => a.at - b.at);
  const current: IssueState = {
    status: fields.status.name,
    reporter: fields.reporter?.accountId ?? null,
    assignee: fields.assignee?.accountId ?? null,
    priority: fields.priority?.name ?? null,
    resolution: fields.resolution?.name ?? null,
  };
  const firstChange = <K extends TimelineEvent['kind']>(kind: K) =>
    events.find((event): event is Extract<TimelineEvent, { kind: K }> => event.kind === kind);
  const status = firstChange('status');
  const priority = firstChange('priority');
  const resolution = firstChange('resolution');
  const reporter = firstChange('reporter');
  const assignee = firstChange('assignee');
  const fieldValues: Record<string, readonly string[]> = {};
  let requestType: string | null = null;
  for (const [id, value] of Object.entries(fields)) {
    if (!id.startsWith('customfield_') || value === null || value === undefined) continue;
    const request = (value as { requestType?: { name?: unknown } }).requestType;
    if (typeof request?.name === 'string') requestType = request.name;
    else fieldValues[id] = valuesOf(value);
  }
  return {
    id: issue.id ?? null,
    key: issue.key,
    summary: fields.summary ?? '',
    projectKey: fields.project.key,
    issueType: fields.issuetype.name,
    reporter: current.reporter,
    reporterEmail: fields.reporter?.emailAddress ?? null,
    assignee: current.assignee,
    assigneeName: fields.assignee?.displayName ?? null,
    created: fields.created,
    updated: fields.updated ?? null,
    requestType,
    labels: fields.labels ?? [],
    components: (fields.components ?? []).map((component) => component.name),
    fieldValues,
    statusCategory: fields.status.statusCategory?.key ?? null,
    initial: {
      status: status?.from ?? current.status,
      reporter: reporter ? reporter.from : current.reporter,
      assignee: assignee ? assignee.from : current.assignee,
      priority: priority ? priority.from : current.priority,
      resolution: resolution ? resolution.from : current.resolution,
    },
    current,
    events,
  };
}

/** The events of one changelog entry, appended to `events` (a loop, not `flatMap`: this runs for every entry of every issue read). */
function addHistoryEvents(history: JiraHistory, events: TimelineEvent[]): void {
  const at = history.created;
  for (const item of history.items) {
    const event = itemEvent(item, at);
    if (event) events.push(event);
  }
}

/** The event a change item makes; `null` for a status change Jira wrote without its new status. */
function itemEvent(item: JiraHistory['items'][number], at: number): TimelineEvent | null {
  switch (item.fieldId ?? item.field) {
    case 'status':
      return item.toString ? { at, kind: 'status', from: item.fromString ?? null, to: item.toString } : null;
    case 'priority':
      return { at, kind: 'priority', from: item.fromString ?? null, to: item.toString ?? null };
    case 'resolution':
      return { at, kind: 'resolution', from: item.fromString ?? item.from ?? null, to: item.toString ?? item.to ?? null };
    case 'assignee':
      return { at, kind: 'assignee', from: item.from ?? null, to: item.to ?? null };
    case 'reporter':
      return { at, kind: 'reporter', from: item.from ?? null, to: item.to ?? null };
    default:
      return { at, kind: 'field', field: item.fieldId ?? item.field, from: item.fromString ?? item.from ?? null, to: item.toString ?? item.to ?? null };
  }
}

/**
 * A custom field's value as text values: an option's `value` (and its child's), a user's account
 * id, anything else's `name`, text and numbers as written; arrays value by value.
 */
export function valuesOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  for (const key of ['value', 'accountId', 'name']) {
    if (typeof record[key] === 'string') return [record[key] as string, ...valuesOf(record.child)];
  }
  return [];
}

/**
 * The values a custom field held at `at`: before its first change after `at`, what that change
 * changed from (Jira writes a list as `[a, b]` or `a, b`); else what it holds now.
 */
export function fieldValuesAt(timeline: Timeline, field: string, at: number): readonly string[] {
  const later = timeline.events.find((event): event is Extract<TimelineEvent, { kind: 'field' }> => event.kind === 'field' && event.field === field && event.at > at);
  if (!later) return timeline.fieldValues[field] ?? [];
  return changelogValues(later.from);
}

function changelogValues(text: string | null): string[] {
  if (text === null) return [];
  const inner = text.trim().replace(/^\[(.*)\]$/s, '$1');
  return inner.split(',').map((value) => value.trim()).filter((value) => value !== '');
}
