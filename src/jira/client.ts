/**
 * Jira REST through `@forge/api`: `asUser()` when answering a viewer (Jira then hides what they may
 * not see), `asApp()` for triggers, sweeps and jobs. Rate limits (429) and server errors (5xx) are
 * retried, honouring `Retry-After`, with capped backoff and a bounded number of tries; every
 * response is parsed with zod (only the fields used), so an unexpected shape is a clear error.
 */
import api, { type RequestInit, type Response, type Route } from '@forge/api';
import type { z } from 'zod';

export class JiraError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

type Request = (path: Route, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  readonly tries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller's time limit would pass first. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 };

const RETRIED = new Set([429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class JiraClient {
  constructor(
    private readonly request: Request,
    readonly as: 'user' | 'app',
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  static asUser(): JiraClient {
    return new JiraClient((path, init) => api.asUser().requestJira(path, init), 'user');
  }

  static asApp(): JiraClient {
    return new JiraClient((path, init) => api.asApp().requestJira(path, init), 'app');
  }

  async get<T>(path: Route, schema: z.ZodType<T>): Promise<T> {
    return this.parse(path, await this.send(path, { method: 'GET', headers: { Accept: 'application/json' } }), schema);
  }

  async post<T>(path: Route, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const init = { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    return this.parse(path, await this.send(path, init), schema);
  }

  async put(path: Route, body: unknown): Promise<void> {
    await this.send(path, { method: 'PUT', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** Sends with retries; returns a 2xx response or throws a {@link JiraError} that says what failed. */
  private async send(path: Route, init: RequestInit): Promise<Response> {
    const what = `${init.method} ${path.value.split('?')[0]}`;
    for (let attempt = 1; ; attempt++) {
      const response = await this.request(path, init);
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      if (!RETRIED.has(response.status) || attempt >= this.retry.tries) {
        const tries = RETRIED.has(response.status) ? ` after ${attempt} tries` : '';
        throw new JiraError(response.status, `Jira answered ${response.status} to ${what}${tries}${reason(text)}`);
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      const delay = Number.isFinite(retryAfter) && response.headers.has('retry-after') ? retryAfter * 1000 : this.backoff(attempt);
      if (delay > this.retry.maxRetryAfterMs) {
        throw new JiraError(response.status, `Jira answered ${response.status} to ${what} and asked to wait ${delay / 1000}s, longer than this call may take`);
      }
      await sleep(delay);
    }
  }

  private backoff(attempt: number): number {
    const capped = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return capped / 2 + Math.random() * (capped / 2);
  }

  private async parse<T>(path: Route, response: Response, schema: z.ZodType<T>): Promise<T> {
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new JiraError(response.status, `Jira's answer to ${path.value.split('?')[0]} is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new JiraError(response.status, `Jira's answer to ${path.value.split('?')[0]} has an unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return parsed.data;
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
