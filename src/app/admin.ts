/**
 * The admin page's operations. Every one checks on the server that the caller is a Jira
 * administrator, whatever the page shows; the answer is remembered briefly per account.
 */
import { compileConfig, simulate, validateConfig, type Tier } from '../domain';
import { JiraClient } from '../jira/client';
import { isJiraAdmin } from '../jira/lookups';
import { configHistory, restoreConfig, saveConfig, type ConfigVersion } from '../storage/config-store';
import { activeConfig } from './active-config';
import { JobRunningError, latestJob, startRecompute, type JobRecord } from './recompute-job';

export class ForbiddenError extends Error {
  constructor() {
    super('Only Jira administrators may change SLA settings');
    this.name = 'ForbiddenError';
  }
}

const ADMIN_CACHE_MS = 60_000;
const adminUntil = new Map<string, { admin: boolean; until: number }>();

export async function requireAdmin(accountId: string | undefined): Promise<void> {
  if (!accountId) throw new ForbiddenError();
  const now = Date.now();
  let entry = adminUntil.get(accountId);
  if (!entry || entry.until <= now) {
    entry = { admin: await isJiraAdmin(JiraClient.asUser()), until: now + ADMIN_CACHE_MS };
    adminUntil.set(accountId, entry);
  }
  if (!entry.admin) throw new ForbiddenError();
}

export interface SaveResult {
  saved: ConfigVersion;
  /** The recompute the save started, or the one already running (which re-runs when it ends). */
  job: JobRecord | undefined;
}

/** Saves and starts recomputing every open issue in scope with the new config. */
export async function saveAndRecompute(config: unknown, baseVersion: number, accountId: string, restoredFrom?: number): Promise<SaveResult> {
  const saved = restoredFrom === undefined ? await saveConfig(config, baseVersion, accountId) : await restoreConfig(restoredFrom, baseVersion, accountId);
  return { saved, job: await recompute(`config version ${saved.version}`, accountId) };
}

export async function recompute(reason: string, accountId: string | null): Promise<JobRecord | undefined> {
  try {
    return await startRecompute(JiraClient.asApp(), reason, accountId);
  } catch (error) {
    if (error instanceof JobRunningError) return error.job;
    throw error;
  }
}

export interface SimulationInput {
  /** A draft to try before saving; the saved config when absent. */
  config?: unknown;
  policyId: string;
  priority: string;
  tier: Tier;
  createdAt: string;
}

export async function simulateTargets(input: SimulationInput) {
  let compiled = (await activeConfig()).compiled;
  if (input.config !== undefined) {
    const result = validateConfig(input.config);
    if (!result.ok) return { ok: false as const, errors: result.errors };
    compiled = compileConfig(result.config);
  }
  const policy = compiled.policies.find((candidate) => candidate.id === input.policyId);
  const createdAt = Date.parse(input.createdAt);
  if (!policy) return { ok: false as const, errors: [{ path: 'policyId', message: `unknown policy "${input.policyId}"` }] };
  if (Number.isNaN(createdAt)) return { ok: false as const, errors: [{ path: 'createdAt', message: `"${input.createdAt}" is not an instant` }] };
  const targets = simulate(policy, { priority: input.priority, tier: input.tier, createdAt }).map((target) => ({
    ...target,
    dueAt: new Date(target.dueAt).toISOString(),
    atRiskAt: new Date(target.atRiskAt).toISOString(),
  }));
  return { ok: true as const, targets };
}

export { configHistory, latestJob };
