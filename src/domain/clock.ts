/**
 * One metric's clock run over an issue's timeline.
 *
 * Rules (README: "When each clock runs"):
 * - The clock starts at the first event that meets one of its start conditions (creation counts
 *   as an event: the issue enters its first status then, and has its first assignee and resolution
 *   set then). It does not run while the issue is in one of its pause statuses.
 * - It stops at an event that meets one of its stop conditions. A start condition met while it is
 *   stopped starts it again: with its elapsed time (`onRestart: "continue"`) or as a new cycle from
 *   zero (`"restart"`). An event that stops the clock does not also start it.
 * - The target follows the current priority and tier; elapsed time is kept. Each stretch of
 *   running time is counted on the calendar of the priority and tier in force during it.
 * - Breached once elapsed time exceeds the target; `breachedAt` is the instant the target ran out
 *   (elapsed reached it). A breached cycle keeps the target it breached, and a stopped cycle keeps
 *   its target and verdict: later priority and tier changes no longer move them.
 */
import { addWorkingTime, workingTimeBetween } from './working-time';
import type { Calendar } from './calendar';
import { inStatusSet, type ClockEvent, type ConditionContext, type StatusCategory } from './conditions';
import { targetFor, type CompiledMetric, type Target, type Tier } from './policy';
import type { Timeline } from './timeline';

export type ClockState = 'running' | 'paused' | 'stopped';

/** The reporter's tier from `at` on (the first change is at creation). */
export interface TierChange {
  readonly at: number;
  readonly tier: Tier;
  /** Why the reporter is in the tier: `member of group "vip-customers"`, `default tier`. */
  readonly reason: string;
}

export interface ClockInterval {
  readonly state: 'running' | 'paused';
  readonly from: number;
  readonly to: number;
  readonly priority: string | null;
  /** Working time counted in this interval (0 while paused). */
  readonly workedMs: number;
}

/** A finished cycle of a resolution clock that restarted on reopen. */
export interface ClockCycle {
  readonly from: number;
  readonly to: number;
  readonly elapsedMs: number;
  readonly targetMs: number | null;
  readonly breachedAt: number | null;
}

export interface ClockRun {
  readonly state: ClockState;
  /** When the current cycle started. */
  readonly startedAt: number;
  /** The tier whose target is in force (the one the cycle breached or stopped with). */
  readonly tier: Tier;
  /** The status at the end of the run: what pauses a paused clock. */
  readonly status: string;
  readonly priority: string | null;
  /** The target in force: the current priority's, or the one the cycle breached or stopped with. */
  readonly target: Target | undefined;
  /** The calendar running time counts on now: the current priority's target's. */
  readonly calendar: Calendar | undefined;
  readonly elapsedMs: number;
  /** When elapsed time reached the target, if it has (a clock can run out at closing time and stay unbreached overnight). */
  readonly ranOutAt: number | null;
  readonly breachedAt: number | null;
  readonly stoppedAt: number | null;
  readonly stopReason: string | null;
  readonly intervals: readonly ClockInterval[];
  readonly previousCycles: readonly ClockCycle[];
  readonly priorityChanges: readonly PriorityChange[];
}

export interface PriorityChange {
  readonly at: number;
  readonly from: string | null;
  readonly to: string | null;
}

interface Walk {
  state: ClockState | 'waiting';
  priority: string | null;
  tier: Tier;
  elapsed: number;
  /** The target the cycle breached with, or stopped with: it no longer follows the priority. */
  fixed: Target | undefined;
  ranOutAt: number | null;
  breachedAt: number | null;
  cursor: number;
  cycleStart: number;
  stoppedAt: number | null;
  stopReason: string | null;
  intervals: { -readonly [K in keyof ClockInterval]: ClockInterval[K] }[];
  cycles: ClockCycle[];
  priorityChanges: PriorityChange[];
}

/**
 * Runs `metric`'s clock over the timeline up to `now` (later events are ignored), with the tier
 * track `tiers`. `undefined` when no start condition was met by `now`.
 */
export function runClock(
  timeline: Timeline,
  metric: CompiledMetric,
  tiers: readonly TierChange[],
  now: number,
  categoryOf: (status: string) => StatusCategory | undefined,
): ClockRun | undefined {
  const { initial } = timeline;
  const walk: Walk = {
    state: 'waiting',
    priority: initial.priority,
    tier: tiers[0]!.tier,
    elapsed: 0,
    fixed: undefined,
    ranOutAt: null,
    breachedAt: null,
    cursor: timeline.created,
    cycleStart: timeline.created,
    stoppedAt: null,
    stopReason: null,
    intervals: [],
    cycles: [],
    priorityChanges: [],
  };
  let status = initial.status;
  const context: { reporter: string | null } & ConditionContext = { reporter: initial.reporter, categoryOf };
  const current = () => targetFor(metric, walk.priority, walk.tier);
  const target = () => walk.fixed ?? current();
  const calendar = () => current()?.calendar ?? walk.fixed?.calendar ?? metric.calendar;
  const open = () => walk.state === 'running' || walk.state === 'paused';
  const runningOrPaused = (): 'running' | 'paused' => (inStatusSet(metric.pause, status, context) ? 'paused' : 'running');

  const advance = (to: number) => {
    if (to <= walk.cursor) return;
    if (walk.state === 'running' || walk.state === 'paused') {
      const cell = target();
      let worked = 0;
      if (walk.state === 'running') {
        worked = workingTimeBetween(calendar(), walk.cursor, to);
        if (cell && walk.ranOutAt === null && walk.elapsed + worked >= cell.ms) {
          walk.ranOutAt = addWorkingTime(calendar(), walk.cursor, Math.max(0, cell.ms - walk.elapsed));
        }
        walk.elapsed += worked;
        if (cell && walk.breachedAt === null && walk.elapsed > cell.ms) breach(walk.ranOutAt ?? walk.cursor);
      }
      const last = walk.intervals[walk.intervals.length - 1];
      if (last && last.state === walk.state && last.to === walk.cursor && last.priority === walk.priority) {
        last.to = to;
        last.workedMs += worked;
      } else {
        walk.intervals.push({ state: walk.state, from: walk.cursor, to, priority: walk.priority, workedMs: worked });
      }
    }
    walk.cursor = to;
  };

  const breach = (at: number) => {
    walk.breachedAt = at;
    walk.fixed = target();
  };

  /** The priority's and tier's target now applies: a target it already exceeds breaches the cycle at `at`. */
  const retarget = (at: number) => {
    const cell = current();
    if (!cell || walk.breachedAt !== null) return;
    walk.ranOutAt = walk.elapsed >= cell.ms ? at : null;
    if (walk.elapsed > cell.ms) breach(at);
  };

  const stop = (at: number, reason: string) => {
    walk.state = 'stopped';
    walk.stoppedAt = at;
    walk.stopReason = reason;
    walk.fixed = target();
  };

  const start = (at: number) => {
    if (walk.state === 'stopped' && metric.onRestart === 'restart') {
      walk.cycles.push({ from: walk.cycleStart, to: walk.stoppedAt ?? at, elapsedMs: walk.elapsed, targetMs: target()?.ms ?? null, breachedAt: walk.breachedAt });
    }
    if (walk.state === 'waiting' || metric.onRestart === 'restart') {
      walk.elapsed = 0;
      walk.ranOutAt = null;
      walk.breachedAt = null;
      walk.intervals = [];
      walk.cycleStart = at;
    }
    walk.state = runningOrPaused();
    walk.stoppedAt = null;
    walk.stopReason = null;
    // The (re)started cycle takes the target of the priority in force now, unless it breached before.
    if (walk.breachedAt === null) {
      walk.fixed = undefined;
      retarget(at);
    }
  };

  const apply = (event: ClockEvent) => {
    switch (event.kind) {
      case 'status':
        status = event.to;
        break;
      case 'priority':
        walk.priorityChanges.push({ at: event.at, from: walk.priority, to: event.to });
        walk.priority = event.to;
        break;
      case 'reporter':
        context.reporter = event.to;
        break;
      default:
        break;
    }
    if (open()) {
      const stopping = metric.stop.find((condition) => condition.test(event, context));
      if (stopping) return stop(event.at, reasonOf(stopping.reason, event));
      walk.state = runningOrPaused();
      if (event.kind === 'priority') retarget(event.at);
    } else {
      const starting = metric.start.find((condition) => condition.test(event, context));
      if (starting) start(event.at);
    }
  };

  const created = timeline.created;
  const creation: ClockEvent[] = [
    { at: created, kind: 'created' },
    { at: created, kind: 'status', from: null, to: initial.status },
    ...(initial.assignee !== null ? [{ at: created, kind: 'assignee' as const, from: null, to: initial.assignee }] : []),
    ...(initial.resolution !== null ? [{ at: created, kind: 'resolution' as const, from: null, to: initial.resolution }] : []),
  ];
  let nextTier = 1;
  const followTier = (at: number) => {
    while (nextTier < tiers.length && tiers[nextTier]!.at <= at) {
      walk.tier = tiers[nextTier++]!.tier;
      if (open()) retarget(at);
    }
  };
  for (const event of creation) apply(event);
  for (const event of timeline.events) {
    if (event.at > now) break;
    advance(event.at);
    apply(event);
    followTier(event.at);
  }
  advance(now);
  if (walk.state === 'waiting') return undefined;
  const fixedOrCurrent = target();

  return {
    state: walk.state,
    startedAt: walk.cycleStart,
    tier: fixedOrCurrent?.tier ?? walk.tier,
    status,
    priority: walk.priority,
    target: fixedOrCurrent,
    calendar: current()?.calendar ?? walk.fixed?.calendar,
    elapsedMs: walk.elapsed,
    ranOutAt: walk.ranOutAt,
    breachedAt: walk.breachedAt,
    stoppedAt: walk.stoppedAt,
    stopReason: walk.stopReason,
    intervals: walk.intervals,
    previousCycles: walk.cycles,
    priorityChanges: walk.priorityChanges,
  };
}

/** `resolution set (Done)`, `left "Escalated to L2" (to "In progress")`: the condition and what met it. */
function reasonOf(reason: string, event: ClockEvent): string {
  if (event.kind === 'resolution' && event.to !== null) return `${reason} (${event.to})`;
  // A condition on a category, or on leaving, does not say which status the issue went to.
  if (event.kind === 'status' && !reason.includes(`"${event.to}"`)) return `${reason} (to "${event.to}")`;
  return reason;
}
