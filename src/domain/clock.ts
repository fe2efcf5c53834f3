/**
 * One SLA clock (response or resolution) run over an issue's timeline.
 *
 * Rules (README: "When each clock runs"):
 * - Both clocks start at creation and do not run while the status is one of the policy's pause
 *   statuses.
 * - Response stops at the first public comment by an agent (anyone but the reporter and customer
 *   accounts), or when a resolution is set; it never restarts.
 * - Resolution stops when a resolution is set. When the resolution is cleared it resumes with its
 *   elapsed time (`onReopen: "continue"`) or starts a new cycle from zero (`"restart"`).
 * - The target follows the current priority; elapsed time is kept. Each stretch of running time is
 *   counted on the calendar of the priority in force during it.
 * - Breached once elapsed time exceeds the target; `breachedAt` is the instant the target ran out
 *   (elapsed reached it). A breached cycle keeps the target it breached, and a stopped cycle keeps
 *   its target and verdict: later priority changes no longer move them.
 */
import { addWorkingTime, workingTimeBetween } from './working-time';
import type { Calendar } from './calendar';
import { isPauseStatus, targetFor, type Metric, type Policy, type Target, type Tier } from './policy';
import type { Timeline, TimelineEvent } from './timeline';

export type ClockState = 'running' | 'paused' | 'stopped';

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
  state: ClockState;
  priority: string | null;
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

/** Runs `metric`'s clock for `tier` over the timeline, up to `now` (later events are ignored). */
export function runClock(timeline: Timeline, policy: Policy, metric: Metric, tier: Tier, now: number): ClockRun {
  const { initial } = timeline;
  const walk: Walk = {
    state: initial.resolution !== null ? 'stopped' : isPauseStatus(policy, initial.status) ? 'paused' : 'running',
    priority: initial.priority,
    elapsed: 0,
    fixed: undefined,
    ranOutAt: null,
    breachedAt: null,
    cursor: timeline.created,
    cycleStart: timeline.created,
    stoppedAt: initial.resolution !== null ? timeline.created : null,
    stopReason: initial.resolution !== null ? `created resolved (${initial.resolution})` : null,
    intervals: [],
    cycles: [],
    priorityChanges: [],
  };
  let status = initial.status;
  const current = () => targetFor(policy, metric, walk.priority, tier);
  const target = () => walk.fixed ?? current();
  const calendar = () => current()?.calendar ?? walk.fixed?.calendar ?? policy.calendar;

  const advance = (to: number) => {
    if (to <= walk.cursor) return;
    if (walk.state !== 'stopped') {
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

  /** The priority's target now applies: a target it already exceeds breaches the cycle at `at`. */
  const retarget = (at: number) => {
    const cell = current();
    if (!cell || walk.breachedAt !== null) return;
    walk.ranOutAt = walk.elapsed >= cell.ms ? at : null;
    if (walk.elapsed > cell.ms) breach(at);
  };

  const stop = (at: number, reason: string) => {
    if (walk.state === 'stopped') return;
    walk.state = 'stopped';
    walk.stoppedAt = at;
    walk.stopReason = reason;
    walk.fixed = target();
  };

  const apply = (event: TimelineEvent) => {
    switch (event.kind) {
      case 'status':
        status = event.to;
        if (walk.state !== 'stopped') walk.state = isPauseStatus(policy, status) ? 'paused' : 'running';
        return;
      case 'priority':
        walk.priorityChanges.push({ at: event.at, from: walk.priority, to: event.to });
        walk.priority = event.to;
        if (walk.state !== 'stopped') retarget(event.at);
        return;
      case 'resolution':
        if (event.to !== null) stop(event.at, `resolution set (${event.to})`);
        else if (metric === 'resolution' && walk.state === 'stopped') reopen(event.at);
        return;
      case 'comment':
        if (metric === 'response' && event.isPublic && event.author !== null && event.author !== timeline.reporter && !event.byCustomer) {
          stop(event.at, 'first public comment by an agent');
        }
        return;
      case 'assignee':
        return;
    }
  };

  const reopen = (at: number) => {
    if (policy.onReopen === 'restart') {
      walk.cycles.push({ from: walk.cycleStart, to: at, elapsedMs: walk.elapsed, targetMs: target()?.ms ?? null, breachedAt: walk.breachedAt });
      walk.elapsed = 0;
      walk.ranOutAt = null;
      walk.breachedAt = null;
      walk.intervals = [];
      walk.cycleStart = at;
    }
    walk.state = isPauseStatus(policy, status) ? 'paused' : 'running';
    walk.stoppedAt = null;
    walk.stopReason = null;
    // The resumed cycle takes the target of the priority in force now, unless it breached before.
    if (walk.breachedAt === null) {
      walk.fixed = undefined;
      retarget(at);
    }
  };

  for (const event of timeline.events) {
    if (event.at > now) break;
    advance(event.at);
    apply(event);
  }
  advance(now);

  return {
    state: walk.state,
    status,
    priority: walk.priority,
    target: target(),
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
