/**
 * Resolvers defined through the contract (`src/contract.ts`): each payload is parsed with its
 * schema (a wrong field is a `bad-request` naming it), and each answer is data the UI can act on,
 * `{ok: true, value}` or `{ok: false, error}` with a code and the details that code carries.
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { ForbiddenError } from '../app/admin';
import { JobRunningError } from '../app/recompute-job';
import { InvalidRequestError, NotFoundError } from '../app/statements';
import { PAYLOADS, type Answer, type AnswerError, type AnswerOf, type Module, type ResolverName } from '../contract';
import { JiraError } from '../jira/client';
import { ConfigConflictError, ConfigInvalidError, ConfigNotFoundError, ConfigNotSavedError, ConfigTooLargeError } from '../storage/config-store';

export class BadRequestError extends Error {}

/** Who calls and from where, as the platform says (never the payload). */
export interface Caller {
  readonly accountId: string | undefined;
  /** The issue key of an issue-view module. */
  readonly issueKey: string | undefined;
}

type Handlers<M extends Module> = {
  [K in ResolverName<M>]: (payload: z.output<(typeof PAYLOADS)[M][K] & z.ZodType>, caller: Caller) => Promise<AnswerOf<M, K>>;
};

interface ResolverRequest {
  payload: unknown;
  context: { accountId?: string; extension?: { issue?: { key?: string } } };
}

/**
 * The Forge handler of a module's resolvers, each typed and checked by the contract. `authorize`
 * runs first, before the payload is even read: a caller it refuses learns nothing else.
 */
export function defineResolvers<M extends Module>(module: M, handlers: Handlers<M>, authorize: (caller: Caller) => Promise<void> = async () => undefined) {
  const resolver = new Resolver();
  const schemas = PAYLOADS[module] as Record<string, z.ZodType>;
  for (const [name, handler] of Object.entries(handlers) as [string, (payload: unknown, caller: Caller) => Promise<unknown>][]) {
    resolver.define(name, ({ payload, context }: ResolverRequest) =>
      answer(async () => {
        const caller = { accountId: context.accountId, issueKey: context.extension?.issue?.key };
        await authorize(caller);
        return handler(parsePayload(schemas[name]!, payload), caller);
      }),
    );
  }
  return resolver.getDefinitions();
}

function parsePayload(schema: z.ZodType, payload: unknown): unknown {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path || '(payload)';
  throw new BadRequestError(`${field}: ${issue.code === 'unrecognized_keys' ? 'not a field of this request' : issue.message}`);
}

export async function answer<T>(work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

/** Errors answers carry at most this many problems, with the total. */
export const MAX_PROBLEMS = 100;

function describe(error: unknown): AnswerError {
  const message = (error as Error).message;
  if (error instanceof ForbiddenError) return { code: 'forbidden', message };
  if (error instanceof ConfigConflictError) return { code: 'conflict', message, details: { current: error.current } };
  if (error instanceof ConfigInvalidError) return { code: 'invalid', message, details: { errors: error.errors.slice(0, MAX_PROBLEMS), total: error.errors.length } };
  if (error instanceof ConfigTooLargeError) return { code: 'too-large', message, details: { bytes: error.bytes, limit: error.limit } };
  if (error instanceof ConfigNotFoundError) return { code: 'not-found', message };
  if (error instanceof ConfigNotSavedError) return { code: 'not-saved', message };
  if (error instanceof JobRunningError) return { code: 'job-running', message, details: { job: error.job ?? null } };
  if (error instanceof BadRequestError || error instanceof InvalidRequestError) return { code: 'bad-request', message };
  if (error instanceof NotFoundError) return { code: 'not-found', message };
  if (error instanceof JiraError) return { code: error.status === 404 ? 'not-found' : 'jira', message };
  console.error(error);
  return { code: 'internal', message: 'Something went wrong in the SLA app' };
}
