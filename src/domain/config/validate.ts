/**
 * Reading a config document: refuses names that reach a prototype and documents nested past any
 * real one, validates the current form with its schema, and validates and migrates the first form,
 * every error naming a JSON path and a reason.
 */
import { z } from 'zod';
import { ConfigSchema, type Config } from './schema';
import { ConfigV1Schema, isV1, migrateV1, v1Path } from './v1';
import { formatPath, type ConfigError } from './paths';

/** `migratedFrom`: the document was written in that earlier form and is returned in the current one. */
export type ConfigResult = { ok: true; config: Config; migratedFrom?: number } | { ok: false; errors: ConfigError[] };

/** Keys that would reach an object's prototype when a document is turned into objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any config document goes; deeper input is refused before it is walked further. */
const MAX_DEPTH = 16;

/** Every forbidden key in `value`, with its path; and a too-deep document as one problem. */
function unsafeKeys(value: unknown, path: PropertyKey[] = [], found: ConfigError[] = []): ConfigError[] {
  if (!value || typeof value !== 'object' || found.length >= 100) return found;
  if (path.length > MAX_DEPTH) {
    found.push({ path: formatPath(path), message: `is nested deeper than ${MAX_DEPTH} levels` });
    return found;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) found.push({ path: formatPath([...path, key]), message: `"${key}" is not allowed as a name` });
    else unsafeKeys((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key], found);
  }
  return found;
}

/**
 * Validates a parsed JSON value as a config document. A document in the first form (no
 * `schemaVersion`) is validated as such, with its own paths in errors, and migrated.
 */
export function validateConfig(input: unknown): ConfigResult {
  const unsafe = unsafeKeys(input);
  if (unsafe.length) return { ok: false, errors: unsafe };
  if (isV1(input)) {
    const v1 = ConfigV1Schema.safeParse(input);
    if (!v1.success) return { ok: false, errors: errorsOf(v1.error.issues) };
    const migrated = validateCurrent(migrateV1(v1.data));
    return migrated.ok ? { ...migrated, migratedFrom: 1 } : { ok: false, errors: migrated.errors.map((error) => ({ ...error, path: v1Path(error.path) })) };
  }
  return validateCurrent(input);
}

function validateCurrent(input: unknown): ConfigResult {
  const result = ConfigSchema.safeParse(input);
  return result.success ? { ok: true, config: result.data } : { ok: false, errors: errorsOf(result.error.issues) };
}

const errorsOf = (issues: readonly z.core.$ZodIssue[]): ConfigError[] => issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));

