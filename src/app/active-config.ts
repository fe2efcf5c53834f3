/**
 * The current config, compiled once per version and kept for the life of the (warm) function
 * container: compiling builds calendars whose segment tables are worth keeping. Forge reuses warm
 * instances across installations, so the compiled configs are kept per installation, and each use
 * checks the stored version first (one storage read).
 */
import { compileConfig, type CompiledConfig } from '../domain';
import { currentConfig, type ConfigVersion } from '../storage/config-store';
import { installation } from '../platform/invocation';

export interface ActiveConfig {
  readonly version: ConfigVersion;
  readonly compiled: CompiledConfig;
}

/** A kept compiled config, with the stored version it was compiled from, as text. */
interface Kept extends ActiveConfig {
  readonly stored: string;
}

/** Installations a warm instance keeps a compiled config for; the least recently used goes first. */
const KEPT_INSTALLATIONS = 16;
const compiledPerInstallation = new Map<string, Kept>();

export async function activeConfig(): Promise<ActiveConfig> {
  const version = await currentConfig();
  const key = installation();
  // The whole stored version is compared, not its number and time: a store emptied and saved again
  // (a reinstall, a test's fresh site) can give another config the same number and instant.
  const stored = JSON.stringify(version);
  let active = compiledPerInstallation.get(key);
  if (active?.stored !== stored) active = { version, compiled: compileConfig(version.config), stored };
  compiledPerInstallation.delete(key);
  compiledPerInstallation.set(key, active);
  if (compiledPerInstallation.size > KEPT_INSTALLATIONS) compiledPerInstallation.delete(compiledPerInstallation.keys().next().value!);
  return active;
}

/** Project keys any policy covers: the scope of reconciles and recompute jobs. */
export function projectsInScope(config: CompiledConfig): string[] {
  return [...new Set(config.policies.flatMap((policy) => [...policy.projects]))].sort();
}
