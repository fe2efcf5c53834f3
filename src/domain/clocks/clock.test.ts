/**
 * Clocks of admin-defined metrics: the OLA handoff between teams in two zones, and the invariants
 * every metric keeps (pauses never add time, 24x7 is the wall clock, stretches add up).
 */
import fc from 'fast-check';
import { evaluateJson, metricsConfig } from '../../../test/support/evaluate';
import { issue } from '../../../test/support/issue-builder';
import type { MetricConfig } from '../config/schema';
import { compileConfig } from './policy';
import { workingTimeBetween } from '../time/working-time';

const H = 3_600_000;
const M = 60_000;
const utc = (text: string) => Date.parse(text);

describe('the OLA handoff: L1 Berlin -> L2 New York -> L1', () => {
  // L1 works while the issue is not with L2 (Berlin hours); L2 while it is (New York hours).
  const l1: MetricConfig = {
    id: 'l1',
    name: 'L1 support',
    kind: 'ola',
    start: [{ on: 'created' }, { on: 'status-left', status: ['Escalated to L2'] }],
    stop: [{ on: 'status-entered', status: ['Escalated to L2'] }, { on: 'resolution-set' }],
    onRestart: 'continue',
    targets: { '*': { standard: '4h' } },
  };
  const l2: MetricConfig = {
    id: 'l2',
    name: 'L2 engineering',
    kind: 'ola',
    calendar: 'new-york',
    start: [{ on: 'status-entered', status: ['Escalated to L2'] }],
    stop: [{ on: 'status-left', status: ['Escalated to L2'] }, { on: 'resolution-set' }],
    onRestart: 'continue',
    targets: { '*': { standard: '4h' } },
  };
  const config = metricsConfig([l1, l2]);
  // Mon 23 Nov 2026: created 09:00 CET (08:00Z); escalated 11:00 CET (10:00Z, 05:00 in New York);
  // L2 hands back Mon 16:00 EST (21:00Z, 22:00 CET); resolved Tue 10:30 CET (09:30Z).
  const story = issue({ created: '2026-11-23T08:00:00Z' })
    .status('2026-11-23T10:00:00Z', 'Escalated to L2')
    .status('2026-11-23T21:00:00Z', 'In Progress')
    .resolve('2026-11-24T09:30:00Z');

  it('L1: 2h before the handoff, 1h 30m after it (Tue 09:00-10:30 CET): met in 3h 30m of 4h', () => {
    const result = evaluateJson(story.json(), '2026-11-24T12:00:00Z', { config }).metrics.l1!;
    expect(result).toMatchObject({ kind: 'ola', state: 'stopped', status: 'met', elapsedMs: 3.5 * H, stoppedAt: utc('2026-11-24T09:30:00Z'), breachedAt: null });
  });

  it('L2: waits for New York to open (09:00 EST = 14:00Z), runs out at 18:00Z and is met late at 21:00Z', () => {
    const result = evaluateJson(story.json(), '2026-11-24T12:00:00Z', { config }).metrics.l2!;
    expect(result).toMatchObject({
      kind: 'ola',
      state: 'stopped',
      status: 'met-late',
      elapsedMs: 7 * H,
      remainingMs: -3 * H,
      breachedAt: utc('2026-11-23T18:00:00Z'),
      stoppedAt: utc('2026-11-23T21:00:00Z'),
      explanation: { startedAt: utc('2026-11-23T10:00:00Z'), calendar: { id: 'new-york' } },
    });
  });

  it('while L2 holds the issue, L1 is stopped and L2 runs on its own calendar', () => {
    const during = evaluateJson(story.json(), '2026-11-23T15:00:00Z', { config }).metrics;
    expect(during.l1).toMatchObject({ state: 'stopped', elapsedMs: 2 * H, explanation: { stopReason: 'entered "Escalated to L2"' } });
    expect(during.l2).toMatchObject({ state: 'running', elapsedMs: 1 * H, dueAt: utc('2026-11-23T18:00:00Z') });
  });

  it('restart instead of continue: each escalation is its own cycle', () => {
    const twice = issue({ created: '2026-11-23T08:00:00Z' })
      .status('2026-11-23T14:00:00Z', 'Escalated to L2')
      .status('2026-11-23T15:00:00Z', 'In Progress')
      .status('2026-11-23T16:00:00Z', 'Escalated to L2');
    const result = evaluateJson(twice.json(), '2026-11-23T16:30:00Z', { config: metricsConfig([{ ...l2, onRestart: 'restart' }]) }).metrics.l2!;
    expect(result).toMatchObject({ state: 'running', elapsedMs: 30 * M });
    expect(result.explanation.previousCycles).toEqual([{ from: utc('2026-11-23T14:00:00Z'), to: utc('2026-11-23T15:00:00Z'), elapsedMs: H, targetMs: 4 * H, breachedAt: null, priority: 'High', tier: 'standard' }]);
    const continued = evaluateJson(twice.json(), '2026-11-23T16:30:00Z', { config: metricsConfig([l2]) }).metrics.l2!;
    expect(continued).toMatchObject({ state: 'running', elapsedMs: 90 * M, explanation: { previousCycles: [] } });
  });
});

describe('invariants that hold for every metric', () => {
  const MONDAY = Date.parse('2026-11-23T08:00:00Z');
  /** A metric on `calendar` that runs in "Doing" and "Escalated", paused in "Blocked", stopped by a resolution. */
  const metric = (calendar: 'berlin' | 'new-york'): MetricConfig => ({
    id: 'm',
    name: 'Metric',
    calendar,
    start: [{ on: 'created' }],
    pause: { status: ['Blocked'] },
    stop: [{ on: 'resolution-set' }],
    targets: { '*': { standard: '40h' } },
  });
  const statusChanges = fc.uniqueArray(fc.integer({ min: 1, max: 10 * 24 * 60 }), { maxLength: 10 }).map((minutes) => [...minutes].sort((a, b) => a - b).map((m) => MONDAY + m * M));
  const storyOf = (points: number[]) => {
    let story = issue({ created: new Date(MONDAY).toISOString(), status: 'Doing' });
    points.forEach((point, i) => (story = story.status(new Date(point).toISOString(), i % 2 === 0 ? 'Blocked' : i % 4 === 1 ? 'Doing' : 'Escalated')));
    return story;
  };

  it.each(['berlin', 'new-york'] as const)('pauses never add time, on %s hours', (zone) => {
    const config = metricsConfig([metric(zone)]);
    const calendar = compileConfig(config).calendars.get(zone)!;
    fc.assert(
      fc.property(statusChanges, fc.integer({ min: 0, max: 11 * 24 * 60 }), (points, end) => {
        const now = MONDAY + end * M;
        const elapsed = evaluateJson(storyOf(points).json(), new Date(now).toISOString(), { config }).metrics.m!.elapsedMs;
        let paused = 0;
        for (let i = 0; i < points.length; i += 2) paused += workingTimeBetween(calendar, Math.min(points[i]!, now), Math.min(points[i + 1] ?? now, now));
        expect(elapsed).toBe(workingTimeBetween(calendar, MONDAY, now) - paused);
      }),
      { numRuns: 40 },
    );
  });

  it('on a 24x7 calendar without pauses, elapsed time is the wall clock', () => {
    const config = metricsConfig([{ ...metric('berlin'), pause: undefined }]);
    config.calendars[0]!.weekly = '24x7';
    fc.assert(
      fc.property(statusChanges, fc.integer({ min: 0, max: 11 * 24 * 60 }), (points, end) => {
        const now = MONDAY + end * M;
        expect(evaluateJson(storyOf(points).json(), new Date(now).toISOString(), { config }).metrics.m!.elapsedMs).toBe(now - MONDAY);
      }),
      { numRuns: 40 },
    );
  });

  it('stretches add up: elapsed time is the sum of the working time of the intervals, and grows with now', () => {
    const config = metricsConfig([metric('new-york')]);
    fc.assert(
      fc.property(statusChanges, fc.integer({ min: 0, max: 11 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 }), (points, end, more) => {
        const story = storyOf(points).json();
        const at = (minutes: number) => new Date(MONDAY + minutes * M).toISOString();
        const first = evaluateJson(story, at(end), { config }).metrics.m!;
        const later = evaluateJson(story, at(end + more), { config }).metrics.m!;
        expect(first.elapsedMs).toBe(first.explanation.intervals.reduce((sum, interval) => sum + interval.workedMs, 0));
        expect(later.elapsedMs).toBeGreaterThanOrEqual(first.elapsedMs);
      }),
      { numRuns: 40 },
    );
  });
});
