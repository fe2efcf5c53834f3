/**
 * The admin page's operations. Every one checks on the server that the caller is a Jira
 * administrator, whatever the page shows: Jira is asked on every call, so rights revoked in Jira
 * are refused at the next call, and nothing about one site's admins can leak into another's.
 */
import { compileConfig, isSupportedInstant, simulate, simulateEscalations, validateConfig, type Config, type Tier } from '../domain';
import { JiraClient } from '../jira/client';
import { isJiraAdmin } from '../jira/lookups';
import { serviceFieldsOf, type ServiceFields } from '../jira/site';
import { configHistory, restoreConfig, saveConfig } from '../storage/config-store';
import { activeConfig } from './active-config';
import { JobRunningError, latestJob, startRecompute, type JobView } from './recompute-job';
import type { SaveResult, SimulationAnswer } from '../contract/admin';

export class ForbiddenError extends Error {
  constructor(message = 'Only Jira administrators may change SLA settings') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export async function requireAdmin(accountId: string | undefined): Promise<void> {
  if (!accountId || !(await isJiraAdmin(JiraClient.asUser()))) throw new ForbiddenError();
}

/**
 * Saves, then starts recomputing every open issue in scope with the new config. Once saved, the
 * version is the answer whatever happens next: a recompute that cannot start now is owed to the
 * version, and the sweep starts it.
 */
export async function saveAndRecompute(config: unknown, baseVersion: number, accountId: string, restoredFrom?: number): Promise<SaveResult> {
  const saved = restoredFrom === undefined ? await saveConfig(config, baseVersion, accountId, { lookup: serviceFieldsFor }) : await restoreConfig(restoredFrom, baseVersion, accountId, serviceFieldsFor);
  try {
    return { saved, job: await startRecompute(`config version ${saved.version}`, accountId), recompute: 'started' };
  } catch (error) {
    if (error instanceof JobRunningError) return { saved, job: error.job ?? null, recompute: 'after-running' };
    console.error('recompute not started; the sweep starts it', error);
    return { saved, job: null, recompute: 'pending' };
  }
}

/** The site's service fields, for a config whose tiers or scopes need them: read as the app, once, at the save. */
async function serviceFieldsFor(config: Config): Promise<ServiceFields | undefined> {
  const { needs } = compileConfig(config);
  return needs.organizations || needs.requestTypes ? serviceFieldsOf(JiraClient.asApp()) : undefined;
}

export async function recompute(reason: string, accountId: string | null): Promise<JobView | null> {
  try {
    return await startRecompute(reason, accountId);
  } catch (error) {
    if (error instanceof JobRunningError) return error.job ?? null;
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

export async function simulateTargets(input: SimulationInput): Promise<SimulationAnswer> {
  let compiled = (await activeConfig()).compiled;
  if (input.config !== undefined) {
    const result = validateConfig(input.config);
    if (!result.ok) return { ok: false as const, errors: result.errors };
    compiled = compileConfig(result.config);
  }
  const policy = compiled.policies.find((candidate) => candidate.id === input.policyId);
  const createdAt = Date.parse(input.createdAt);
  if (!policy) return { ok: false as const, errors: [{ path: 'policyId', message: `unknown policy "${input.policyId}"` }] };
  if (!isSupportedInstant(createdAt)) return { ok: false as const, errors: [{ path: 'createdAt', message: `"${input.createdAt}" is not an instant between 2000 and 2099` }] };
  const targets = simulate(policy, { priority: input.priority, tier: input.tier, createdAt }).map((target) => ({
    ...target,
    dueAt: new Date(target.dueAt).toISOString(),
    atRiskAt: new Date(target.atRiskAt).toISOString(),
  }));
  const sample = { priority: input.priority, tier: input.tier, createdAt, issue: 'SAMPLE-1', summary: 'A sample issue' };
  const escalations = simulateEscalations(policy, sample).map((escalation) => ({ ...escalation, firesAt: new Date(escalation.firesAt).toISOString() }));
  return { ok: true as const, targets, escalations };
}

export { configHistory, latestJob };
