/**
 * An issue's history as the SLA clocks see it: what it was at creation and every change since,
 * in time order. Built from Jira's issue JSON; the clocks (`clock.ts`) read nothing else.
 */
import type { JiraComment, JiraHistory, JiraIssue } from './jira-issue';

export type TimelineEvent =
  | { readonly at: number; readonly kind: 'status'; readonly from: string | null; readonly to: string }
  | { readonly at: number; readonly kind: 'priority'; readonly from: string | null; readonly to: string | null }
  | { readonly at: number; readonly kind: 'resolution'; readonly from: string | null; readonly to: string | null }
  | { readonly at: number; readonly kind: 'assignee'; readonly to: string | null }
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
  readonly reporter: string | null;
  readonly assignee: string | null;
  readonly assigneeName: string | null;
  readonly created: number;
  /** Jira's `updated`: when the issue last changed, comments included; `null` when not read. */
  readonly updated: number | null;
  /** The issue as it was created, recovered from the first change of each field. */
  readonly initial: IssueState;
  readonly current: IssueState;
  /** Sorted by time; events at the same instant keep Jira's order, changes before comments. */
  readonly events: readonly TimelineEvent[];
}

/** Builds the timeline of a parsed Jira issue (see `JiraIssueSchema`). */
export function buildTimeline(issue: JiraIssue, extraComments: readonly JiraComment[] = []): Timeline {
  const { fields } = issue;
  const histories = [...(issue.changelog?.histories ?? [])].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
  const events: TimelineEvent[] = histories.flatMap(historyEvents);
  const comments = new Map<string, JiraComment>();
  for (const comment of [...(fields.comment?.comments ?? []), ...extraComments]) comments.set(comment.id, comment);
  for (const comment of comments.values()) {
    // A comment dated before the issue was created (imported, clock skew) counts as made at creation.
    events.push({ at: Math.max(comment.created, fields.created), kind: 'comment', author: comment.author?.accountId ?? null, byCustomer: comment.author?.accountType === 'customer', isPublic: comment.jsdPublic !== false });
  }
  events.sort((a, b) => a.at - b.at);
  const current: IssueState = {
    status: fields.status.name,
    priority: fields.priority?.name ?? null,
    resolution: fields.resolution?.name ?? null,
  };
  const firstChange = <K extends TimelineEvent['kind']>(kind: K) =>
    events.find((event): event is Extract<TimelineEvent, { kind: K }> => event.kind === kind);
  const status = firstChange('status');
  const priority = firstChange('priority');
  const resolution = firstChange('resolution');
  return {
    id: issue.id ?? null,
    key: issue.key,
    summary: fields.summary ?? '',
    projectKey: fields.project.key,
    issueType: fields.issuetype.name,
    reporter: fields.reporter?.accountId ?? null,
    assignee: fields.assignee?.accountId ?? null,
    assigneeName: fields.assignee?.displayName ?? null,
    created: fields.created,
    updated: fields.updated ?? null,
    initial: {
      status: status?.from ?? current.status,
      priority: priority ? priority.from : current.priority,
      resolution: resolution ? resolution.from : current.resolution,
    },
    current,
    events,
  };
}

function historyEvents(history: JiraHistory): TimelineEvent[] {
  const at = history.created;
  return history.items.flatMap((item): TimelineEvent[] => {
    switch (item.fieldId ?? item.field) {
      case 'status':
        return item.toString ? [{ at, kind: 'status', from: item.fromString ?? null, to: item.toString }] : [];
      case 'priority':
        return [{ at, kind: 'priority', from: item.fromString ?? null, to: item.toString ?? null }];
      case 'resolution':
        return [{ at, kind: 'resolution', from: item.fromString ?? item.from ?? null, to: item.toString ?? item.to ?? null }];
      case 'assignee':
        return [{ at, kind: 'assignee', to: item.to ?? null }];
      default:
        return [];
    }
  });
}
