/**
 * The Jira stand-in's REST API: exactly the v3 operations the app calls, routed and validated by
 * Atlassian's own OpenAPI spec (`openapi-backend`), so a request Jira would refuse is refused here,
 * and (with `checkContract`) every response is checked against the spec before it is sent.
 * It counts calls per operation and injects faults (429 with Retry-After, 500, slowness).
 */
import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Context, type Request } from 'openapi-backend';
import { JqlError, checkFields, matchesJql, parseJql, sortByJql, type FieldType, type FieldValue, type JqlContext } from './jql';
import { JiraModel, jiraDate, type Issue } from './model';
import { jiraSpecText } from './spec';

const BASE = 'https://local-jira.atlassian.net';

export interface IndexedValue {
  propertyKey: string;
  path: string;
  type: 'number' | 'string' | 'text' | 'user' | 'date';
  searchAlias?: string;
}

export interface JiraRequest {
  method: string;
  /** Path with query string, as `@forge/api` sends it. */
  path: string;
  body?: unknown;
  /** The user the call is made as; `null` for the app itself (`asApp()`). */
  accountId: string | null;
}

export interface JiraResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Fault {
  /** Operation id from the spec (e.g. `getIssue`), or every operation when absent. */
  operation?: string;
  /** Only calls whose path (with its query) contains this. */
  pathIncludes?: string;
  status?: 403 | 429 | 500 | 503;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** How many matching calls it applies to. */
  times: number;
}

/** One call as the contract tests see it. */
export interface Exchange {
  operation: string;
  method: string;
  path: string;
  accountId: string | null;
  status: number;
}

interface Call {
  request: JiraRequest;
  query: Record<string, string>;
  handlers: Record<string, Handler>;
}

type Handler = (context: Context, call: Call) => JiraResponse | Promise<JiraResponse>;

/**
 * One router for the whole process: building it (and its validators) is the slow part,
 * and it holds no state of any one stand-in: each call brings its stand-in's handlers.
 */
let ready: Promise<OpenAPIBackend> | undefined;
function router(): Promise<OpenAPIBackend> {
  if (!ready) {
    const api = new OpenAPIBackend({
      definition: withAnyJsonNode(JSON.parse(jiraSpecText()) as SpecDocument) as never,
      quick: true,
      strict: false,
      customizeAjv: (ajv) => {
        addFormats(ajv);
        return ajv;
      },
    });
    api.register({
      notFound: () => error(404, 'No such REST endpoint in Jira'),
      notImplemented: (c: Context, call: Call) => {
        const handler = call.handlers[c.operation.operationId ?? ''];
        return handler ? handler(c, call) : error(501, `The stand-in does not implement ${c.operation.operationId}`);
      },
      validationFail: (c: Context) => error(400, (c.validation.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ')),
    });
    // Forge's proxy authenticates the app; who the call is made as arrives in `accountId`.
    for (const scheme of Object.keys((api.inputDocument as { components?: { securitySchemes?: object } }).components?.securitySchemes ?? {})) {
      api.registerSecurityHandler(scheme, () => true);
    }
    ready = api.init().then(() => api);
  }
  return ready;
}

type SpecDocument = { components?: { schemas?: Record<string, unknown> } };

/**
 * The spec describes `JsonNode` (an entity property's value) as the Java class Jira serialises it
 * with, fields such as `textValue` and `bigDecimal`, where Jira accepts any JSON value, as its
 * documentation says. The stand-in takes the documentation's word for that one schema.
 */
function withAnyJsonNode(spec: SpecDocument): SpecDocument {
  if (spec.components?.schemas?.JsonNode) spec.components.schemas.JsonNode = { description: 'Any JSON value' };
  return spec;
}

export class JiraStandIn {
  readonly calls = new Map<string, number>();
  readonly exchanges: Exchange[] = [];
  readonly contractViolations: string[] = [];
  readonly faults: Fault[] = [];
  private readonly indexed: IndexedValue[] = [];
  private readonly handlers: Record<string, Handler>;
  /** Told of every call once it is answered (tests change the world between two calls with it). */
  readonly afterCall: ((operation: string, path: string) => void)[] = [];
  /** Every answer takes this long to come back (world time where timers are simulated): injected latency. */
  latencyMs = 0;
  /** Comments Jira embeds in an issue's `comment` field; the rest are paged with the comment API. */
  embeddedComments = 5000;
  /**
   * What an embedded changelog's `total` counts. The spec describes `PageOfChangelogs.total` as
   * "The number of results on the page"; Jira Cloud sends the issue's count. `'issue'` (the default)
   * or `'page'`: the app must be right with either (FIDELITY.md).
   */
  changelogTotal: 'issue' | 'page' = 'issue';
  /**
   * Histories an issue embeds with `expand=changelog`, the newest first: on `search/jql` "a maximum
   * of 40 changelogs" (the spec); on `GET issue` the spec names no cap, and Jira Cloud embeds 100.
   * Tests raise them to compare with an evaluation of the whole history read at once.
   */
  embeddedHistories = { search: 40, issue: 100 };
  private tasks = 0;

  constructor(
    readonly model: JiraModel,
    private readonly options: { checkContract?: boolean; appAccountId?: string },
  ) {
    this.handlers = {
      getIssue: (c, call) => this.getIssue(c, call),
      getChangeLogs: (c, call) => this.getChangeLogs(c, call),
      getBulkChangelogs: (_c, call) => this.bulkChangelogs(call),
      getComments: (c, call) => this.getComments(c, call),
      getIssueProperty: (c, call) => this.getIssueProperty(c, call),
      setIssueProperty: (c, call) => this.setIssueProperty(c, call),
      bulkSetIssuePropertiesByIssue: (_c, call) => this.bulkSetProperties(call),
      deleteIssueProperty: (c, call) => this.deleteIssueProperty(c, call),
      searchAndReconsileIssuesUsingJqlPost: (c, call) => this.search(c, call),
      countIssues: (c, call) => this.count(c, call),
      getUserGroups: (_c, call) => this.userGroups(call),
      getMyPermissions: (_c, call) => this.myPermissions(call),
      getCurrentUser: (_c, call) => this.myself(call),
      searchProjects: (_c, call) => this.projects(call),
      getIssueAllTypes: () => ok(this.model.issueTypes.map((type) => ({ id: type.id, name: type.name, subtask: false, hierarchyLevel: 0, description: '', iconUrl: `${BASE}/images/icons/issuetypes/task.svg`, self: `${BASE}/rest/api/3/issuetype/${type.id}` }))),
      getPriorities: () => ok(this.model.priorities.map((p) => ({ id: p.id, name: p.name, statusColor: p.statusColor, description: '', iconUrl: `${BASE}/images/icons/priorities/${p.name.toLowerCase()}.svg`, self: `${BASE}/rest/api/3/priority/${p.id}` }))),
      getStatuses: () => ok(this.model.statuses.map((status) => this.statusBean(status.name))),
      findGroups: (_c, call) => this.findGroups(call),
      findUsers: (_c, call) => this.findUsers(call),
      notify: (c, call) => this.notify(c, call),
      addComment: (c, call) => this.addComment(c, call),
      editIssue: (c, call) => this.editIssue(c, call),
      assignIssue: (c, call) => this.assignIssue(c, call),
      getUser: (_c, call) => this.getUser(call),
      getFields: () => ok(this.model.customFields.map((field) => ({ id: field.id, key: field.id, name: field.name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [field.name], schema: { type: field.type, custom: field.custom, customId: Number(field.id.replace('customfield_', '')) } }))),
    };
  }

  /** Registers `jira:entityProperty` indexing as installing the app does: property paths become JQL fields. */
  indexProperties(values: IndexedValue[]): void {
    this.indexed.push(...values);
  }

  async handle(request: JiraRequest): Promise<JiraResponse> {
    const api = await router();
    const url = new URL(request.path, BASE);
    const query = Object.fromEntries(url.searchParams);
    const apiRequest: Request = {
      method: request.method,
      path: url.pathname,
      query,
      body: request.body,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    };
    const operation = api.matchOperation(apiRequest)?.operationId ?? 'unknown';
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const fault = this.takeFault(operation, request.path);
    let response: JiraResponse;
    if (fault?.status) {
      response = error(fault.status, FAULT_MESSAGES[fault.status]);
      if (fault.retryAfterSeconds !== undefined) response.headers['retry-after'] = String(fault.retryAfterSeconds);
    } else {
      try {
        response = (await api.handleRequest(apiRequest, { request, query, handlers: this.handlers } satisfies Call)) as JiraResponse;
      } catch (thrown) {
        response = thrown instanceof JqlError ? error(400, thrown.message) : error(500, (thrown as Error).message);
      }
    }
    this.exchanges.push({ operation, method: request.method, path: request.path, accountId: request.accountId, status: response.status });
    if (this.options.checkContract) this.checkResponse(api, operation, response);
    for (const listener of this.afterCall) listener(operation, request.path);
    // The answer is made now and travels for the latency: a slow read returns what was true when it was read.
    const wait = this.latencyMs + (fault?.delayMs ?? 0);
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    return response;
  }

  resetCounts(): void {
    this.calls.clear();
    this.exchanges.length = 0;
  }

  private takeFault(operation: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.times > 0 && (!fault.operation || fault.operation === operation) && (!fault.pathIncludes || path.includes(fault.pathIncludes)));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.times -= 1;
    if (fault.times === 0) this.faults.splice(index, 1);
    return fault;
  }

  private checkResponse(api: OpenAPIBackend, operation: string, response: JiraResponse) {
    if (operation === 'unknown' || response.status >= 300 || response.body === undefined) return;
    const result = api.validator.validateResponse(asSent(response.body), operation, response.status);
    if (result.errors?.length) {
      const problem = `${operation} ${response.status}: ${result.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`;
      this.contractViolations.push(problem);
      throw new Error(`Jira stand-in broke the contract: ${problem}`);
    }
  }

  private visibleIssue(keyOrId: string, accountId: string | null): Issue | undefined {
    const issue = this.model.issue(keyOrId);
    return issue && this.model.canBrowse(accountId, issue.projectKey) ? issue : undefined;
  }

  /** Who a change is made as: the caller, or the app's own account for calls made as the app. */
  private actor(accountId: string | null): string {
    return accountId ?? this.options.appAccountId ?? 'app:sla-for-jira';
  }

  /** `POST /issue/{key}/notify`: "sent" to the outbox, with the recipients it names. */
  private notify(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const body = request.body as { subject?: string; textBody?: string; to?: Record<string, unknown> };
    const to = body.to ?? {};
    const users = (to.users as { accountId: string }[] | undefined) ?? [];
    const unknown = users.find((user) => !this.model.users.has(user.accountId));
    if (unknown) return error(400, `The user ${unknown.accountId} does not exist.`);
    this.model.outbox.push({ at: this.model.clock(), issueKey: issue.key, subject: body.subject ?? `${issue.key}: ${issue.summary}`, textBody: body.textBody ?? '', to });
    return { status: 204, headers: {}, body: undefined };
  }

  /** `POST /issue/{key}/comment`: an internal note when it carries `sd.public.comment` `{internal: true}`. */
  private addComment(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const body = request.body as { body: unknown; properties?: { key: string; value: { internal?: boolean } }[] };
    const internal = body.properties?.some((property) => property.key === 'sd.public.comment' && property.value.internal === true) ?? false;
    const text = JSON.stringify(body.body).match(/"text":"([^"]*)"/)?.[1] ?? '';
    const comment = this.model.addComment(issue.key, this.actor(request.accountId), text, internal ? { jsdPublic: false } : {});
    return { status: 201, headers: {}, body: this.commentBean(issue, comment) };
  }

  /** `PUT /issue/{key}`: the priority (`fields.priority.name`) and labels added (`update.labels[].add`), each in the changelog. */
  private editIssue(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const body = request.body as { fields?: { priority?: { name?: string } }; update?: { labels?: { add?: string }[] } };
    const priority = body.fields?.priority?.name;
    if (priority !== undefined && !this.model.priorities.some((p) => p.name === priority)) return error(400, `The priority "${priority}" does not exist.`);
    if (priority !== undefined) this.model.setPriority(issue.key, priority, this.actor(request.accountId));
    for (const label of (body.update?.labels ?? []).flatMap((operation) => (operation.add ? [operation.add] : []))) this.model.addLabel(issue.key, label, this.actor(request.accountId));
    return { status: 204, headers: {}, body: undefined };
  }

  /** `PUT /issue/{key}/assignee`: a user who does not exist is refused, as Jira refuses one who cannot be assigned. */
  private assignIssue(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const accountId = (request.body as { accountId?: string | null }).accountId ?? null;
    if (accountId !== null && !this.model.users.has(accountId)) return error(400, `The user ${accountId} cannot be assigned issues.`);
    this.model.assign(issue.key, accountId, this.actor(request.accountId));
    return { status: 204, headers: {}, body: undefined };
  }

  private getUser({ query }: Call): JiraResponse {
    if (!query.accountId || !this.model.users.has(query.accountId)) return error(404, 'The user does not exist.');
    return ok(this.userBean(query.accountId));
  }

  private getIssue(c: Context, { request, query }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    return ok(
      this.issueBean(issue, {
        fields: query.fields?.split(','),
        changelog: (query.expand ?? '').split(',').includes('changelog') ? this.embeddedHistories.issue : 0,
        properties: query.properties?.split(','),
      }),
    );
  }

  private getChangeLogs(c: Context, { request, query }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const startAt = Number(query.startAt ?? 0);
    const maxResults = Math.min(Number(query.maxResults ?? 100), 100);
    return ok(page(issue.histories.map((history) => this.historyBean(history)), startAt, maxResults));
  }

  /**
   * `POST /changelog/bulkfetch`: "all changelogs for given issues sorted by changelog date and issue
   * IDs, starting from the oldest changelog and smallest issue ID", up to 1000 issues (the schema
   * refuses more) and `maxResults` changelogs a page (default 1000, at most 10000); issues the
   * caller may not browse are left out.
   */
  private bulkChangelogs({ request }: Call): JiraResponse {
    const body = request.body as { issueIdsOrKeys: string[]; fieldIds?: string[]; maxResults?: number; nextPageToken?: string };
    const issues = body.issueIdsOrKeys.flatMap((keyOrId) => this.visibleIssue(keyOrId, request.accountId) ?? []);
    const fields = body.fieldIds?.length ? new Set(body.fieldIds) : null;
    const all = [...new Map(issues.map((issue) => [issue.id, issue])).values()]
      .flatMap((issue) => issue.histories.filter((history) => !fields || history.items.some((item) => fields.has(item.fieldId ?? item.field))).map((history) => ({ issue, history })))
      .sort((a, b) => a.history.created - b.history.created || Number(a.issue.id) - Number(b.issue.id) || Number(a.history.id) - Number(b.history.id));
    const startAt = body.nextPageToken ? Number(Buffer.from(body.nextPageToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(startAt) || startAt < 0) return error(400, 'The nextPageToken is not valid.');
    const maxResults = body.maxResults ?? 1000;
    const slice = all.slice(startAt, startAt + maxResults);
    const byIssue = new Map<string, unknown[]>();
    for (const { issue, history } of slice) byIssue.set(issue.id, [...(byIssue.get(issue.id) ?? []), this.historyBean(history)]);
    const more = startAt + maxResults < all.length;
    return ok({
      issueChangeLogs: [...byIssue.entries()].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(more ? { nextPageToken: Buffer.from(String(startAt + maxResults)).toString('base64url') } : {}),
    });
  }

  private getComments(c: Context, { request, query }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const startAt = Number(query.startAt ?? 0);
    const maxResults = Math.min(Number(query.maxResults ?? 100), 5000);
    const comments = issue.comments.slice(startAt, startAt + maxResults).map((comment) => this.commentBean(issue, comment));
    return ok({ startAt, maxResults, total: issue.comments.length, comments });
  }

  private getIssueProperty(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    const key = String(c.request.params.propertyKey);
    if (!issue || !issue.properties.has(key)) return error(404, 'The property was not found.');
    return ok({ key, value: issue.properties.get(key) });
  }

  private setIssueProperty(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue) return error(404, 'Issue does not exist or you do not have permission to see it.');
    const key = String(c.request.params.propertyKey);
    if (JSON.stringify(request.body ?? null).length > 32_768) return error(400, 'The property value is longer than 32768 bytes.');
    const existed = issue.properties.has(key);
    issue.properties.set(key, structuredClone(request.body));
    return { status: existed ? 200 : 201, headers: {}, body: undefined };
  }

  private deleteIssueProperty(c: Context, { request }: Call): JiraResponse {
    const issue = this.visibleIssue(String(c.request.params.issueIdOrKey), request.accountId);
    if (!issue || !issue.properties.delete(String(c.request.params.propertyKey))) return error(404, 'The property was not found.');
    return { status: 204, headers: {} };
  }

  private matching(jql: string, accountId: string | null): Issue[] {
    const query = parseJql(jql);
    const context = this.jqlContext(accountId);
    checkFields(query, context);
    const found = [...this.model.issues.values()].filter(
      (issue) => this.model.canBrowse(accountId, issue.projectKey) && matchesJql(query.where, issue, context),
    );
    const order = query.orderBy.length ? query.orderBy : [{ field: 'key', direction: 'desc' as const }];
    return sortByJql(found, order, context);
  }

  private search(_c: Context, { request }: Call): JiraResponse {
    const body = request.body as { jql?: string; nextPageToken?: string; maxResults?: number; fields?: string[]; properties?: string[]; expand?: string };
    if (!body.jql) return error(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    const issues = this.matching(body.jql, request.accountId);
    const wantsFields = (body.fields ?? []).some((field) => field !== 'id' && field !== 'key');
    const maxResults = Math.min(body.maxResults ?? 50, wantsFields ? 100 : 5000);
    const startAt = body.nextPageToken ? Number(Buffer.from(body.nextPageToken, 'base64url').toString()) : 0;
    const slice = issues.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= issues.length;
    return ok({
      issues: slice.map((issue) =>
        this.issueBean(issue, {
          fields: body.fields ?? ['id'],
          changelog: (body.expand ?? '').split(',').includes('changelog') ? this.embeddedHistories.search : 0,
          properties: body.properties,
        }),
      ),
      isLast,
      ...(isLast ? {} : { nextPageToken: Buffer.from(String(startAt + maxResults)).toString('base64url') }),
    });
  }

  /** `POST /issue/properties/multi`: applied at once here; Jira answers 303 with the task to follow. */
  private bulkSetProperties({ request }: Call): JiraResponse {
    const body = request.body as { issues: { issueID: number; properties: Record<string, unknown> }[] };
    for (const entry of body.issues) {
      const issue = this.visibleIssue(String(entry.issueID), request.accountId);
      if (!issue) continue; // Jira reports it in the task's result; the request itself succeeds.
      for (const [key, value] of Object.entries(entry.properties)) {
        if (JSON.stringify(value).length > 32_768) return error(400, `The property ${key} of issue ${entry.issueID} is longer than 32768 characters.`);
        issue.properties.set(key, structuredClone(value));
      }
    }
    this.tasks += 1;
    return { status: 303, headers: { location: `${BASE}/rest/api/3/task/${10_000 + this.tasks}` } };
  }

  private count(_c: Context, { request }: Call): JiraResponse {
    const body = request.body as { jql?: string };
    return ok({ count: this.matching(body.jql ?? '', request.accountId).length });
  }

  private userGroups({ request, query }: Call): JiraResponse {
    const user = this.model.users.get(query.accountId ?? '');
    if (!user) return error(404, 'The user was not found.');
    if (request.accountId !== null && request.accountId !== user.accountId && !this.model.isAdmin(request.accountId)) {
      return error(403, 'You do not have permission to view this user\'s groups.');
    }
    return ok(user.groups.map((name) => ({ name, groupId: groupId(name), self: `${BASE}/rest/api/3/group?groupId=${groupId(name)}` })));
  }

  private myPermissions({ request, query }: Call): JiraResponse {
    if (request.accountId === null) return error(401, 'The app has no user to check permissions for.');
    const keys = (query.permissions ?? '').split(',').filter(Boolean);
    if (!keys.length) return error(400, 'The permissions query parameter is required.');
    const permissions = Object.fromEntries(
      keys.map((key) => [key, { id: key === 'ADMINISTER' ? '0' : '10', key, name: key, type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT', description: key, havePermission: key === 'ADMINISTER' ? this.model.isAdmin(request.accountId!) : this.model.users.get(request.accountId!)?.accountType !== 'customer' }]),
    );
    return ok({ permissions });
  }

  private myself({ request }: Call): JiraResponse {
    const user = request.accountId ? this.model.users.get(request.accountId) : undefined;
    if (!user) return error(401, 'Not a user.');
    return ok(this.userBean(user.accountId));
  }

  private projects({ request, query }: Call): JiraResponse {
    const startAt = Number(query.startAt ?? 0);
    const maxResults = Math.min(Number(query.maxResults ?? 50), 100);
    const wanted = (query.query ?? '').toLowerCase();
    const projects = [...this.model.projects.values()]
      .filter((project) => this.model.canBrowse(request.accountId, project.key))
      .filter((project) => !wanted || project.key.toLowerCase().includes(wanted) || project.name.toLowerCase().includes(wanted))
      .map((project) => ({ id: project.id, key: project.key, name: project.name, projectTypeKey: project.projectTypeKey, self: `${BASE}/rest/api/3/project/${project.id}` }));
    return ok(page(projects, startAt, maxResults));
  }

  private findGroups({ query }: Call): JiraResponse {
    const wanted = (query.query ?? '').toLowerCase();
    const groups = this.model.groups().filter((name) => name.toLowerCase().includes(wanted)).slice(0, Number(query.maxResults ?? 20));
    return ok({ header: `Showing ${groups.length} of ${groups.length} matching groups`, total: groups.length, groups: groups.map((name) => ({ name, groupId: groupId(name), html: name })) });
  }

  private findUsers({ query }: Call): JiraResponse {
    const wanted = (query.query ?? '').toLowerCase();
    const users = [...this.model.users.values()].filter((user) => user.displayName.toLowerCase().includes(wanted) || user.accountId === query.accountId);
    return ok(users.slice(0, Number(query.maxResults ?? 50)).map((user) => this.userBean(user.accountId)));
  }

  private jqlContext(accountId: string | null): JqlContext<Issue> {
    const of = (kind: FieldType['kind'], get: (issue: Issue) => FieldValue) => (issue: Issue) => ({ value: get(issue), type: { kind } });
    const system: Record<string, (issue: Issue) => { value: FieldValue; type: FieldType }> = {
      project: of('text', (issue) => issue.projectKey),
      id: of('number', (issue) => Number(issue.id)),
      key: of('text', (issue) => issue.key),
      issuekey: of('text', (issue) => issue.key),
      issuetype: of('text', (issue) => issue.issueType),
      type: of('text', (issue) => issue.issueType),
      status: of('text', (issue) => issue.status),
      statuscategory: of('text', (issue) => JiraModel.category(this.model.status(issue.status).category).name),
      priority: of('text', (issue) => issue.priority),
      resolution: of('text', (issue) => issue.resolution),
      assignee: of('user', (issue) => issue.assignee),
      reporter: of('user', (issue) => issue.reporter),
      summary: of('text', (issue) => issue.summary),
      created: of('date', (issue) => issue.created),
      updated: of('date', (issue) => issue.updated),
      resolved: of('date', (issue) => issue.resolutionDate),
      resolutiondate: of('date', (issue) => issue.resolutionDate),
    };
    const aliases = new Map(this.indexed.filter((value) => value.searchAlias).map((value) => [value.searchAlias!.toLowerCase(), value]));
    return {
      now: this.model.clock(),
      currentUser: accountId,
      knows: (name) => name in system || aliases.has(name) || /^issue\.property\[[^\]]+\]\.\S+$/.test(name),
      field: (issue, name) => {
        if (name in system) return system[name]!(issue);
        const indexed = aliases.get(name) ?? this.byPropertyPath(name);
        if (!indexed) return undefined;
        const raw = pathValue(issue.properties.get(indexed.propertyKey), indexed.path);
        const type: FieldType = { kind: indexed.type === 'date' ? 'date' : indexed.type === 'number' ? 'number' : indexed.type === 'user' ? 'user' : 'text' };
        return { value: indexedValue(raw, type), type };
      },
    };
  }

  private byPropertyPath(name: string): IndexedValue | undefined {
    const match = /^issue\.property\[([^\]]+)\]\.(\S+)$/.exec(name);
    return match ? this.indexed.find((value) => value.propertyKey === match[1] && value.path.toLowerCase() === match[2]) : undefined;
  }

  /** `changelog`: how many of the newest histories to embed (0: none), newest first, as the spec says. */
  private issueBean(issue: Issue, options: { fields?: string[]; changelog?: number; properties?: string[] }) {
    const all = !options.fields || options.fields.includes('*all') || options.fields.includes('*navigable');
    const wanted = (name: string) => (all || options.fields!.includes(name)) && !options.fields?.includes(`-${name}`);
    const project = this.model.projects.get(issue.projectKey)!;
    const type = this.model.issueTypes.find((candidate) => candidate.name === issue.issueType);
    const priority = this.model.priorities.find((candidate) => candidate.name === issue.priority);
    const resolution = this.model.resolutions.find((candidate) => candidate.name === issue.resolution);
    const fields: Record<string, unknown> = {};
    const put = (name: string, value: () => unknown) => {
      if (wanted(name)) fields[name] = value();
    };
    put('summary', () => issue.summary);
    put('issuetype', () => ({ id: type?.id ?? '0', name: issue.issueType, subtask: false, hierarchyLevel: 0, self: `${BASE}/rest/api/3/issuetype/${type?.id ?? 0}` }));
    put('project', () => ({ id: project.id, key: project.key, name: project.name, projectTypeKey: project.projectTypeKey, self: `${BASE}/rest/api/3/project/${project.id}` }));
    put('priority', () => (priority ? { id: priority.id, name: priority.name, self: `${BASE}/rest/api/3/priority/${priority.id}` } : null));
    put('status', () => this.statusBean(issue.status));
    put('resolution', () => (resolution ? { id: resolution.id, name: resolution.name, description: '', self: `${BASE}/rest/api/3/resolution/${resolution.id}` } : null));
    put('resolutiondate', () => (issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate)));
    put('created', () => jiraDate(issue.created));
    put('updated', () => jiraDate(issue.updated));
    put('reporter', () => (issue.reporter ? this.userBean(issue.reporter) : null));
    put('assignee', () => (issue.assignee ? this.userBean(issue.assignee) : null));
    put('labels', () => issue.labels);
    put('components', () => []);
    for (const [id, value] of Object.entries(issue.custom)) put(id, () => value);
    put('comment', () => {
      const comments = issue.comments.slice(0, this.embeddedComments).map((comment) => this.commentBean(issue, comment));
      return { comments, maxResults: comments.length, total: issue.comments.length, startAt: 0 };
    });
    const bean: Record<string, unknown> = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${BASE}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields,
    };
    if (options.changelog) {
      const histories = issue.histories.slice(-options.changelog).reverse().map((history) => this.historyBean(history));
      bean.changelog = { startAt: 0, maxResults: options.changelog, total: this.changelogTotal === 'issue' ? issue.histories.length : histories.length, histories };
    }
    if (options.properties?.length) {
      const keys = options.properties.includes('*all') ? [...issue.properties.keys()] : options.properties;
      bean.properties = Object.fromEntries(keys.filter((key) => issue.properties.has(key)).map((key) => [key, issue.properties.get(key)]));
    }
    return bean;
  }

  private historyBean(history: Issue['histories'][number]) {
    return {
      id: history.id,
      author: this.userBean(history.author),
      created: jiraDate(history.created),
      // The spec types from/to as strings: a missing value is left out rather than sent as null.
      items: history.items.map((item) => withoutNulls({ fieldtype: item.fieldId ? 'custom' : 'jira', fieldId: item.field, ...item })),
    };
  }

  private commentBean(issue: Issue, comment: Issue['comments'][number]) {
    return {
      self: `${BASE}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: this.userBean(comment.author),
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: comment.text ? [{ type: 'text', text: comment.text }] : [] }] },
      created: jiraDate(comment.created),
      updated: jiraDate(comment.created),
      ...(comment.jsdPublic === undefined ? {} : { jsdPublic: comment.jsdPublic }),
    };
  }

  private statusBean(name: string) {
    const status = this.model.status(name);
    const category = JiraModel.category(status.category);
    return {
      self: `${BASE}/rest/api/3/status/${status.id}`,
      id: status.id,
      name: status.name,
      description: '',
      iconUrl: `${BASE}/images/icons/statuses/generic.png`,
      statusCategory: { ...category, self: `${BASE}/rest/api/3/statuscategory/${category.id}` },
    };
  }

  private userBean(accountId: string) {
    const user = this.model.users.get(accountId);
    return {
      self: `${BASE}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
      accountId,
      displayName: user?.displayName ?? accountId,
      active: true,
      accountType: user?.accountType ?? 'atlassian',
      ...(user?.timeZone ? { timeZone: user.timeZone } : {}),
    };
  }
}

const FAULT_MESSAGES: Record<NonNullable<Fault['status']>, string> = {
  403: 'You do not have permission to edit this issue.',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  503: 'Service temporarily unavailable',
};

function ok(body: unknown): JiraResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

function error(status: number, message: string): JiraResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: { errorMessages: [message], errors: {} } };
}

function page<T>(values: T[], startAt: number, maxResults: number) {
  const slice = values.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, total: values.length, isLast: startAt + maxResults >= values.length, values: slice };
}

/**
 * The body as the app receives it (JSON), in objects without a prototype: a field such as a
 * changelog item's `toString` must not be seen as present when it was left out.
 */
function asSent(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.assign(Object.create(null) as object, value) : value,
  );
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Partial<T>;
}

function groupId(name: string): string {
  return Buffer.from(name).toString('hex').slice(0, 32);
}

function pathValue(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), value);
}

function indexedValue(raw: unknown, type: FieldType): FieldValue {
  if (raw === undefined || raw === null) return null;
  const one = (item: unknown): string | number | null => {
    if (type.kind === 'date') {
      const instant = typeof item === 'number' ? item : Date.parse(String(item));
      return Number.isNaN(instant) ? null : instant;
    }
    if (type.kind === 'number') return typeof item === 'number' ? item : null;
    return typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : null;
  };
  if (Array.isArray(raw)) return raw.map(one).filter((item): item is string | number => item !== null);
  return one(raw);
}
