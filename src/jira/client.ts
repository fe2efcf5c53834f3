/**
 * Jira REST through `@forge/api`: `asUser()` when answering a viewer (Jira then hides what they may
 * not see), `asApp()` for triggers, sweeps and jobs. Rate limits (429) and server errors (5xx) are
 * retried, honouring `Retry-After`, with capped backoff and a bounded number of tries; every
 * response is parsed with zod (only the fields used), so an unexpected shape is a clear error.
 */
import api, { type RequestInit, type Response, type Route } from '@forge/api';
import type { z } from 'zod';
import { remainingMs } from '../platform/invocation';

/**
 * A call that could not finish inside the invocation's time limit: given up before the platform
 * stops the invocation, so that the caller can save its progress and stop cleanly.
 */
export class OutOfTimeError extends Error {
  constructor(what: string) {
    super(`No time left in this invocation for ${what}`);
    this.name = 'OutOfTimeError';
  }
}

export class JiraError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

/**
 * Jira asked the app to wait (429, or 503 "temporarily unavailable") for longer than this
 * invocation can: the caller stops cleanly and carries on later, and never answers a limit with
 * more calls (such as reading issue by issue what a page could not).
 */
export class RateLimitedError extends JiraError {
  constructor(
    status: number,
    message: string,
    /** What Jira asked for (`Retry-After`), or the backoff the client would have waited. */
    readonly retryAfterMs: number,
  ) {
    super(status, message);
    this.name = 'RateLimitedError';
  }
}

/** Whether an error means Jira asked to wait: whatever comes next must not add calls. */
export const askedToWait = (error: unknown): error is RateLimitedError => error instanceof RateLimitedError;

/** `requestJira` of `api.asUser()` or `api.asApp()`, with the client's headers added. */
export type RequestJira = (path: Route, init?: RequestInit) => Promise<Response>;

/**
 * One Jira request, written at the call site as `(requestJira) => requestJira(route\`...\`, {...})`:
 * the literal route is what `@forge/lint` reads to check the manifest's scopes.
 */
export type JiraCall = (requestJira: RequestJira) => Promise<Response>;

export interface RetryPolicy {
  readonly tries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller's time limit would pass first. */
  readonly maxRetryAfterMs: number;
}

/** A viewer waits at most 10 s for Jira's `Retry-After`; background work waits whatever fits its invocation. */
export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 };
const BACKGROUND_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxRetryAfterMs: Number.POSITIVE_INFINITY };

/** Time kept back from a call and from a retry wait, for the caller to save its progress and answer. */
const RESERVE_MS = 3_000;
/** Longer than any invocation may run: a bound for the timer of a call that has no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const RETRIED = new Set([429, 500, 502, 503, 504]);
/** Statuses by which Jira asks to slow down (Atlassian's rate limiting answers 429, and 503 when overloaded). */
const WAIT = new Set([429, 503]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class JiraClient {
  constructor(
    private readonly requestJira: RequestJira,
    readonly as: 'user' | 'app',
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Milliseconds left in the invocation: a retry wait that would not fit is not made. */
    private readonly timeLeft: () => number = remainingMs,
  ) {}

  static asUser(): JiraClient {
    return new JiraClient((path, init) => api.asUser().requestJira(path, init), 'user');
  }

  static asApp(): JiraClient {
    return new JiraClient((path, init) => api.asApp().requestJira(path, init), 'app', BACKGROUND_RETRY);
  }

  /** Sends the call and parses its JSON answer with `schema`. */
  async json<T>(call: JiraCall, schema: z.ZodType<T>): Promise<T> {
    const { response, what } = await this.send(call);
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new JiraError(response.status, `Jira's answer to ${what.replace(/^\S+ /, '')} is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new JiraError(response.status, `Jira's answer to ${what.replace(/^\S+ /, '')} has an unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return parsed.data;
  }

  /**
   * Sends the call, for requests whose answer has no body worth reading. `accept` lists statuses
   * that are answers, not failures (`303` of an asynchronous operation).
   */
  async send(call: JiraCall, accept: readonly number[] = []): Promise<{ response: Response; what: string }> {
    let what = '';
    const requestJira: RequestJira = (path, init = {}) => {
      what = `${init.method ?? 'GET'} ${path.value.split('?')[0]!}`;
      const headers = { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) };
      return this.requestJira(path, { ...init, headers });
    };
    for (let attempt = 1; ; attempt++) {
      const response = await this.withinTime(call(requestJira), () => what);
      if (response.ok || accept.includes(response.status)) return { response, what };
      const text = await response.text().catch(() => '');
      const retryAfter = Number(response.headers.get('retry-after'));
      const delay = Number.isFinite(retryAfter) && response.headers.has('retry-after') ? retryAfter * 1000 : this.backoff(attempt);
      if (!RETRIED.has(response.status) || attempt >= this.retry.tries) {
        const tries = RETRIED.has(response.status) ? ` after ${attempt} tries` : '';
        const message = `Jira answered ${response.status} to ${what}${tries}${reason(text)}`;
        throw WAIT.has(response.status) ? new RateLimitedError(response.status, message, delay) : new JiraError(response.status, message);
      }
      if (delay > this.retry.maxRetryAfterMs || delay > this.timeLeft() - RESERVE_MS) {
        const message = `Jira answered ${response.status} to ${what} and asked to wait ${delay / 1000}s, longer than this invocation has left`;
        throw WAIT.has(response.status) ? new RateLimitedError(response.status, message, delay) : new JiraError(response.status, message);
      }
      await sleep(delay);
    }
  }

  /** The call's answer, or {@link OutOfTimeError} when it would come too late for the invocation. */
  private async withinTime<T>(pending: Promise<T>, what: () => string): Promise<T> {
    const left = this.timeLeft() - RESERVE_MS;
    if (left <= 0) throw new OutOfTimeError(what());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OutOfTimeError(what())), Math.min(left, MAX_TIMER_MS));
    });
    try {
      return await Promise.race([pending, limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  private backoff(attempt: number): number {
    const capped = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return capped / 2 + Math.random() * (capped / 2);
  }
}

function reason(text: string): string {
  try {
    const body = JSON.parse(text) as { errorMessages?: string[]; message?: string };
    const message = body.errorMessages?.join('; ') || body.message;
    return message ? `: ${message}` : '';
  } catch {
    return '';
  }
}
