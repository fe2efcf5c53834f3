import { calendar } from '../../../test/support/calendars';
import { liveMetric, type EvaluatedMetric } from './live';

const at = (text: string) => Date.parse(text);
const M = 60_000;
const office = calendar('berlinOffice');

const running: EvaluatedMetric = {
  state: 'running',
  status: 'on-track',
  targetMs: 30 * M,
  elapsedMs: 10 * M,
  breached: false,
  dueAt: at('2026-11-23T09:30:00+01:00'),
  atRiskAt: at('2026-11-23T09:22:30+01:00'),
};
const evaluatedAt = at('2026-11-23T09:10:00+01:00');

describe('liveMetric', () => {
  it('counts down with working time', () => {
    expect(liveMetric(running, office, evaluatedAt, at('2026-11-23T09:15:00+01:00'))).toEqual({ status: 'on-track', elapsedMs: 15 * M, remainingMs: 15 * M, breached: false });
  });

  it('turns at risk at atRiskAt and breached once past the target', () => {
    expect(liveMetric(running, office, evaluatedAt, at('2026-11-23T09:25:00+01:00')).status).toBe('at-risk');
    expect(liveMetric(running, office, evaluatedAt, at('2026-11-23T09:30:00+01:00'))).toMatchObject({ status: 'at-risk', remainingMs: 0 });
    expect(liveMetric(running, office, evaluatedAt, at('2026-11-23T09:31:00+01:00'))).toMatchObject({ status: 'breached', remainingMs: -M, breached: true });
  });

  it('does not move outside working hours', () => {
    const friday = { ...running, dueAt: null, atRiskAt: null };
    const late = at('2026-11-20T16:30:00+01:00');
    expect(liveMetric(friday, office, late, at('2026-11-22T12:00:00+01:00')).remainingMs).toBe(20 * M);
  });

  it('does not move while paused or stopped', () => {
    for (const state of ['paused', 'stopped'] as const) {
      expect(liveMetric({ ...running, state, status: state === 'paused' ? 'paused' : 'met' }, office, evaluatedAt, at('2026-11-23T12:00:00+01:00')).remainingMs).toBe(20 * M);
    }
  });
});
