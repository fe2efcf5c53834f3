/**
 * What escalated, in the Custom Entity Store (`sla-escalation`): one entity per rule and metric
 * cycle of an issue, created before its actions run and only if none exists, so a rule fires once
 * per cycle whatever duplicates, retries, recomputes and concurrent invocations come; its actions'
 * outcomes, and when a failed one is tried again.
 */
import { kvs, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import type { EscalationAction, TemplateFacts } from '../domain';
import type { ActionOutcome, EscalationStatus } from '../contract/panel';

export type { ActionOutcome };

export const ESCALATIONS = 'sla-escalation';

export interface EscalationEntity {
  readonly issueId: string;
  readonly issueKey: string;
  readonly project: string;
  readonly policy: string;
  readonly metric: string;
  readonly rule: string;
  readonly ruleName: string;
  readonly cycleStartedAt: number;
  readonly reachedAt: number;
  readonly firedAt: number;
  /** `firing` while its actions run; `done`; `failed` when an action failed (others may be done). */
  readonly status: EscalationStatus;
  readonly attempts: number;
  /** When the sweep tries the failed actions again (or takes over one left `firing`); never for `done`. */
  readonly retryAt: number;
  readonly actions: readonly ActionOutcome[];
  /** What the templates were rendered from, so a retry sends what the first try would have. */
  readonly facts: Omit<TemplateFacts, 'due'> & { readonly dueAt: number | null; readonly zone: string };
  /** The rule's actions as they were when it fired: a retry does what the first try set out to do, whatever the config says since. */
  readonly definitions: readonly EscalationAction[];
}

/** One rule on one metric cycle of one issue. */
export const escalationKey = (entity: Pick<EscalationEntity, 'issueId' | 'metric' | 'cycleStartedAt' | 'rule'>) => `${entity.issueId}:${entity.metric}:${entity.cycleStartedAt}:${entity.rule}`;

/** Creates the entity unless it exists: `true` when this invocation is the one to fire the rule. */
export async function claimEscalation(entity: EscalationEntity): Promise<boolean> {
  try {
    await kvs.entity<EscalationEntity>(ESCALATIONS).set(escalationKey(entity), entity, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if ((error as ForgeKvsAPIError).code === 'KEY_CONFLICT') return false;
    throw error;
  }
}

export async function saveEscalation(entity: EscalationEntity): Promise<void> {
  await kvs.entity<EscalationEntity>(ESCALATIONS).set(escalationKey(entity), entity);
}

/** The escalations of an issue, latest first (at most `limit`). */
export async function escalationsOf(issueId: string, limit = 50): Promise<EscalationEntity[]> {
  const page = await kvs.entity<EscalationEntity>(ESCALATIONS).query().index('by-issue', { partition: [issueId] }).sort(Sort.DESC).limit(limit).getMany();
  return page.results.map((result) => result.value);
}

/** Escalations whose failed actions are due to be tried again, or that an invocation left firing. */
export async function escalationsDue(now: number, limit: number): Promise<EscalationEntity[]> {
  const page = await kvs.entity<EscalationEntity>(ESCALATIONS).query().index('by-retry').where(WhereConditions.lessThanEqualTo(now)).limit(limit).getMany();
  return page.results.map((result) => result.value);
}

/** The latest escalations of the site, newest first. */
export async function latestEscalations(limit: number): Promise<EscalationEntity[]> {
  const page = await kvs.entity<EscalationEntity>(ESCALATIONS).query().index('by-fired').sort(Sort.DESC).limit(limit).getMany();
  return page.results.map((result) => result.value);
}
