/**
 * Firing escalations: after an issue is recomputed, each rule whose point a metric cycle has
 * reached fires, once per cycle: the invocation that creates the rule's entity for that cycle runs
 * its actions, every other one (a duplicate event, a concurrent sweep, a retry) finds it and does
 * nothing. An action Jira refuses is recorded with why and tried again by the sweep when it may
 * succeed; it never stops the other actions.
 */
import { escalationRuleKey, formatInZone, NEVER, renderTemplate, type EscalationAction, type EscalationRule, type IssueEvaluation, type Timeline } from '../domain';
import * as actions from '../jira/actions';
import { JiraError, OutOfTimeError, type JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { claimEscalation, escalationsDue, nextHour, NOTIFICATIONS_PER_HOUR, saveEscalation, takeNotifications, type ActionOutcome, type EscalationEntity } from '../storage/escalation-store';
import type { Site } from '../jira/site';
import type { ActiveConfig } from './active-config';
import { queueIssues } from './issue-queue';
import type { FiredView } from '../contract/panel';

/** An entity left `firing` this long (its invocation died) is taken over by the sweep. */
const STUCK_MS = 15 * 60_000;
const FIRST_RETRY_MS = 5 * 60_000;
/** Tries of a failed action before it is left failed for good (shown to admins). */
const MAX_ATTEMPTS = 5;
/** Failed escalations the sweep tries again per run. */
const RETRIES_PER_RUN = 25;

/** A notification that would exceed the installation's hourly budget: it waits for the next hour. */
class DeferredError extends Error {}

/** Whether `rule` applies to a point reached at `reachedAt`: a rule added later fires only ahead of it, unless told otherwise. */
function applies(rule: EscalationRule, reachedAt: number, since: number | undefined): boolean {
  return rule.applyToPast === true || since === undefined || reachedAt >= since;
}

/** What firing did: the escalations fired, and whether their actions changed the issue (so its clocks must follow). */
export interface Fired {
  readonly fired: readonly EscalationEntity[];
  readonly changedIssue: boolean;
}

/** Fires the rules whose points the evaluation says are reached and that have not fired for their cycle. */
export async function fireEscalations(jira: JiraClient, evaluation: IssueEvaluation, timeline: Timeline, active: ActiveConfig, site: Site, now: number): Promise<Fired> {
  const policy = active.compiled.policies.find((candidate) => candidate.id === evaluation.policy?.id);
  if (!policy || !timeline.id) return { fired: [], changedIssue: false };
  const fired: EscalationEntity[] = [];
  let changedIssue = false;
  for (const point of evaluation.escalations) {
    if (point.reachedAt === null || point.reachedAt > now) continue;
    const rule = policy.escalations.find((candidate) => candidate.id === point.rule)!;
    if (!applies(rule, point.reachedAt, active.version.escalationsSince?.[escalationRuleKey(policy.id, rule.id)])) continue;
    const result = evaluation.metrics[point.metric]!;
    const claim: EscalationEntity = {
      issueId: timeline.id,
      issueKey: timeline.key,
      project: timeline.projectKey,
      policy: policy.id,
      metric: point.metric,
      rule: rule.id,
      ruleName: rule.name ?? rule.id,
      cycleStartedAt: point.cycleStartedAt,
      reachedAt: point.reachedAt,
      firedAt: now,
      status: 'firing',
      attempts: 1,
      retryAt: now + STUCK_MS,
      actions: [],
      definitions: rule.actions,
      facts: {
        issue: timeline.key,
        summary: timeline.summary,
        metric: result.name,
        targetMs: result.targetMs,
        remainingMs: result.remainingMs,
        dueAt: result.breachedAt ?? result.dueAt,
        zone: result.explanation.calendar.timeZone,
      },
    };
    if (!(await claimEscalation(claim))) continue;
    const outcome = await run(jira, claim, timeline, site, now);
    fired.push(outcome.entity);
    changedIssue ||= outcome.changedIssue;
  }
  return { fired, changedIssue };
}

/** Runs the actions not yet done and saves the outcomes; says whether they changed the issue. */
async function run(jira: JiraClient, entity: EscalationEntity, timeline: Timeline, site: Site, now: number): Promise<{ entity: EscalationEntity; changedIssue: boolean }> {
  const all = entity.definitions;
  const outcomes: ActionOutcome[] = [];
  for (const [i, action] of all.entries()) {
    const before = entity.actions[i];
    if (before?.outcome === 'done' || before?.retryable === false) {
      outcomes.push(before);
      continue;
    }
    try {
      await perform(jira, action, entity, timeline, site, now);
      outcomes.push({ type: action.type, outcome: 'done' });
    } catch (error) {
      if (error instanceof OutOfTimeError) throw error;
      if (error instanceof DeferredError) outcomes.push({ type: action.type, outcome: 'deferred', reason: error.message, retryable: true });
      else outcomes.push({ type: action.type, outcome: 'failed', reason: reasonOf(error), retryable: retryable(error) });
    }
  }
  const failed = outcomes.some((outcome) => outcome.outcome === 'failed');
  const deferred = outcomes.some((outcome) => outcome.outcome === 'deferred');
  const again = failed && entity.attempts < MAX_ATTEMPTS && outcomes.some((outcome) => outcome.outcome === 'failed' && outcome.retryable);
  // A failed action is tried again after its backoff; one that only waits for the budget, at the next hour.
  const retryAt = again ? now + FIRST_RETRY_MS * 2 ** (entity.attempts - 1) : deferred ? nextHour(now) : NEVER;
  const saved: EscalationEntity = {
    ...entity,
    status: failed ? 'failed' : deferred ? 'deferred' : 'done',
    actions: outcomes,
    retryAt: deferred ? Math.min(retryAt, nextHour(now)) : retryAt,
  };
  await saveEscalation(saved);
  const changedIssue = all.some((action, i) => action.type !== 'notify' && outcomes[i]!.outcome === 'done' && entity.actions[i]?.outcome !== 'done');
  return { entity: saved, changedIssue };
}

async function perform(jira: JiraClient, action: EscalationAction, entity: EscalationEntity, timeline: Timeline, site: Site, now: number): Promise<void> {
  const text = (template: string, zone: string) => renderTemplate(template, { ...entity.facts, due: dueText(entity.facts.dueAt, zone) });
  switch (action.type) {
    case 'notify':
      return notifyByZone(jira, action, entity, timeline, site, text, now);
    case 'comment':
      return actions.comment(jira, entity.issueKey, text(action.body, entity.facts.zone), action.visibility === 'internal');
    case 'raise-priority':
      return actions.setPriority(jira, entity.issueKey, action.to ?? (await oneStepUp(jira, timeline.current.priority)));
    case 'assign':
      return actions.assign(jira, entity.issueKey, action.accountId);
    case 'add-label':
      return actions.addLabel(jira, entity.issueKey, action.label);
  }
}

/**
 * One notification per time zone of the named people (the assignee, the reporter, listed users),
 * each with the due instant in that zone; watchers and groups, whose zones Jira does not list,
 * get one with it in the calendar's zone.
 */
async function notifyByZone(
  jira: JiraClient,
  action: Extract<EscalationAction, { type: 'notify' }>,
  entity: EscalationEntity,
  timeline: Timeline,
  site: Site,
  text: (template: string, zone: string) => string,
  now: number,
): Promise<void> {
  const to = new Set(action.to ?? []);
  const people = new Set([...(action.users ?? []), ...(to.has('assignee') && timeline.assignee ? [timeline.assignee] : []), ...(to.has('reporter') && timeline.reporter ? [timeline.reporter] : [])]);
  const byZone = new Map<string, string[]>();
  for (const accountId of people) {
    const zone = (await site.timeZoneOf(accountId)) ?? entity.facts.zone;
    byZone.set(zone, [...(byZone.get(zone) ?? []), accountId]);
  }
  const group = to.has('watchers') || !!action.groups?.length;
  if (!(await takeNotifications(people.size + (group ? 1 : 0), now))) throw new DeferredError(`deferred to the next hour: the site's budget of ${NOTIFICATIONS_PER_HOUR} notifications an hour is spent`);
  const send = (zone: string, recipients: actions.Notification['to']) => actions.notify(jira, entity.issueKey, { subject: text(action.subject, zone), textBody: text(action.body, zone), to: recipients });
  for (const [zone, accountIds] of byZone) await send(zone, { users: accountIds.map((accountId) => ({ accountId })) });
  if (group) await send(entity.facts.zone, { watchers: to.has('watchers'), groups: (action.groups ?? []).map((name) => ({ name })) });
}

/** The priority above `current` in Jira's order (highest first); the highest stays. */
async function oneStepUp(jira: JiraClient, current: string | null): Promise<string> {
  const order = await lookups.priorities(jira);
  const at = current === null ? -1 : order.indexOf(current);
  return order[Math.max(0, at - 1)] ?? order[0]!;
}

const dueText = (instant: number | null, zone: string) => (instant === null ? '(not due)' : formatInZone(instant, zone));
const reasonOf = (error: unknown) => (error instanceof JiraError ? `Jira answered ${error.status}: ${error.message}` : (error as Error).message);
/** Jira may accept it later: a server error or rate limit, or a permission an admin may still grant. */
const retryable = (error: unknown) => !(error instanceof JiraError) || error.status >= 500 || error.status === 429 || error.status === 403;

/** The sweep's part: failed actions tried again, and escalations an invocation left firing taken over. */
export async function retryEscalations(jira: JiraClient, active: ActiveConfig, site: Site, timelines: (issueId: string) => Promise<Timeline | null>, now: number): Promise<number> {
  let tried = 0;
  const changed: { issueId: string; issueKey: string }[] = [];
  for (const entity of await escalationsDue(now, RETRIES_PER_RUN)) {
    const rule = active.compiled.policies.find((policy) => policy.id === entity.policy)?.escalations.find((candidate) => candidate.id === entity.rule);
    const timeline = rule ? await timelines(entity.issueId) : null;
    if (!rule || !timeline) {
      // The rule was removed, or the issue is gone: nothing left to try.
      await saveEscalation({ ...entity, retryAt: NEVER });
      continue;
    }
    // Waiting for the budget is not a try.
    const outcome = await run(jira, { ...entity, attempts: entity.attempts + (entity.status === 'deferred' ? 0 : 1) }, timeline, site, now);
    if (outcome.changedIssue) changed.push({ issueId: entity.issueId, issueKey: entity.issueKey });
    tried++;
  }
  // The app's own changes raise no product event for it: the issues are queued so their clocks follow them.
  await queueIssues(changed);
  return tried;
}

export function firedView(entity: EscalationEntity): FiredView {
  const iso = (instant: number) => new Date(instant).toISOString();
  return {
    issueKey: entity.issueKey,
    rule: entity.rule,
    ruleName: entity.ruleName,
    metric: entity.metric,
    reachedAt: iso(entity.reachedAt),
    firedAt: iso(entity.firedAt),
    status: entity.status,
    actions: entity.actions,
    ...(entity.retryAt < NEVER ? { retryAt: iso(entity.retryAt) } : {}),
  };
}
