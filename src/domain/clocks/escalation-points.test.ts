/** Escalation points, worked by hand on plain Berlin hours (Mon-Fri 09:00-17:00, CET in November 2026). */
import { evaluateJson, metricsConfig } from '../../../test/support/evaluate';
import { issue } from '../../../test/support/issue-builder';
import type { MetricConfig } from '../config/schema';
import { pointMs, renderTemplate, type EscalationRule } from '../config/escalation-rules';
import { compileConfig } from './policy';
import { simulateEscalations } from './simulate';

const H = 3_600_000;
const M = 60_000;
const t = (hhmm: string, day = '2026-11-23') => `${day}T${hhmm}:00+01:00`;
const utc = (text: string) => Date.parse(text);
const resolution: MetricConfig = { id: 'resolution', name: 'Resolution', start: [{ on: 'created' }], pause: { status: ['Waiting'] }, stop: [{ on: 'resolution-set' }], targets: { '*': { standard: '4h' } } };
const rule = (id: string, at: EscalationRule['at']): EscalationRule => ({ id, metric: 'resolution', at, actions: [{ type: 'add-label', label: id }] });
const rules = [rule('p50', { percent: 50 }), rule('p100', { percent: 100 }), rule('before', { beforeDue: '30m' }), rule('after', { afterBreach: '1h' })];
const config = () => {
  const base = metricsConfig([resolution]);
  base.policies[0]!.escalations = rules;
  return base;
};

describe('pointMs', () => {
  it.each<[EscalationRule['at'], number]>([
    [{ percent: 50 }, 2 * H],
    [{ percent: 100 }, 4 * H],
    [{ percent: 150 }, 6 * H],
    [{ beforeDue: '30m' }, 3.5 * H],
    [{ beforeDue: '5h' }, 0],
    [{ afterBreach: '1h' }, 5 * H],
  ])('%j of a 4h target is at %d ms of working time', (at, ms) => expect(pointMs(rule('r', at), 4 * H)).toBe(ms));
});

describe('escalation points of an evaluation', () => {
  // Created Monday 15:00: 2h by 17:00, so 50 % at 17:00; Tuesday 09:00 on: 100 % at 11:00, 30m before at 10:30, 1h after at 12:00.
  const story = issue({ created: t('15:00') });

  it('ahead of a running clock: when each is due, the earliest is the next deadline', () => {
    const result = evaluateJson(story.json(), t('16:00'), { config: config() });
    expect(result.escalations.map((point) => [point.rule, point.reachedAt, point.dueAt])).toEqual([
      ['p50', null, utc(t('17:00'))],
      ['p100', null, utc(t('11:00', '2026-11-24'))],
      ['before', null, utc(t('10:30', '2026-11-24'))],
      ['after', null, utc(t('12:00', '2026-11-24'))],
    ]);
    expect(result.nextDeadline).toBe(utc(t('17:00')));
  });

  it('reached: when, from the stretches worked; a paused clock has nothing due', () => {
    const paused = story.status(t('10:45', '2026-11-24'), 'Waiting');
    const result = evaluateJson(paused.json(), t('12:00', '2026-11-24'), { config: config() });
    expect(result.escalations.map((point) => [point.rule, point.reachedAt, point.dueAt])).toEqual([
      ['p50', utc(t('17:00')), null],
      ['p100', null, null],
      ['before', utc(t('10:30', '2026-11-24')), null],
      ['after', null, null],
    ]);
  });

  it('one per cycle: the cycle is told by its start', () => {
    const result = evaluateJson(story.json(), t('16:00'), { config: config() });
    expect(new Set(result.escalations.map((point) => point.cycleStartedAt))).toEqual(new Set([utc(t('15:00'))]));
  });
});

describe('templates', () => {
  it('name the issue, metric, target, time left or overdue and the due instant; other braces stay', () => {
    const facts = { issue: 'SUP-1', summary: 'Down', metric: 'Resolution', targetMs: 4 * H, remainingMs: -90 * M, due: 'Tue 24 Nov 2026, 11:00 (Europe/Berlin)' };
    expect(renderTemplate('{issue} ({summary}): {metric} {target}, {remaining} left, {overdue} over, due {due}; {unknown}', facts)).toBe(
      'SUP-1 (Down): Resolution 4h, 0s left, 1h 30m over, due Tue 24 Nov 2026, 11:00 (Europe/Berlin); {unknown}',
    );
  });

  it('the simulator says when each rule fires and what it does', () => {
    const policy = compileConfig(config()).policies[0]!;
    const simulated = simulateEscalations(policy, { priority: 'High', tier: 'standard', createdAt: utc(t('15:00')), issue: 'SAMPLE-1', summary: 's' });
    expect(simulated.map((escalation) => [escalation.rule, escalation.firesAt, escalation.messages[0]!.text])).toEqual([
      ['p50', utc(t('17:00')), 'label p50'],
      ['p100', utc(t('11:00', '2026-11-24')), 'label p100'],
      ['before', utc(t('10:30', '2026-11-24')), 'label before'],
      ['after', utc(t('12:00', '2026-11-24')), 'label after'],
    ]);
  });
});
