/**
 * The config document in Forge KVS, versioned. Each accepted save is a new immutable record
 * `config:v:<version>` written with FAIL_IF_EXISTS, so of two saves based on the same version
 * exactly one wins and the other gets a conflict, with nothing overwritten. The records are the
 * audit history (who, when, what changed). `config:head` holds a copy of the newest record, so
 * every event and panel render reads the active config in one storage read; a save that stopped
 * between its two writes is rolled forward by the next save that runs into it.
 */
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import type { ServiceFields } from '../jira/site';
import { CONFIG_SCHEMA_VERSION, describeConfigChange, escalationRuleKey, isV1, migrateV1, validateConfig, type Config, type ConfigError, type ConfigV1 } from '../domain';
import type { ConfigVersion as ConfigVersionView } from '../contract/admin';

const HEAD = 'config:head';
const versionKey = (version: number) => `config:v:${String(version).padStart(10, '0')}`;

/** Forge KVS refuses values over 240 KiB; a version record must fit with room for its envelope. */
export const MAX_CONFIG_BYTES = 230 * 1024;
/** The audit lines kept per version; a larger change says how many more there were. */
export const MAX_CHANGE_LINES = 200;

/** A stored version: what the admin page sees, and what the server keeps beside it. */
export interface ConfigVersion extends ConfigVersionView {
  /** Where the site keeps Jira Service Management's fields, looked up at the save when the config needs them. */
  readonly serviceFields?: ServiceFields;
  /**
   * When each escalation rule (`policy:rule`) first appeared in a saved version: a rule fires only
   * for points reached since, unless it says `applyToPast`. Carried from version to version.
   */
  readonly escalationsSince?: Readonly<Record<string, number>>;
}

/** The first appearance of each escalation rule of `config`, carried over from the version before. */
function escalationsSince(config: Config, before: ConfigVersion, savedAt: number): Record<string, number> {
  const since: Record<string, number> = {};
  for (const policy of config.policies) {
    for (const rule of policy.escalations ?? []) {
      const key = escalationRuleKey(policy.id, rule.id);
      since[key] = before.escalationsSince?.[key] ?? savedAt;
    }
  }
  return since;
}

/** Looks up what the site must tell about itself for `config`, at the save (`undefined`: nothing). */
export type SiteLookup = (config: Config) => Promise<ServiceFields | undefined>;

/**
 * A stored version in the current form: versions saved before `schemaVersion` 2 are migrated on
 * read (they stay stored as they were, so history is never rewritten).
 */
function inCurrentForm(stored: ConfigVersion): ConfigVersion {
  if (!isV1(stored.config)) return stored;
  return { ...stored, config: migrateV1(stored.config as unknown as ConfigV1), migratedFrom: 1 };
}

/** The config before anything was saved: no calendars, no policies, so no issue has an SLA. */
export const EMPTY_CONFIG: Config = {
  schemaVersion: CONFIG_SCHEMA_VERSION,
  calendars: [],
  tiers: [
    { id: 'vip', name: 'VIP' },
    { id: 'standard', name: 'Standard' },
  ],
  policies: [],
};
const EMPTY_VERSION: ConfigVersion = { version: 0, config: EMPTY_CONFIG, savedBy: null, savedAt: new Date(0).toISOString(), changes: [] };

export class ConfigConflictError extends Error {
  constructor(readonly current: ConfigVersion) {
    super(`The config was changed (now version ${current.version}) since the version this save was based on`);
    this.name = 'ConfigConflictError';
  }
}

export class ConfigInvalidError extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    const shown = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
    super(`The config is invalid: ${shown.join('; ')}${errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : ''}`);
    this.name = 'ConfigInvalidError';
  }
}

export class ConfigTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`The config takes ${bytes} bytes stored, more than the ${limit} bytes a version may take`);
    this.name = 'ConfigTooLargeError';
  }
}

/**
 * A save whose version could not be made the one in force: the message says what is stored. A
 * version written but not in force is never made so later: the next save replaces it.
 */
export class ConfigNotSavedError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ConfigNotSavedError';
  }
}

/** A version record above the one in force older than this was left by a save that failed: the next save replaces it. */
export const ORPHAN_AFTER_MS = 60_000;

export class ConfigNotFoundError extends Error {
  constructor(version: number) {
    super(`There is no config version ${version}`);
    this.name = 'ConfigNotFoundError';
  }
}

/** The newest version, in one storage read; version 0 (the empty config) before the first save. */
export async function currentConfig(): Promise<ConfigVersion> {
  const head = await kvs.get<ConfigVersion>(HEAD);
  return head ? inCurrentForm(head) : EMPTY_VERSION;
}

/**
 * Saves `input` as the version after `baseVersion`.
 *
 * @throws ConfigInvalidError, ConfigTooLargeError (nothing written) or ConfigConflictError (nothing overwritten).
 */
export async function saveConfig(input: unknown, baseVersion: number, savedBy: string, options: { restoredFrom?: number; lookup?: SiteLookup } = {}): Promise<ConfigVersion> {
  const { restoredFrom, lookup } = options;
  const result = validateConfig(input);
  if (!result.ok) throw new ConfigInvalidError(result.errors);
  const current = await currentConfig();
  if (current.version !== baseVersion) throw new ConfigConflictError(current);
  const serviceFields = await lookup?.(result.config);
  const savedAt = Date.now();
  const since = escalationsSince(result.config, current, savedAt);
  const record: ConfigVersion = {
    version: baseVersion + 1,
    config: result.config,
    savedBy,
    savedAt: new Date(savedAt).toISOString(),
    changes: capped(describeConfigChange(current.config, result.config)),
    ...(restoredFrom === undefined ? {} : { restoredFrom }),
    ...(serviceFields ? { serviceFields } : {}),
    ...(Object.keys(since).length ? { escalationsSince: since } : {}),
  };
  const bytes = Buffer.byteLength(JSON.stringify(record));
  if (bytes > MAX_CONFIG_BYTES) throw new ConfigTooLargeError(bytes, MAX_CONFIG_BYTES);
  await writeVersion(record, current);
  try {
    await kvs.set(HEAD, record);
  } catch (error) {
    throw await undoVersion(record.version, error);
  }
  return record;
}

/**
 * Writes the version record unless one exists: one left by a failed save (older than
 * {@link ORPHAN_AFTER_MS}, never in force) is replaced; a newer one is another admin's save under way.
 */
async function writeVersion(record: ConfigVersion, current: ConfigVersion): Promise<void> {
  try {
    await kvs.set(versionKey(record.version), record, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if ((error as ForgeKvsAPIError).code !== 'KEY_CONFLICT') throw error;
    const head = await currentConfig();
    if (head.version !== current.version) throw new ConfigConflictError(head);
    const orphan = await kvs.get<ConfigVersion>(versionKey(record.version));
    if (orphan && Date.parse(record.savedAt) - Date.parse(orphan.savedAt) < ORPHAN_AFTER_MS) throw new ConfigConflictError(head);
    await kvs.set(versionKey(record.version), record);
  }
}

/** The version could not be put in force: it is removed, so nothing is left that the admin was not told of. */
async function undoVersion(version: number, cause: unknown): Promise<ConfigNotSavedError> {
  const reason = (cause as Error).message;
  try {
    await kvs.delete(versionKey(version));
    return new ConfigNotSavedError(`Not saved: storage failed while putting version ${version} in force (${reason}). Nothing was changed; save again.`, { cause });
  } catch {
    return new ConfigNotSavedError(`Version ${version} was stored but is not in force: storage failed (${reason}). The version in force is unchanged; saving again replaces version ${version}.`, { cause });
  }
}

function capped(lines: string[]): string[] {
  return lines.length <= MAX_CHANGE_LINES ? lines : [...lines.slice(0, MAX_CHANGE_LINES), `… and ${lines.length - MAX_CHANGE_LINES} more changes`];
}

/** Versions newest first, `limit` at a time, starting below `before` (the newest when absent). */
export async function configHistory(options: { before?: number; limit?: number } = {}): Promise<ConfigVersion[]> {
  const newest = options.before === undefined ? (await currentConfig()).version : options.before - 1;
  const limit = Math.min(options.limit ?? 20, 25);
  const versions = Array.from({ length: Math.max(0, Math.min(limit, newest)) }, (_, i) => newest - i);
  if (!versions.length) return [];
  const found = await kvs.batchGet<ConfigVersion>(versions.map((version) => ({ key: versionKey(version) })));
  return found.successfulKeys.map((item) => inCurrentForm(item.value)).sort((a, b) => b.version - a.version);
}

export async function configVersion(version: number): Promise<ConfigVersion | undefined> {
  const stored = await kvs.get<ConfigVersion>(versionKey(version));
  return stored && inCurrentForm(stored);
}

/** Makes an earlier version current again, as a new version that says where it came from. */
export async function restoreConfig(version: number, baseVersion: number, savedBy: string, lookup?: SiteLookup): Promise<ConfigVersion> {
  const old = await configVersion(version);
  if (!old) throw new ConfigNotFoundError(version);
  return saveConfig(old.config, baseVersion, savedBy, { restoredFrom: version, ...(lookup ? { lookup } : {}) });
}
