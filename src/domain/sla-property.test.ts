import { calendar } from '../../test/support/calendars';
import { liveRemainingMs, samePropertyContent, type MetricRecord, type SlaProperty } from './sla-property';

const office = calendar('berlinOffice');
const M = 60_000;
const record = (fields: Partial<MetricRecord>): MetricRecord => ({ status: 'on-track', breached: 'false', atRisk: 'false', targetMs: 60 * M, calendar: 'berlin-office', ...fields });

describe('liveRemainingMs', () => {
  const now = Date.parse('2026-11-23T10:00:00+01:00');
  it('counts working time to dueAt, and past it as overdue', () => {
    expect(liveRemainingMs(record({ dueAt: '2026-11-23T09:30:00.000Z' }), office, now)).toBe(30 * M);
    expect(liveRemainingMs(record({ dueAt: '2026-11-23T08:30:00.000Z' }), office, now)).toBe(-30 * M);
  });
  it('counts on from breachedAt, over lunch and closed hours only the open time', () => {
    expect(liveRemainingMs(record({ breachedAt: '2026-11-20T14:30:00.000Z' }), office, now)).toBe(-(30 + 60) * M);
  });
  it('uses the elapsed time of clocks that do not run', () => {
    expect(liveRemainingMs(record({ elapsedMs: 45 * M, status: 'paused' }), office, now)).toBe(15 * M);
  });
});

describe('samePropertyContent', () => {
  const property = { v: 1, policy: 'support', tier: 'vip', priority: 'High', status: 'on-track', breached: 'false', atRisk: 'false', evaluatedAt: '2026-11-23T09:00:00.000Z' } as SlaProperty;
  it('ignores when it was computed, nothing else', () => {
    expect(samePropertyContent({ ...property, evaluatedAt: '2026-11-24T00:00:00.000Z' }, property)).toBe(true);
    expect(samePropertyContent({ ...property, status: 'at-risk' }, property)).toBe(false);
    expect(samePropertyContent(undefined, property)).toBe(false);
  });
});
