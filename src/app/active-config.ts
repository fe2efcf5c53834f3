/**
 * The current config, compiled once per version and kept for the life of the (warm) function
 * container: compiling builds calendars whose segment tables are worth keeping.
 */
import { compileConfig, type CompiledConfig } from '../domain';
import { currentConfig, type ConfigVersion } from '../storage/config-store';

export interface ActiveConfig {
  readonly version: ConfigVersion;
  readonly compiled: CompiledConfig;
}

let cached: ActiveConfig | undefined;

export async function activeConfig(): Promise<ActiveConfig> {
  const version = await currentConfig();
  if (cached?.version.version !== version.version || cached.version.savedAt !== version.savedAt) {
    cached = { version, compiled: compileConfig(version.config) };
  }
  return cached;
}

/** Project keys any policy covers: the scope of sweeps and recompute jobs. */
export function projectsInScope(config: CompiledConfig): string[] {
  return [...new Set(config.policies.flatMap((policy) => [...policy.projects]))].sort();
}
