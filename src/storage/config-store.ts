/**
 * The config document in Forge KVS, versioned. Each accepted save is a new immutable record
 * `config:v:<version>` written with FAIL_IF_EXISTS, so of two saves based on the same version
 * exactly one wins and the other gets a conflict, with nothing overwritten. The records are the
 * audit history (who, when, what changed); `config:head` points at the newest and is rolled forward
 * on read if a save stopped between its two writes.
 */
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import { describeConfigChange, validateConfig, type Config, type ConfigError } from '../domain';

const HEAD = 'config:head';
const versionKey = (version: number) => `config:v:${String(version).padStart(10, '0')}`;

export interface ConfigVersion {
  readonly version: number;
  readonly config: Config;
  readonly savedBy: string | null;
  readonly savedAt: string;
  /** Readable lines: what this version changed from the one before. */
  readonly changes: readonly string[];
  readonly restoredFrom?: number;
}

/** The config before anything was saved: no calendars, no policies, so no issue has an SLA. */
export const EMPTY_CONFIG: Config = { calendars: [], vip: { groups: [], accountIds: [] }, policies: [] };

export class ConfigConflictError extends Error {
  constructor(readonly current: ConfigVersion) {
    super(`The config was changed (now version ${current.version}) since the version this save was based on`);
    this.name = 'ConfigConflictError';
  }
}

export class ConfigInvalidError extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(`The config is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'ConfigInvalidError';
  }
}

/** The newest version; version 0 (the empty config) before the first save. */
export async function currentConfig(): Promise<ConfigVersion> {
  const head = (await kvs.get<{ version: number }>(HEAD))?.version ?? 0;
  let current = head ? await kvs.get<ConfigVersion>(versionKey(head)) : undefined;
  // A save that wrote its version but not the head: roll forward.
  for (let next = await kvs.get<ConfigVersion>(versionKey(head + 1)); next; next = await kvs.get<ConfigVersion>(versionKey(next.version + 1))) {
    current = next;
  }
  if (current && current.version !== head) await kvs.set(HEAD, { version: current.version });
  return current ?? { version: 0, config: EMPTY_CONFIG, savedBy: null, savedAt: new Date(0).toISOString(), changes: [] };
}

/**
 * Saves `input` as the version after `baseVersion`.
 *
 * @throws ConfigInvalidError (nothing written) or ConfigConflictError (nothing overwritten).
 */
export async function saveConfig(input: unknown, baseVersion: number, savedBy: string, restoredFrom?: number): Promise<ConfigVersion> {
  const result = validateConfig(input);
  if (!result.ok) throw new ConfigInvalidError(result.errors);
  const current = await currentConfig();
  if (current.version !== baseVersion) throw new ConfigConflictError(current);
  const record: ConfigVersion = {
    version: baseVersion + 1,
    config: result.config,
    savedBy,
    savedAt: new Date().toISOString(),
    changes: describeConfigChange(current.config, result.config),
    ...(restoredFrom === undefined ? {} : { restoredFrom }),
  };
  try {
    await kvs.set(versionKey(record.version), record, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if ((error as ForgeKvsAPIError).code === 'KEY_CONFLICT') throw new ConfigConflictError(await currentConfig());
    throw error;
  }
  await kvs.set(HEAD, { version: record.version });
  return record;
}

/** Versions newest first, `limit` at a time, starting below `before` (the newest when absent). */
export async function configHistory(options: { before?: number; limit?: number } = {}): Promise<ConfigVersion[]> {
  const newest = options.before === undefined ? (await currentConfig()).version : options.before - 1;
  const limit = Math.min(options.limit ?? 20, 25);
  const versions = Array.from({ length: Math.min(limit, newest) }, (_, i) => newest - i);
  if (!versions.length) return [];
  const found = await kvs.batchGet<ConfigVersion>(versions.map((version) => ({ key: versionKey(version) })));
  return found.successfulKeys.map((item) => item.value).sort((a, b) => b.version - a.version);
}

export async function configVersion(version: number): Promise<ConfigVersion | undefined> {
  return kvs.get<ConfigVersion>(versionKey(version));
}

/** Makes an earlier version current again, as a new version that says where it came from. */
export async function restoreConfig(version: number, baseVersion: number, savedBy: string): Promise<ConfigVersion> {
  const old = await configVersion(version);
  if (!old) throw new RangeError(`There is no config version ${version}`);
  return saveConfig(old.config, baseVersion, savedBy, version);
}
