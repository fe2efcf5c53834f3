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
import { addWorkingTime, workingTimeBetween } from '../time/working-time';
import type { Calendar } from '../time/calendar';
import { EVENT_KIND_BIT, inStatusSet, type ClockEvent, type ConditionContext } from './condition-tests';
import type { StatusCategory } from '../config/conditions';
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
  /** The priority when the cycle stopped, and the tier it stopped with: what it counts under for good. */
  readonly priority: string | null;
  readonly tier: Tier;
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
  /** The priority the cycle counts under: the at the stop for a stopped cycle, else the current one. */
  readonly cyclePriority: string | null;
  /** The target in force: the current priority's, or the one the cycle breached or stopped with. */
  readonly target: Target | undefined;
  /** The calendar running time counts on now: the current priority's and tier's cell's, else the metric's. */
  readonly calendar: Calendar;
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

/**
 * Runs each metric's clock over the timeline up to `now` (later events are ignored), with the
 * tier track `tiers`, all in one pass: clocks on one calendar share the working time of each
 * stretch between two events. `undefined` for a metric whose start no event met by `now`.
 */
export function runClocks(
  timeline: Timeline,
  metrics: readonly CompiledMetric[],
  tiers: readonly TierChange[],
  now: number,
  categoryOf: (status: string) => StatusCategory | undefined,
): (ClockRun | undefined)[] {
  const span: Span = { calendar: undefined, from: 0, to: 0, worked: 0 };
  const walks = metrics.map((metric) => new Walk(timeline, metric, tiers, categoryOf, span));
  for (const event of creationEvents(timeline)) for (const walk of walks) walk.apply(event, EVENT_KIND_BIT[event.kind]);
  let nextTier = 1;
  for (const event of timeline.events) {
    if (event.at > now) break;
    const bit = EVENT_KIND_BIT[event.kind];
    for (const walk of walks) {
      if (walk.final) continue;
      walk.advance(event.at);
      walk.apply(event, bit);
    }
    // Tier changes are made by events (a new reporter): they take effect at the event's instant.
    for (; nextTier < tiers.length && tiers[nextTier]!.at <= event.at; nextTier++) for (const walk of walks) walk.retier(tiers[nextTier]!.tier, event.at);
  }
  for (const walk of walks) walk.advance(now);
  return walks.map((walk) => walk.result());
}

/** The last stretch of working time counted, for the next clock that counts the same one. */
interface Span {
  calendar: Calendar | undefined;
  from: number;
  to: number;
  worked: number;
}

/** What happens at creation, as events: the issue is created, enters its status, has its assignee and resolution set. */
function creationEvents(timeline: Timeline): ClockEvent[] {
  const { created, initial } = timeline;
  const events: ClockEvent[] = [
    { at: created, kind: 'created' },
    { at: created, kind: 'status', from: null, to: initial.status },
  ];
  if (initial.assignee !== null) events.push({ at: created, kind: 'assignee', from: null, to: initial.assignee });
  if (initial.resolution !== null) events.push({ at: created, kind: 'resolution', from: null, to: initial.resolution });
  return events;
}

type MutableInterval = { -readonly [K in keyof ClockInterval]: ClockInterval[K] };

/**
 * The state of one clock as the walk over the timeline goes. A class, not closures: every
 * evaluation walks one per metric, and this is the engine's innermost loop.
 */
class Walk {
  state: ClockState | 'waiting' = 'waiting';
  priority: string | null;
  tier: Tier;
  elapsed = 0;
  /** The target the cycle breached with, or stopped with (none, when it stopped with none): it no longer follows the priority. */
  fixed: Target | undefined = undefined;
  /** Whether the target is fixed: from a breach or a stop until a restart (a cycle may stop with no target, and keeps none). */
  frozen = false;
  /** The target of the priority and tier in force, looked up again only when either changes. */
  inForce: Target | undefined;
  ranOutAt: number | null = null;
  breachedAt: number | null = null;
  cursor: number;
  cycleStart: number;
  stoppedAt: number | null = null;
  stopReason: string | null = null;
  /** The priority and the tier when the cycle stopped. */
  stopPriority: string | null = null;
  stopTier: Tier;
  intervals: MutableInterval[] = [];
  cycles: ClockCycle[] = [];
  priorityChanges: PriorityChange[] = [];
  status: string;
  /** Whether the status in force pauses the clock: asked again only when the status changes. */
  pausing: boolean;
  readonly context: { reporter: string | null } & ConditionContext;

  constructor(
    timeline: Timeline,
    private readonly metric: CompiledMetric,
    tiers: readonly TierChange[],
    categoryOf: (status: string) => StatusCategory | undefined,
    private readonly span: Span,
  ) {
    this.priority = timeline.initial.priority;
    this.tier = tiers[0]!.tier;
    this.stopTier = this.tier;
    this.inForce = targetFor(metric, this.priority, this.tier);
    this.cursor = timeline.created;
    this.cycleStart = timeline.created;
    this.status = timeline.initial.status;
    this.context = { reporter: timeline.initial.reporter, categoryOf };
    this.pausing = inStatusSet(metric.pause, this.status, this.context);
  }

  target(): Target | undefined {
    return this.frozen ? this.fixed : this.inForce;
  }

  /** The calendar running time counts on now: the priority's and tier's cell's, else the metric's (the policy's), breached or not. */
  calendar(): Calendar {
    return this.inForce?.calendar ?? this.metric.calendar;
  }

  open(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  advance(to: number): void {
    if (to <= this.cursor) return;
    const state = this.state;
    if (state === 'running' || state === 'paused') {
      let worked = 0;
      if (state === 'running') {
        const cell = this.target();
        const calendar = this.calendar();
        const span = this.span;
        if (span.calendar !== calendar || span.from !== this.cursor || span.to !== to) {
          span.calendar = calendar;
          span.from = this.cursor;
          span.to = to;
          span.worked = workingTimeBetween(calendar, this.cursor, to);
        }
        worked = span.worked;
        if (cell && this.ranOutAt === null && this.elapsed + worked >= cell.ms) {
          this.ranOutAt = addWorkingTime(calendar, this.cursor, Math.max(0, cell.ms - this.elapsed));
        }
        this.elapsed += worked;
        if (cell && this.breachedAt === null && this.elapsed > cell.ms) this.breach(this.ranOutAt ?? this.cursor);
      }
      const last = this.intervals[this.intervals.length - 1];
      if (last && last.state === state && last.to === this.cursor && last.priority === this.priority) {
        last.to = to;
        last.workedMs += worked;
      } else {
        this.intervals.push({ state, from: this.cursor, to, priority: this.priority, workedMs: worked });
      }
    }
    this.cursor = to;
  }

  breach(at: number): void {
    this.fixed = this.target();
    this.frozen = true;
    this.breachedAt = at;
  }

  /** The priority's and tier's target now applies: a target it already exceeds breaches the cycle at `at`. */
  retarget(at: number): void {
    const cell = this.inForce;
    if (!cell || this.breachedAt !== null) return;
    this.ranOutAt = this.elapsed >= cell.ms ? at : null;
    if (this.elapsed > cell.ms) this.breach(at);
  }

  /** Stopped for good: only creation starts it, so no later event can (response, for one). */
  final = false;

  stop(at: number, reason: string): void {
    this.final = this.metric.startKinds === EVENT_KIND_BIT.created;
    this.state = 'stopped';
    this.stoppedAt = at;
    this.stopReason = reason;
    this.fixed = this.target();
    this.frozen = true;
    this.stopPriority = this.priority;
    this.stopTier = this.fixed?.tier ?? this.tier;
  }

  start(at: number): void {
    const restart = this.metric.onRestart === 'restart';
    if (this.state === 'stopped' && restart) {
      this.cycles.push({ from: this.cycleStart, to: this.stoppedAt ?? at, elapsedMs: this.elapsed, targetMs: this.target()?.ms ?? null, breachedAt: this.breachedAt, priority: this.stopPriority, tier: this.stopTier });
    }
    if (this.state === 'waiting' || restart) {
      this.elapsed = 0;
      this.ranOutAt = null;
      this.breachedAt = null;
      this.intervals = [];
      this.cycleStart = at;
    }
    this.state = this.pausing ? 'paused' : 'running';
    this.stoppedAt = null;
    this.stopReason = null;
    // The (re)started cycle takes the target of the priority in force now, unless it breached before.
    if (this.breachedAt === null) {
      this.fixed = undefined;
      this.frozen = false;
      this.retarget(at);
    }
  }

  /** Applies `event`, whose kind's {@link EVENT_KIND_BIT} is `bit`. */
  apply(event: ClockEvent, bit: number): void {
    switch (event.kind) {
      case 'status':
        this.status = event.to;
        this.pausing = inStatusSet(this.metric.pause, event.to, this.context);
        break;
      case 'priority':
        this.priorityChanges.push({ at: event.at, from: this.priority, to: event.to });
        this.priority = event.to;
        this.inForce = targetFor(this.metric, this.priority, this.tier);
        break;
      case 'reporter':
        this.context.reporter = event.to;
        break;
      default:
        break;
    }
    // Conditions are tested only against the kinds of event they can meet.
    if (this.open()) {
      const stopping = this.metric.stopKinds & bit ? firstMet(this.metric.stop, event, this.context) : undefined;
      if (stopping) return this.stop(event.at, reasonOf(stopping.reason, event));
      this.state = this.pausing ? 'paused' : 'running';
      if (event.kind === 'priority') this.retarget(event.at);
    } else if (this.metric.startKinds & bit && firstMet(this.metric.start, event, this.context)) this.start(event.at);
  }

  /** The reporter's tier is `tier` from `at` on. */
  retier(tier: Tier, at: number): void {
    this.tier = tier;
    this.inForce = targetFor(this.metric, this.priority, this.tier);
    if (this.open()) this.retarget(at);
  }

  result(): ClockRun | undefined {
    if (this.state === 'waiting') return undefined;
    const target = this.target();
    return {
      state: this.state,
      startedAt: this.cycleStart,
      tier: target?.tier ?? this.tier,
      status: this.status,
      priority: this.priority,
      cyclePriority: this.state === 'stopped' ? this.stopPriority : this.priority,
      target,
      calendar: this.calendar(),
      elapsedMs: this.elapsed,
      ranOutAt: this.ranOutAt,
      breachedAt: this.breachedAt,
      stoppedAt: this.stoppedAt,
      stopReason: this.stopReason,
      intervals: this.intervals,
      previousCycles: this.cycles,
      priorityChanges: this.priorityChanges,
    };
  }
}

function firstMet<C extends { test: CompiledMetric['start'][number]['test'] }>(conditions: readonly C[], event: ClockEvent, context: ConditionContext): C | undefined {
  for (const condition of conditions) if (condition.test(event, context)) return condition;
  return undefined;
}

/** `resolution set (Done)`, `left "Escalated to L2" (to "In progress")`: the condition and what met it. */
function reasonOf(reason: string, event: ClockEvent): string {
  if (event.kind === 'resolution' && event.to !== null) return `${reason} (${event.to})`;
  // A condition on a category, or on leaving, does not say which status the issue went to.
  if (event.kind === 'status' && !reason.includes(`"${event.to}"`)) return `${reason} (to "${event.to}")`;
  return reason;
}
