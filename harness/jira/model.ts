/**
 * The Jira stand-in's in-memory world: users and groups, permissions, projects, issue types,
 * priorities, statuses, and issues with their changelogs, comments and properties. Mutations record
 * history the way Jira does (one changelog entry per change, at the stand-in's clock) and announce
 * the product event that Forge would deliver to the app's triggers.
 */
import { parseJiraDate } from '../../src/domain/clocks/jira-issue';

export interface User {
  accountId: string;
  displayName: string;
  accountType: 'atlassian' | 'customer' | 'app';
  groups: string[];
  /** Holds the global ADMINISTER permission. */
  admin?: boolean;
  timeZone?: string;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  projectTypeKey: 'service_desk' | 'software' | 'business';
  /** Who may browse the project's issues: everyone, or these account ids. */
  browsers: 'everyone' | string[];
}

export interface Status {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface HistoryItem {
  field: string;
  /** Jira sends it for custom fields (`customfield_10002`); the field's name is in `field`. */
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface History {
  id: string;
  author: string;
  created: number;
  items: HistoryItem[];
}

export interface Comment {
  id: string;
  author: string;
  created: number;
  text: string;
  /** JSM: `false` for internal notes; absent outside service projects. */
  jsdPublic?: boolean;
}

export interface Issue {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  summary: string;
  created: number;
  updated: number;
  reporter: string | null;
  assignee: string | null;
  priority: string | null;
  status: string;
  resolution: string | null;
  resolutionDate: number | null;
  histories: History[];
  comments: Comment[];
  properties: Map<string, unknown>;
  labels: string[];
  /** Custom field id -> its value as Jira's issue JSON shows it. */
  custom: Record<string, unknown>;
}

/** A custom field of the site, as `GET /rest/api/3/field` lists it. */
export interface CustomField {
  id: string;
  name: string;
  type: string;
  custom: string;
}

/** A product event as Forge delivers it to a `trigger` function. */
export interface ProductEvent {
  eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:commented:issue';
  issue: { id: string; key: string };
  atlassianId: string;
  comment?: { id: string };
}

/** `2026-11-20T15:00:00.000+0000`: Jira's format (the stand-in answers in UTC). */
export function jiraDate(instant: number): string {
  return new Date(instant).toISOString().replace('Z', '+0000');
}

const CATEGORY = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export class JiraModel {
  readonly users = new Map<string, User>();
  readonly projects = new Map<string, Project>();
  readonly issueTypes: { id: string; name: string }[] = [];
  readonly priorities: { id: string; name: string; statusColor: string }[] = [];
  readonly statuses: Status[] = [];
  readonly resolutions = [{ id: '10000', name: 'Done' }, { id: '10001', name: "Won't Do" }];
  readonly issues = new Map<string, Issue>();
  /** Notifications "sent" through `POST /issue/{key}/notify`, oldest first: the preview's outbox. */
  readonly outbox: { at: number; issueKey: string; subject: string; textBody: string; to: Record<string, unknown> }[] = [];
  /** Jira Service Management's fields, at the ids Jira Cloud gives them on most sites. */
  readonly customFields: CustomField[] = [
    { id: 'customfield_10002', name: 'Organizations', type: 'array', custom: 'com.atlassian.servicedesk:sd-customer-organizations' },
    { id: 'customfield_10010', name: 'Request Type', type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin' },
    { id: 'customfield_10050', name: 'Customer level', type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  ];
  private readonly listeners: ((event: ProductEvent) => void)[] = [];
  private nextId = 10_000;
  private readonly issueCounts = new Map<string, number>();
  private readonly byId = new Map<string, Issue>();
  private quiet = false;

  constructor(readonly clock: () => number = Date.now) {}

  onEvent(listener: (event: ProductEvent) => void): void {
    this.listeners.push(listener);
  }

  addUser(user: Omit<User, 'groups'> & { groups?: string[] }): User {
    const full = { groups: [], ...user };
    this.users.set(user.accountId, full);
    return full;
  }

  addProject(project: Omit<Project, 'id' | 'browsers'> & { browsers?: Project['browsers'] }): Project {
    const full: Project = { id: String(this.nextId++), browsers: 'everyone', ...project };
    this.projects.set(project.key, full);
    return full;
  }

  addStatus(name: string, category: Status['category']): Status {
    const status = { id: String(this.nextId++), name, category };
    this.statuses.push(status);
    return status;
  }

  addPriority(name: string, statusColor = '#555555') {
    this.priorities.push({ id: String(this.priorities.length + 1), name, statusColor });
  }

  addIssueType(name: string) {
    this.issueTypes.push({ id: String(this.nextId++), name });
  }

  groups(): string[] {
    return [...new Set([...this.users.values()].flatMap((user) => user.groups))].sort();
  }

  canBrowse(accountId: string | null, projectKey: string): boolean {
    const project = this.projects.get(projectKey);
    if (!project) return false;
    if (accountId === null) return true;
    return project.browsers === 'everyone' ? this.users.has(accountId) : project.browsers.includes(accountId);
  }

  isAdmin(accountId: string): boolean {
    return this.users.get(accountId)?.admin === true;
  }

  status(name: string): Status {
    const status = this.statuses.find((candidate) => candidate.name === name);
    if (!status) throw new Error(`Unknown status "${name}"`);
    return status;
  }

  issue(keyOrId: string): Issue | undefined {
    return this.issues.get(keyOrId) ?? this.byId.get(keyOrId);
  }

  createIssue(input: {
    projectKey: string;
    issueType: string;
    summary: string;
    reporter: string;
    priority?: string;
    status?: string;
    created?: number;
    labels?: string[];
    /** Custom field values as Jira's issue JSON shows them (an organizations list, a request type). */
    custom?: Record<string, unknown>;
  }): Issue {
    const project = this.projects.get(input.projectKey);
    if (!project) throw new Error(`Unknown project ${input.projectKey}`);
    const number = (this.issueCounts.get(input.projectKey) ?? 0) + 1;
    this.issueCounts.set(input.projectKey, number);
    const created = input.created ?? this.clock();
    const issue: Issue = {
      id: String(this.nextId++),
      key: `${input.projectKey}-${number}`,
      projectKey: input.projectKey,
      issueType: input.issueType,
      summary: input.summary,
      created,
      updated: created,
      reporter: input.reporter,
      assignee: null,
      priority: input.priority ?? 'Medium',
      status: input.status ?? this.statuses.find((status) => status.category === 'new')!.name,
      resolution: null,
      resolutionDate: null,
      histories: [],
      comments: [],
      properties: new Map(),
      labels: input.labels ?? [],
      custom: { ...input.custom },
    };
    this.issues.set(issue.key, issue);
    this.byId.set(issue.id, issue);
    this.emit({ eventType: 'avi:jira:created:issue', issue: { id: issue.id, key: issue.key }, atlassianId: input.reporter });
    return issue;
  }

  /** Moves an issue to a status; a done status sets the resolution, leaving one clears it. */
  transition(key: string, statusName: string, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    const status = this.status(statusName);
    const items: HistoryItem[] = [];
    if (status.category === 'done' && issue.resolution === null) {
      items.push(this.change(issue, 'resolution', 'Done', at));
    } else if (status.category !== 'done' && issue.resolution !== null) {
      items.push(this.change(issue, 'resolution', null, at));
    }
    items.push(this.change(issue, 'status', status.name, at));
    this.record(issue, by, at, items);
  }

  setPriority(key: string, priority: string, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    this.record(issue, by, at, [this.change(issue, 'priority', priority, at)]);
  }

  addLabel(key: string, label: string, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    if (issue.labels.includes(label)) return;
    const before = issue.labels.join(' ');
    issue.labels = [...issue.labels, label];
    this.record(issue, by, at, [{ field: 'labels', from: null, fromString: before || null, to: null, toString: issue.labels.join(' ') }]);
  }

  /** Moves the issue to another reporter, as editing the Reporter field does. */
  setReporter(key: string, reporter: string, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    const name = (accountId: string | null) => (accountId ? (this.users.get(accountId)?.displayName ?? accountId) : null);
    const item: HistoryItem = { field: 'reporter', from: issue.reporter, fromString: name(issue.reporter), to: reporter, toString: name(reporter) };
    issue.reporter = reporter;
    this.record(issue, by, at, [item]);
  }

  /**
   * Sets a custom field: `value` as the issue JSON shows it, `text` as the changelog writes it
   * (organizations: their names, comma-separated).
   */
  setCustomField(key: string, fieldId: string, value: unknown, text: string | null, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    const field = this.customFields.find((candidate) => candidate.id === fieldId);
    const before = issue.custom[fieldId];
    const item: HistoryItem = { field: field?.name ?? fieldId, fieldId, from: null, fromString: before === undefined ? null : (this.customText.get(`${issue.id}:${fieldId}`) ?? null), to: null, toString: text };
    if (value === null) delete issue.custom[fieldId];
    else issue.custom[fieldId] = value;
    this.customText.set(`${issue.id}:${fieldId}`, text);
    this.record(issue, by, at, [item]);
  }

  /** The changelog text of each custom field's current value, for the next change's `fromString`. */
  private readonly customText = new Map<string, string | null>();

  assign(key: string, assignee: string | null, by: string, at = this.clock()): void {
    const issue = this.mustGet(key);
    this.record(issue, by, at, [this.change(issue, 'assignee', assignee, at)]);
  }

  addComment(key: string, author: string, text: string, options: { jsdPublic?: boolean; at?: number } = {}): Comment {
    const issue = this.mustGet(key);
    const comment: Comment = { id: String(this.nextId++), author, created: options.at ?? this.clock(), text };
    if (options.jsdPublic !== undefined) comment.jsdPublic = options.jsdPublic;
    else if (this.projects.get(issue.projectKey)?.projectTypeKey === 'service_desk') comment.jsdPublic = true;
    issue.comments.push(comment);
    issue.updated = comment.created;
    this.emit({ eventType: 'avi:jira:commented:issue', issue: { id: issue.id, key: issue.key }, atlassianId: author, comment: { id: comment.id } });
    return comment;
  }

  /**
   * Loads an issue as `GET /rest/api/3/issue/{key}?expand=changelog` returns it (the shared examples),
   * without events: it arrives with its history.
   */
  importIssue(json: ImportedIssue): Issue {
    const f = json.fields;
    const date = (text: string) => parseJiraDate(text) ?? Number.NaN;
    const issue: Issue = {
      id: json.id ?? String(this.nextId++),
      key: json.key,
      projectKey: f.project.key,
      issueType: f.issuetype.name,
      summary: f.summary ?? '',
      created: date(f.created),
      updated: date(f.updated ?? f.created),
      reporter: f.reporter?.accountId ?? null,
      assignee: f.assignee?.accountId ?? null,
      priority: f.priority?.name ?? null,
      status: f.status.name,
      resolution: f.resolution?.name ?? null,
      resolutionDate: f.resolutiondate ? date(f.resolutiondate) : null,
      histories: (json.changelog?.histories ?? []).map((history) => ({
        id: history.id,
        author: history.author?.accountId ?? '',
        created: date(history.created),
        items: history.items.map((item) => ({
          field: item.field,
          from: ownValue(item, 'from'),
          fromString: ownValue(item, 'fromString'),
          to: ownValue(item, 'to'),
          toString: ownValue(item, 'toString'),
        })),
      })),
      comments: (f.comment?.comments ?? []).map((comment) => ({
        id: comment.id,
        author: comment.author?.accountId ?? '',
        created: date(comment.created),
        text: '',
        ...(comment.jsdPublic === undefined ? {} : { jsdPublic: comment.jsdPublic }),
      })),
      properties: new Map(),
      labels: f.labels ?? [],
      custom: Object.fromEntries(Object.entries(f).filter(([id]) => id.startsWith('customfield_'))),
    };
    this.issues.set(issue.key, issue);
    this.byId.set(issue.id, issue);
    return issue;
  }

  private mustGet(key: string): Issue {
    const issue = this.issue(key);
    if (!issue) throw new Error(`Unknown issue ${key}`);
    return issue;
  }

  private change(issue: Issue, field: 'status' | 'priority' | 'resolution' | 'assignee', to: string | null, at: number): HistoryItem {
    const current = { status: issue.status, priority: issue.priority, resolution: issue.resolution, assignee: issue.assignee }[field];
    const id = (name: string | null) => {
      if (name === null) return null;
      if (field === 'status') return this.status(name).id;
      if (field === 'priority') return this.priorities.find((p) => p.name === name)?.id ?? name;
      if (field === 'resolution') return this.resolutions.find((r) => r.name === name)?.id ?? name;
      return name;
    };
    const label = (name: string | null) => (field === 'assignee' && name ? (this.users.get(name)?.displayName ?? name) : name);
    if (field === 'status') issue.status = to!;
    if (field === 'priority') issue.priority = to;
    if (field === 'assignee') issue.assignee = to;
    if (field === 'resolution') {
      issue.resolution = to;
      issue.resolutionDate = to === null ? null : at;
    }
    return { field, from: id(current), fromString: label(current), to: id(to), toString: label(to) };
  }

  private record(issue: Issue, author: string, at: number, items: HistoryItem[]) {
    issue.histories.push({ id: String(this.nextId++), author, created: at, items });
    issue.updated = at;
    this.emit({ eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key }, atlassianId: author });
  }

  private emit(event: ProductEvent) {
    if (this.quiet) return;
    for (const listener of this.listeners) listener(event);
  }

  /** Runs `change` without announcing its events: a site that had its issues before the app came. */
  quietly<T>(change: () => T): T {
    this.quiet = true;
    try {
      return change();
    } finally {
      this.quiet = false;
    }
  }

  /** The `statusCategory` object Jira embeds in a status. */
  static category(category: Status['category']) {
    return CATEGORY[category];
  }
}

/** A field Jira sent, or null: `toString` left out must not read as Object.prototype.toString. */
function ownValue<T extends object, K extends keyof T>(item: T, key: K): string | null {
  return Object.hasOwn(item, key) ? ((item[key] as string | null | undefined) ?? null) : null;
}

/** The fields of Jira issue JSON that {@link JiraModel.importIssue} reads. */
export interface ImportedIssue {
  id?: string;
  key: string;
  fields: {
    labels?: string[];
    [custom: `customfield_${number}`]: unknown;
    summary?: string;
    created: string;
    updated?: string;
    resolutiondate?: string | null;
    project: { key: string };
    issuetype: { name: string };
    priority?: { name: string } | null;
    status: { name: string };
    resolution?: { name: string } | null;
    reporter?: { accountId: string } | null;
    assignee?: { accountId: string } | null;
    comment?: { comments: { id: string; created: string; author?: { accountId: string } | null; jsdPublic?: boolean }[] };
  };
  changelog?: {
    histories: {
      id: string;
      created: string;
      author?: { accountId: string } | null;
      items: { field: string; from?: string | null; fromString?: string | null; to?: string | null; toString?: string | null }[];
    }[];
  };
}
