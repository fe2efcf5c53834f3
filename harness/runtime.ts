/**
 * A local Forge host. It installs the seams the Forge SDKs talk through (`__forge_fetch__`,
 * `__forge_runtime__`), answers Jira calls from the stand-in and KVS calls from the local store,
 * and runs the app's unchanged handlers as the manifest wires them: resolvers with an invocation
 * context, product-event triggers (honouring `ignoreSelf`), scheduled triggers, and queue consumers
 * with retries. Each invocation carries its principal, so `asUser()` calls are made as that user.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JiraStandIn } from './jira/api';
import type { ProductEvent } from './jira/model';
import type { LocalKvs } from './kvs-store';

type Handler = (...args: unknown[]) => unknown;
export type AppModule = Record<string, unknown>;

interface Manifest {
  modules: Record<string, { key: string; [field: string]: unknown }[]>;
}

interface Invocation {
  forge: LocalForge;
  id: string;
  accountId: string | null;
  moduleKey: string;
  jiraCalls: number;
  kvsCalls: number;
  /** World time at which the platform stops the invocation. */
  deadline: number;
  /** The invocation that started the chain of queue pushes this one belongs to. */
  origin: string;
  /** Jira calls of this invocation under way, and those waiting for one of them to end. */
  inFlight: number;
  waiting: (() => void)[];
  peakInFlight: number;
}

interface Work {
  kind: 'trigger' | 'consumer';
  run: () => Promise<unknown>;
  describe: string;
  attempts: number;
}

/** One store for every local installation in the process: the seams dispatch on the invocation. */
const current = new AsyncLocalStorage<Invocation>();

/** Forge's limits, as documented: resolvers 25 s, other functions 55 s unless `timeoutSeconds` says more. */
const RESOLVER_TIMEOUT_MS = 25_000;
const DEFAULT_TIMEOUT_MS = 55_000;
/** Jira calls one invocation has under way at once unless the host is told otherwise. */
const DEFAULT_JIRA_CONCURRENCY = 10;
/** Async events: pushes per originating invocation, its whole chain of consumers included. */
export const MAX_PUSHES_PER_ORIGIN = 1000;

export interface InvocationRecord {
  moduleKey: string;
  accountId: string | null;
  jiraCalls: number;
  kvsCalls: number;
  /** The most Jira calls it had under way at once (never more than the host's `jiraConcurrency`). */
  peakJiraInFlight: number;
  /** World milliseconds it took. */
  durationMs: number;
  result?: unknown;
  error?: string;
}

const MAX_CONSUMER_TRIES = 4;

export class LocalForge {
  /** The installation that answers calls made outside any invocation (a test's own setup). */
  private static fallback: LocalForge | undefined;
  readonly invocations: InvocationRecord[] = [];
  /** Queue events whose consumer failed every try. */
  readonly deadLetters: { describe: string; error: string }[] = [];
  private readonly manifest: Manifest;
  private readonly work: Work[] = [];
  private readonly pushesByOrigin = new Map<string, number>();
  private draining: Promise<void> | undefined;
  private appModule: AppModule | undefined;

  constructor(
    private readonly options: {
      manifestPath: string;
      loadApp: () => AppModule;
      jira: JiraStandIn;
      kvs: LocalKvs;
      /** The app's own account: events it causes are not delivered where `ignoreSelf` is set. */
      appAccountId?: string;
      /** Deliver events and queue work as they come (the preview) instead of on `settle()` (tests). */
      autoRun?: boolean;
      /** The installation's id: each local site is one installation of the app. */
      installationId?: string;
      /**
       * Jira calls one invocation has under way at once at most (default 10); more wait their turn
       * in world time, so a burst of calls costs what it would over a bounded number of connections.
       */
      jiraConcurrency?: number;
    },
  ) {
    this.manifest = parse(readFileSync(options.manifestPath, 'utf8')) as Manifest;
    options.jira.indexProperties(
      (this.manifest.modules['jira:entityProperty'] ?? []).flatMap((module) =>
        (module.values as { path: string; type: 'string'; searchAlias?: string }[]).map((value) => ({ ...value, propertyKey: String(module.propertyKey) })),
      ),
    );
    options.jira.model.onEvent((event) => this.onProductEvent(event));
  }

  get appAccountId(): string {
    return this.options.appAccountId ?? 'app:sla-for-jira';
  }

  get installationId(): string {
    return this.options.installationId ?? 'local-installation';
  }

  /**
   * Installs the SDK seams on the global object. Several local installations may share a process
   * (as a warm Forge instance serves several sites): each call is answered by the installation
   * whose invocation makes it.
   */
  install(): this {
    LocalForge.fallback = this;
    const g = globalThis as Record<string, unknown>;
    if (g.__forge_fetch__ && (g.__forge_runtime__ as { local?: boolean } | undefined)?.local) return this;
    const invocation = () => current.getStore();
    g.__forge_runtime__ = {
      local: true,
      proxy: { token: 'local', url: 'http://localhost' },
      get appContext() {
        const now = invocation();
        return {
          appId: 'local-app',
          appVersion: '1.0.0',
          environmentId: 'local',
          environmentType: 'DEVELOPMENT',
          invocationId: now?.id ?? 'local',
          installationId: (now?.forge ?? LocalForge.fallback)?.installationId ?? 'local-installation',
          moduleKey: now?.moduleKey ?? 'local',
        };
      },
      lambdaContext: { getRemainingTimeInMillis: () => (invocation() ? invocation()!.deadline - Date.now() : RESOLVER_TIMEOUT_MS) },
      tracing: { traceId: 'local', spanId: 'local' },
      metrics: { counter: () => ({ incr: () => undefined }), timing: () => ({ measure: () => ({ stop: () => undefined }) }) },
    };
    g.__forge_fetch__ = (target: Record<string, unknown>, path: string, init?: { method?: string; body?: string }) =>
      (invocation()?.forge ?? LocalForge.fallback!).fetch(target, path, init);
    return this;
  }

  /** Calls a resolver of a UI module (`jira:issuePanel`, ...) as Custom UI's `invoke()` would. */
  async invoke(moduleKey: string, functionKey: string, payload: unknown, as: { accountId: string; extension?: Record<string, unknown> }): Promise<unknown> {
    const module = this.module(moduleKey);
    const functionRef = (module.resolver as { function: string } | undefined)?.function;
    if (!functionRef) throw new Error(`Module ${moduleKey} has no resolver`);
    const context = { localId: moduleKey, moduleKey, cloudId: 'local-cloud', environmentType: 'DEVELOPMENT', extension: { type: this.moduleType(moduleKey), ...as.extension } };
    return this.run(moduleKey, functionRef, as.accountId, () =>
      this.handler(functionRef)({ call: { functionKey, payload }, context }, { principal: { accountId: as.accountId }, installContext: this.installContext }),
    );
  }

  private get installContext() {
    return `ari:cloud:jira::site/${this.installationId}`;
  }

  /** Runs a scheduled trigger now (the platform would every `interval`). */
  async runScheduled(moduleKey: string): Promise<unknown> {
    const module = this.module(moduleKey);
    return this.run(moduleKey, String(module.function), null, () => this.handler(String(module.function))({ context: { cloudId: 'local-cloud', moduleKey } }));
  }

  /** Delivers a product event to the triggers subscribed to it, now (tests replay, duplicate and reorder events with this). */
  async deliver(event: ProductEvent): Promise<unknown[]> {
    const results: unknown[] = [];
    for (const trigger of this.triggersFor(event)) {
      results.push(await this.run(trigger.key, String(trigger.function), null, () => this.handler(String(trigger.function))(event, { installContext: this.installContext })));
    }
    return results;
  }

  /** Runs pending trigger deliveries and queue events until none are left. */
  /** Runs the next `count` pending deliveries or queue events (tests that stop a job half-way use it). */
  async step(count = 1): Promise<void> {
    for (let i = 0; i < count && this.work.length; i++) await this.runItem(this.work.shift()!);
  }

  private async runItem(item: Work): Promise<void> {
    try {
      await item.run();
    } catch (error) {
      item.attempts += 1;
      if (item.kind === 'consumer' && item.attempts < MAX_CONSUMER_TRIES) this.work.push(item);
      else this.deadLetters.push({ describe: item.describe, error: (error as Error).message });
    }
  }

  /**
   * Runs pending trigger deliveries and queue events until none are left; `concurrency` of them at
   * once, as the platform runs a queue's events side by side (one at a time by default: tests
   * that want an order get it).
   */
  async settle(limit = 10_000, concurrency = 1): Promise<void> {
    let done = 0;
    let running = 0;
    const worker = async () => {
      for (;;) {
        const item = this.work.shift();
        if (!item) {
          // Idle while others still run: what they push is picked up here too.
          if (!running) return;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        if (++done > limit) throw new Error(`settle(): still busy after ${limit} deliveries`);
        running += 1;
        try {
          await this.runItem(item);
        } finally {
          running -= 1;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  private schedule(item: Omit<Work, 'attempts'>) {
    this.work.push({ ...item, attempts: 0 });
    if (this.options.autoRun && !this.draining) {
      this.draining = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.settle())
        .catch((error: unknown) => console.error('local Forge:', error))
        .finally(() => (this.draining = undefined));
    }
  }

  private onProductEvent(event: ProductEvent) {
    if (!this.triggersFor(event).length) return;
    this.schedule({ kind: 'trigger', describe: `${event.eventType} ${event.issue.key}`, run: () => this.deliver(event) });
  }

  private triggersFor(event: ProductEvent) {
    return (this.manifest.modules.trigger ?? []).filter((trigger) => {
      const events = trigger.events as string[];
      const ignoreSelf = (trigger.filter as { ignoreSelf?: boolean } | undefined)?.ignoreSelf;
      return events.includes(event.eventType) && !(ignoreSelf && event.atlassianId === this.appAccountId);
    });
  }

  /**
   * Runs one invocation of a function with its context, counting its calls, and stops it as the
   * platform would when it runs past its time limit (in world time).
   */
  private async run<T>(moduleKey: string, functionKey: string, accountId: string | null, work: () => T | Promise<T>, origin?: string): Promise<T> {
    const started = Date.now();
    const id = randomUUID();
    const invocation: Invocation = { forge: this, id, accountId, moduleKey, jiraCalls: 0, kvsCalls: 0, deadline: started + this.timeoutMs(moduleKey, functionKey), origin: origin ?? id, inFlight: 0, waiting: [], peakInFlight: 0 };
    const record: InvocationRecord = { moduleKey, accountId, jiraCalls: 0, kvsCalls: 0, peakJiraInFlight: 0, durationMs: 0 };
    this.invocations.push(record);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Forge stopped ${moduleKey} after its ${(invocation.deadline - started) / 1000} s time limit`)), invocation.deadline - started);
      });
      const result = await Promise.race([current.run(invocation, work), limit]);
      record.result = result;
      return result;
    } catch (error) {
      record.error = (error as Error).message;
      throw error;
    } finally {
      clearTimeout(timer);
      record.jiraCalls = invocation.jiraCalls;
      record.kvsCalls = invocation.kvsCalls;
      record.peakJiraInFlight = invocation.peakInFlight;
      record.durationMs = Date.now() - started;
    }
  }

  /** Takes one of the invocation's `jiraConcurrency` places for a Jira call, waiting for one to be handed over when all are taken. */
  private async turnFor(invocation: Invocation): Promise<void> {
    if (invocation.inFlight >= (this.options.jiraConcurrency ?? DEFAULT_JIRA_CONCURRENCY)) await new Promise<void>((resolve) => invocation.waiting.push(resolve));
    else invocation.inFlight += 1;
    invocation.peakInFlight = Math.max(invocation.peakInFlight, invocation.inFlight);
  }

  /** Hands the place over to the next waiting call, or frees it. */
  private endTurn(invocation: Invocation): void {
    const next = invocation.waiting.shift();
    if (next) next();
    else invocation.inFlight -= 1;
  }

  private timeoutMs(moduleKey: string, functionKey: string): number {
    if (this.module(moduleKey).resolver && !this.manifest.modules.consumer?.some((consumer) => consumer.key === moduleKey)) return RESOLVER_TIMEOUT_MS;
    const fn = (this.manifest.modules.function ?? []).find((candidate) => candidate.key === functionKey);
    return typeof fn?.timeoutSeconds === 'number' ? fn.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
  }

  private async fetch(target: Record<string, unknown>, path: string, init?: { method?: string; body?: string }): Promise<Response> {
    const invocation = current.getStore();
    const body = init?.body ? (JSON.parse(init.body) as unknown) : undefined;
    if (target.type === 'kvs') {
      if (invocation) invocation.kvsCalls += 1;
      const answer = this.options.kvs.handle(path, body as Record<string, unknown>);
      if (this.options.kvs.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.kvs.latencyMs));
      return respond(answer.status, answer.body);
    }
    if (target.type === 'fpp' && target.remote === 'jira') {
      if (invocation) invocation.jiraCalls += 1;
      const accountId = target.provider === 'app' ? null : ((target.accountId as string | undefined) ?? invocation?.accountId ?? null);
      if (target.provider !== 'app' && accountId === null) return respond(401, { errorMessages: ['asUser() outside a user invocation'] });
      if (invocation) await this.turnFor(invocation);
      try {
        const answer = await this.options.jira.handle({ method: init?.method ?? 'GET', path, body, accountId });
        return respond(answer.status, answer.body, answer.headers);
      } finally {
        if (invocation) this.endTurn(invocation);
      }
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const push = body as { queueName: string; jobId: string; payload: { body: Record<string, unknown> }[] };
      const origin = invocation?.origin ?? 'outside';
      const pushed = (this.pushesByOrigin.get(origin) ?? 0) + 1;
      if (pushed > MAX_PUSHES_PER_ORIGIN) return respond(405, { message: `More than ${MAX_PUSHES_PER_ORIGIN} pushes from one originating invocation` });
      this.pushesByOrigin.set(origin, pushed);
      for (const event of push.payload) this.enqueue(push.queueName, push.jobId, event.body, origin);
      return respond(201, {});
    }
    return respond(404, { message: `The local Forge host does not answer ${String(target.type)} ${String(target.remote)} ${path}` });
  }

  private enqueue(queueName: string, jobId: string, body: Record<string, unknown>, origin: string) {
    const consumer = (this.manifest.modules.consumer ?? []).find((module) => module.queue === queueName);
    if (!consumer) throw new Error(`No consumer for queue ${queueName}`);
    const { function: functionRef, method } = consumer.resolver as { function: string; method: string };
    const eventId = randomUUID();
    let retryCount = 0;
    this.schedule({
      kind: 'consumer',
      describe: `${queueName} ${JSON.stringify(body)}`,
      run: () =>
        this.run(
          consumer.key,
          functionRef,
          null,
          () =>
            this.handler(functionRef)(
              { call: { functionKey: method, payload: body, jobId }, context: { queueName, jobId, eventId, ...(retryCount ? { retryContext: { retryCount, retryReason: 'FUNCTION_ERROR' } } : {}) } },
              { installContext: this.installContext },
            ),
          origin,
        ).catch((error: unknown) => {
          retryCount += 1;
          throw error;
        }),
    });
  }

  private module(key: string) {
    for (const modules of Object.values(this.manifest.modules)) {
      const found = modules.find((module) => module.key === key);
      if (found) return found;
    }
    throw new Error(`No module ${key} in the manifest`);
  }

  private moduleType(key: string): string {
    return Object.entries(this.manifest.modules).find(([, modules]) => modules.some((module) => module.key === key))?.[0] ?? 'unknown';
  }

  private handler(functionKey: string): Handler {
    const fn = (this.manifest.modules.function ?? []).find((candidate) => candidate.key === functionKey);
    if (!fn) throw new Error(`No function ${functionKey} in the manifest`);
    const [file, exported] = String(fn.handler).split('.');
    if (file !== 'index') throw new Error(`Handlers live in src/index.ts; ${String(fn.handler)} does not`);
    this.appModule ??= this.options.loadApp();
    const handler = this.appModule[exported!];
    if (typeof handler !== 'function') throw new Error(`src/index.ts exports no function ${exported}`);
    return handler as Handler;
  }
}

function respond(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined || status === 204 ? null : JSON.stringify(body);
  return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
}
