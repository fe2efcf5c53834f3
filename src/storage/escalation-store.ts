/**
 * What escalated, in the Custom Entity Store (`sla-escalation`): one entity per rule and metric
 * cycle of an issue, created before its actions run and only if none exists, so a rule fires once
 * per cycle whatever duplicates, retries, recomputes and concurrent invocations come; its actions'
 * outcomes, and when a failed one is tried again.
 */
import { kvs, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import type { EscalationAction, TemplateFacts } from '../domain';
import type { ActionOutcome, EscalationStatus } from '../contract/panel';
import { installation } from '../platform/invocation';

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

/**
 * Notifications the app sends for one installation in one clock hour at most: one per person an
 * action names (assignee, reporter, users), one per message to watchers and groups. What would
 * exceed it waits for the next hour, deferred, never dropped. Counted approximately: invocations
 * running at the same instant may exceed it by what one action sends.
 */
export const NOTIFICATIONS_PER_HOUR = 500;
const HOUR_MS = 3_600_000;
const budgetKey = (hour: number) => `escalation-budget:${hour}`;

/** The start of the clock hour after `now`: when deferred notifications are tried again. */
export const nextHour = (now: number) => (Math.floor(now / HOUR_MS) + 1) * HOUR_MS;

/**
 * The budget's reads and writes in this process, one after another per installation: escalations
 * of a page fire side by side, and each must see what the one before took.
 */
const budgetTurns = new Map<string, Promise<unknown>>();

/** Takes `count` notifications from this hour's budget: `false` (nothing taken) when they do not fit. */
export function takeNotifications(count: number, now: number): Promise<boolean> {
  const site = installation();
  const turn = (budgetTurns.get(site) ?? Promise.resolve()).catch(() => undefined).then(async () => {
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const used = (await kvs.get<number>(budgetKey(hour))) ?? 0;
    if (used + count > NOTIFICATIONS_PER_HOUR) return false;
    await kvs.set(budgetKey(hour), used + count, { ttl: { value: 2, unit: 'HOURS' } });
    return true;
  });
  budgetTurns.set(site, turn);
  void turn.finally(() => budgetTurns.get(site) === turn && budgetTurns.delete(site));
  return turn;
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
