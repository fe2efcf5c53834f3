/**
 * Resolver answers as data the UI can act on: `{ok: true, value}` or `{ok: false, error}` with a
 * code (forbidden, conflict, invalid, job-running, not-found, bad-request, jira, internal), so a
 * conflict can show the current version and an invalid config its paths.
 */
import { ForbiddenError } from '../app/admin';
import { JobRunningError } from '../app/recompute-job';
import { JiraError } from '../jira/client';
import { ConfigConflictError, ConfigInvalidError } from '../storage/config-store';

export type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export class BadRequestError extends Error {}

export async function answer<T>(work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

function describe(error: unknown): { code: string; message: string; details?: unknown } {
  const message = (error as Error).message;
  if (error instanceof ForbiddenError) return { code: 'forbidden', message };
  if (error instanceof ConfigConflictError) return { code: 'conflict', message, details: { current: error.current } };
  if (error instanceof ConfigInvalidError) return { code: 'invalid', message, details: { errors: error.errors } };
  if (error instanceof JobRunningError) return { code: 'job-running', message, details: { job: error.job } };
  if (error instanceof BadRequestError) return { code: 'bad-request', message };
  if (error instanceof JiraError) return { code: error.status === 404 ? 'not-found' : 'jira', message };
  console.error(error);
  return { code: 'internal', message: 'Something went wrong in the SLA app' };
}

type Kind = { string: string; number: number; object: object };

/** Reads a payload field the UI must send, refusing anything of the wrong type. */
export function field<K extends keyof Kind>(payload: unknown, name: string, kind: K): Kind[K] {
  const value = optionalField(payload, name, kind);
  if (value === undefined) throw new BadRequestError(`${name} is required`);
  return value;
}

export function optionalField<K extends keyof Kind>(payload: unknown, name: string, kind: K): Kind[K] | undefined {
  const value = (payload as Record<string, unknown> | null | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== kind || value === null) throw new BadRequestError(`${name} must be a ${kind}`);
  return value as Kind[K];
}
