import fc from 'fast-check';
import { loadExampleConfig } from '../../../test/support/evaluate';
import { issue } from '../../../test/support/issue-builder';
import { compileConfig } from '../clocks/policy';
import { evaluateIssue } from '../clocks/evaluation';
import { JiraIssueSchema } from '../clocks/jira-issue';
import { liveStatus, mayReplace, mirrorOf, NEVER, sameRecord, slaRecord } from './sla-record';
import { buildTimeline } from '../clocks/timeline';

const config = compileConfig(loadExampleConfig());
const at = (text: string) => Date.parse(text);
const M = 60_000;

/** A High bug by a standard reporter, created Monday 09:00 Berlin, paused 10:00-11:00. */
const timeline = buildTimeline(
  JiraIssueSchema.parse(issue({ created: '2026-11-23T09:00:00+01:00', priority: 'High' }).status('2026-11-23T10:00:00+01:00', 'Waiting for customer').status('2026-11-23T11:00:00+01:00', 'In Progress').json()),
);
const recordAt = (now: number) => slaRecord(evaluateIssue(timeline, config, { now }), timeline, 1);

describe('slaRecord', () => {
  it('holds the instants the figures follow from: a running clock by the start of its stretch', () => {
    const record = recordAt(at('2026-11-23T11:30:00+01:00'));
    // Without Jira's `updated` (this JSON has none), the source is as of the issue's creation.
    expect(record).toMatchObject({ issueKey: 'SUP-1', policy: 'support', tier: 'standard', priority: 'High', status: 'breached', configVersion: 1, sourceUpdated: at('2026-11-23T09:00:00+01:00') });
    // Response, 1h standard: ran out exactly at the pause at 10:00, breached once it ran again at 11:00.
    expect(record.metrics.response).toMatchObject({ state: 'running', elapsedMs: 60 * M, since: at('2026-11-23T11:00:00+01:00'), breachedAt: at('2026-11-23T10:00:00+01:00') });
    expect(record.alertAt).toBe(at('2026-11-23T10:00:00+01:00'));
  });

  it('stays the same while nothing happens, so an unchanged issue is never rewritten', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.integer({ min: 0, max: 30 * 24 * 60 }), (a, b) => {
        const start = at('2026-11-23T11:00:00+01:00');
        const first = recordAt(start + a * M);
        const second = recordAt(start + b * M);
        // Between two of its deadlines the record does not change. A deadline is the last instant
        // before the change (a target running out exactly then is still met): from it on, it may.
        const [from, to] = [start + Math.min(a, b) * M, start + Math.max(a, b) * M];
        const crossed = [first, second].some((record) => record.nextDeadline !== NEVER && record.nextDeadline >= from && record.nextDeadline < to);
        return crossed || sameRecord(first, second);
      }),
    );
  });
});

describe('liveStatus', () => {
  it('agrees with a fresh evaluation at every instant, between recomputes too', () => {
    const created = at('2026-11-23T09:00:00+01:00');
    const quiet = buildTimeline(JiraIssueSchema.parse(issue({ created: '2026-11-23T09:00:00+01:00', priority: 'Highest' }).json()));
    const record = slaRecord(evaluateIssue(quiet, config, { now: created }), quiet, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 24 * 60 * 60 }), (seconds) => {
        const now = created + seconds * 1000;
        const fresh = evaluateIssue(quiet, config, { now }).metrics.resolution!;
        const live = liveStatus(record.metrics.resolution!, config.calendars.get(record.metrics.resolution!.calendar), now);
        return live.status === fresh.status && live.remainingMs === fresh.remainingMs && live.breached === fresh.breached;
      }),
    );
  });

  it('is breached the millisecond after the due instant, not at the next sweep', () => {
    const created = at('2026-11-23T09:00:00+01:00');
    const quiet = buildTimeline(JiraIssueSchema.parse(issue({ created: '2026-11-23T09:00:00+01:00', priority: 'Highest' }).json()));
    const metric = slaRecord(evaluateIssue(quiet, config, { now: created }), quiet, 1).metrics.response!;
    const calendar = config.calendars.get(metric.calendar);
    expect(liveStatus(metric, calendar, metric.dueAt!)).toMatchObject({ status: 'at-risk', remainingMs: 0 });
    expect(liveStatus(metric, calendar, metric.dueAt! + 1)).toMatchObject({ status: 'breached', remainingMs: -1 });
  });
});

describe('mayReplace', () => {
  const record = recordAt(at('2026-11-23T11:30:00+01:00'));
  it('never lets a record read from an older issue, or computed with an older config, replace a newer one', () => {
    expect(mayReplace(undefined, record)).toBe(true);
    expect(mayReplace(record, { ...record, evaluatedAt: record.evaluatedAt + 1 })).toBe(true);
    expect(mayReplace(record, { ...record, sourceUpdated: record.sourceUpdated - 1 })).toBe(false);
    expect(mayReplace(record, { ...record, configVersion: 0 })).toBe(false);
    expect(mayReplace(record, { ...record, sourceUpdated: record.sourceUpdated + 1, configVersion: 2 })).toBe(true);
  });
});

describe('mirrorOf', () => {
  it('writes the record in the property’s documented shape, for JQL', () => {
    const mirror = mirrorOf(recordAt(at('2026-11-23T11:30:00+01:00')));
    expect(mirror).toMatchObject({
      v: 2,
      policy: 'support',
      tier: 'standard',
      status: 'breached',
      breached: 'true',
      response: { status: 'breached', breached: 'true', breachedAt: '2026-11-23T09:00:00.000Z', calendar: 'berlin-office', targetMs: 60 * M },
      resolution: { status: 'on-track', breached: 'false' },
    });
    expect(mirror.nextDeadlineMs).toBe(Date.parse(mirror.nextDeadline!));
  });
});
