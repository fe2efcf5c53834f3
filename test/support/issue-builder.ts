/**
 * Writes Jira issue JSON (as `GET /rest/api/3/issue/{key}?expand=changelog` returns it) from a short
 * story: what happened when. Current fields follow the last change; the changelog records each one.
 */
export const REPORTER = 'customer-1';
export const AGENT = 'agent-1';

interface Change {
  field: 'status' | 'priority' | 'resolution' | 'assignee' | 'reporter' | `customfield_${number}`;
  to: string | null;
  /** A custom field's value in the issue JSON after the change. */
  value?: unknown;
}

interface Step {
  at: string;
  author: string;
  changes?: Change[];
  comment?: { isPublic?: boolean; byCustomer?: boolean };
}

export interface IssueStart {
  key?: string;
  created: string;
  project?: string;
  issueType?: string;
  priority?: string;
  status?: string;
  reporter?: string;
  reporterEmail?: string;
  assignee?: string;
  labels?: string[];
  /** Custom field values as Jira's issue JSON shows them at creation, with their changelog text. */
  custom?: Record<`customfield_${number}`, { value: unknown; text: string | null }>;
}

/** Jira's date format: `2026-11-20T16:00:00.000+0100`. */
export function jiraDate(instant: string | number): string {
  return new Date(instant).toISOString().replace('Z', '+0000');
}

export class IssueBuilder {
  private readonly steps: Step[] = [];
  constructor(private readonly start: IssueStart) {}

  status(at: string, to: string, author = AGENT) {
    return this.change(at, author, [{ field: 'status', to }]);
  }
  priority(at: string, to: string, author = AGENT) {
    return this.change(at, author, [{ field: 'priority', to }]);
  }
  resolve(at: string, resolution = 'Done', status = 'Done') {
    return this.change(at, AGENT, [{ field: 'resolution', to: resolution }, { field: 'status', to: status }]);
  }
  reopen(at: string, status = 'Reopened') {
    return this.change(at, AGENT, [{ field: 'resolution', to: null }, { field: 'status', to: status }]);
  }
  assign(at: string, to: string | null, author = AGENT) {
    return this.change(at, author, [{ field: 'assignee', to }]);
  }
  reporter(at: string, to: string, author = AGENT) {
    return this.change(at, author, [{ field: 'reporter', to }]);
  }
  /** A custom field set to `value` (its JSON), written `text` in the changelog. */
  custom(at: string, field: `customfield_${number}`, value: unknown, text: string | null, author = AGENT) {
    return this.change(at, author, [{ field, to: text, value }]);
  }
  comment(at: string, author = AGENT, isPublic?: boolean) {
    this.steps.push({ at, author, comment: isPublic === undefined ? {} : { isPublic } });
    return this;
  }
  /** A public comment by a Jira Service Management portal customer (`accountType: "customer"`). */
  customerComment(at: string, author: string) {
    this.steps.push({ at, author, comment: { byCustomer: true } });
    return this;
  }
  private change(at: string, author: string, changes: Change[]) {
    this.steps.push({ at, author, changes });
    return this;
  }

  json(): Record<string, unknown> {
    const current: Record<string, string | null> = {
      status: this.start.status ?? 'Open',
      priority: this.start.priority ?? 'High',
      resolution: null,
      assignee: this.start.assignee ?? null,
      reporter: this.start.reporter ?? REPORTER,
      ...Object.fromEntries(Object.entries(this.start.custom ?? {}).map(([id, { text }]) => [id, text])),
    };
    const values: Record<string, unknown> = Object.fromEntries(Object.entries(this.start.custom ?? {}).map(([id, { value }]) => [id, value]));
    let id = 1;
    const histories = this.steps
      .filter((step) => step.changes)
      .map((step) => ({
        id: String(20_000 + id++),
        author: { accountId: step.author, displayName: step.author },
        created: jiraDate(step.at),
        items: step.changes!.map((change) => {
          const from = current[change.field] ?? null;
          current[change.field] = change.to;
          if (change.field.startsWith('customfield_')) {
            values[change.field] = change.value;
            return { field: change.field, fieldtype: 'custom', fieldId: change.field, from: null, fromString: from, to: null, toString: change.to };
          }
          return { field: change.field, fieldtype: 'jira', fieldId: change.field, from, fromString: from, to: change.to, toString: change.to };
        }),
      }));
    const comments = this.steps
      .filter((step) => step.comment)
      .map((step, i) => ({
        id: String(10_000 + i),
        author: { accountId: step.author, displayName: step.author, ...(step.comment!.byCustomer ? { accountType: 'customer' } : {}) },
        body: { type: 'doc', version: 1, content: [] },
        created: jiraDate(step.at),
        updated: jiraDate(step.at),
        ...(step.comment!.isPublic === undefined ? {} : { jsdPublic: step.comment!.isPublic }),
      }));
    const reporter = current.reporter!;
    return {
      id: '10001',
      key: this.start.key ?? 'SUP-1',
      fields: {
        summary: 'Something is broken',
        created: jiraDate(this.start.created),
        project: { key: this.start.project ?? 'SUP' },
        issuetype: { name: this.start.issueType ?? 'Bug' },
        priority: current.priority === null ? null : { name: current.priority },
        status: { name: current.status },
        resolution: current.resolution === null ? null : { name: current.resolution },
        reporter: { accountId: reporter, displayName: reporter, ...(this.start.reporterEmail ? { emailAddress: this.start.reporterEmail } : {}) },
        assignee: current.assignee === null ? null : { accountId: current.assignee },
        labels: this.start.labels ?? [],
        ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined)),
        comment: { comments, total: comments.length, maxResults: comments.length, startAt: 0 },
      },
      changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
    };
  }
}

export const issue = (start: IssueStart) => new IssueBuilder(start);
