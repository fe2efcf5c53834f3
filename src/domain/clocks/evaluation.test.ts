import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXAMPLES, evaluateJson, exampleMetric, loadExampleConfig } from '../../../test/support/evaluate';
import { AGENT, issue, REPORTER } from '../../../test/support/issue-builder';
import { evaluationJson } from './evaluation';
import { compileConfig } from './policy';
import { workingTimeBetween } from '../time/working-time';

const H = 3_600_000;
const M = 60_000;
const VIP = '712020:5c3f0b0e-6f43-4b7a-9a43-2c7b4b1a9f10';
const MONDAY = '2026-11-23T09:00:00+01:00';
const t = (hhmm: string, day = '2026-11-23') => `${day}T${hhmm}:00+01:00`;
const utc = (text: string) => Date.parse(text);

describe('the shared example SUP-7 (VIP, High, Berlin office)', () => {
  const sup7 = JSON.parse(readFileSync(join(EXAMPLES, 'SUP-7.json'), 'utf8'));
  const result = evaluateJson(sup7, '2026-11-24T00:00:00Z');

  it('meets the response target at once: the agent answered outside office hours', () => {
    expect(result.tier).toBe('vip');
    expect(result.policy).toEqual({ id: 'support', name: 'Customer support' });
    expect(result.metrics.response).toMatchObject({ state: 'stopped', status: 'met', breached: false, elapsedMs: 0, targetMs: 30 * M, stoppedAt: utc('2026-11-20T16:20:00+01:00') });
  });

  it('meets resolution after 2h 59m 59s of working time, the customer wait not counted', () => {
    const resolution = result.metrics.resolution!;
    expect(resolution).toMatchObject({ state: 'stopped', status: 'met', breached: false, targetMs: 8 * H, elapsedMs: 2 * H + 59 * M + 59_000, dueAt: null, breachedAt: null });
    expect(resolution.explanation.summary).toBe('High × VIP → 8h Time to resolution on Berlin office hours');
    expect(resolution.explanation.intervals.map((i) => [i.state, i.from, i.to, i.workedMs])).toEqual([
      ['running', utc('2026-11-20T16:00:00+01:00'), utc('2026-11-20T17:00:00+01:00'), 0],
      ['paused', utc('2026-11-20T17:00:00+01:00'), utc('2026-11-23T10:00:01+01:00'), 0],
      ['running', utc('2026-11-23T10:00:01+01:00'), utc('2026-11-23T14:00:00+01:00'), 2 * H + 59 * M + 59_000],
    ]);
  });
});

describe('running clocks', () => {
  it('are due after the target in working time, at risk from warnAtPercent', () => {
    const story = issue({ created: MONDAY, reporter: VIP });
    const early = evaluateJson(story.json(), t('09:20'));
    // VIP High: response 30m, warn at 75% = 22m 30s.
    expect(early.metrics.response).toMatchObject({ state: 'running', status: 'on-track', atRisk: false, remainingMs: 10 * M, dueAt: utc(t('09:30')), atRiskAt: utc('2026-11-23T09:22:30+01:00') });
    expect(early.nextDeadline).toBe(utc('2026-11-23T09:22:30+01:00'));
    const late = evaluateJson(story.json(), t('09:25'));
    expect(late.metrics.response).toMatchObject({ status: 'at-risk', atRisk: true, atRiskAt: null, atRiskSince: utc('2026-11-23T09:22:30+01:00'), dueAt: utc(t('09:30')) });
    // The record changes next when the clock breaches: one millisecond of working time after it runs out.
    expect(late.metrics.response).toMatchObject({ breachesAt: utc(t('09:30')) + 1 });
    expect(late.nextDeadline).toBe(utc(t('09:30')) + 1);
  });

  it('breach while running: remaining goes negative, breachedAt is when the target ran out', () => {
    const result = evaluateJson(issue({ created: MONDAY, reporter: VIP }).json(), t('10:00'));
    expect(result.metrics.response).toMatchObject({ state: 'running', status: 'breached', breached: true, atRisk: false, remainingMs: -30 * M, dueAt: null, breachedAt: utc(t('09:30')) });
  });

  it('met late: stopped after the target ran out stays breached', () => {
    const story = issue({ created: MONDAY, reporter: VIP }).comment(t('10:00'), AGENT);
    expect(evaluateJson(story.json(), t('12:00')).metrics.response).toMatchObject({ state: 'stopped', status: 'met-late', breached: true, elapsedMs: H, breachedAt: utc(t('09:30')) });
  });

  it('a response that lands exactly at the due instant is met', () => {
    const story = issue({ created: MONDAY, reporter: VIP }).comment(t('09:30'), AGENT);
    expect(evaluateJson(story.json(), t('12:00')).metrics.response).toMatchObject({ status: 'met', breached: false, remainingMs: 0 });
  });

  it('ignores events after now', () => {
    const story = issue({ created: MONDAY }).comment(t('11:00'), AGENT).resolve(t('12:00'));
    const result = evaluateJson(story.json(), t('10:00'));
    expect(result.metrics.response?.state).toBe('running');
    expect(result.metrics.resolution).toMatchObject({ state: 'running', elapsedMs: H });
  });
});

describe('response stops', () => {
  it('at the first public comment by someone other than the reporter', () => {
    const story = issue({ created: MONDAY })
      .comment(t('09:10'), REPORTER)
      .comment(t('09:20'), AGENT, false)
      .comment(t('09:40'), AGENT, true);
    const response = evaluateJson(story.json(), t('12:00')).metrics.response!;
    expect(response).toMatchObject({ state: 'stopped', elapsedMs: 40 * M, stoppedAt: utc(t('09:40')) });
    expect(response.explanation.stopReason).toBe('public comment by an agent');
  });

  it('when a resolution is set, and stays stopped after a reopen', () => {
    const story = issue({ created: MONDAY }).resolve(t('09:45')).reopen(t('10:00'));
    expect(evaluateJson(story.json(), t('12:00')).metrics.response).toMatchObject({ state: 'stopped', elapsedMs: 45 * M, status: 'met' });
  });
});

describe('pause statuses', () => {
  const story = issue({ created: MONDAY }).status(t('10:00'), 'Waiting for customer').status(t('11:00'), 'In Progress');

  it('stop both clocks while the customer holds things up', () => {
    const paused = evaluateJson(story.json(), t('10:30'));
    expect(paused.metrics.resolution).toMatchObject({ state: 'paused', status: 'paused', elapsedMs: H, dueAt: null });
    const resumed = evaluateJson(story.json(), t('12:00'));
    expect(resumed.metrics.resolution).toMatchObject({ state: 'running', elapsedMs: 2 * H });
    expect(resumed.metrics.resolution?.explanation.intervals.map((i) => i.state)).toEqual(['running', 'paused', 'running']);
  });

  it('a clock that paused exactly on its target is breached once it runs again, breachedAt when it ran out', () => {
    // Standard High response: 1h, used up at 10:00 when the issue went to the customer.
    const paused = evaluateJson(story.json(), t('10:30')).metrics.response!;
    expect(paused).toMatchObject({ status: 'paused', breached: false, remainingMs: 0 });
    expect(evaluateJson(story.json(), t('11:30')).metrics.response).toMatchObject({ breached: true, breachedAt: utc(t('10:00')) });
  });

  it('match status names whatever their case', () => {
    const lower = issue({ created: MONDAY }).status(t('10:00'), 'waiting FOR customer');
    expect(evaluateJson(lower.json(), t('12:00')).metrics.resolution?.state).toBe('paused');
  });

  it('never add time: elapsed is the working time less the paused working time', () => {
    const config = compileConfig(loadExampleConfig());
    const office = config.calendars.get('berlin-office')!;
    const start = Date.parse(MONDAY);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 7 * 24 * 60 }), { maxLength: 8 }), fc.integer({ min: 0, max: 8 * 24 * 60 }), (minutes, end) => {
        const points = [...minutes].sort((a, b) => a - b).map((m) => start + m * M);
        const now = start + end * M;
        let story = issue({ created: MONDAY });
        points.forEach((point, i) => (story = story.status(new Date(point).toISOString(), i % 2 === 0 ? 'Waiting for customer' : 'In Progress')));
        const elapsed = evaluateJson(story.json(), new Date(now).toISOString()).metrics.resolution!.elapsedMs;
        let paused = 0;
        for (let i = 0; i < points.length; i += 2) paused += workingTimeBetween(office, Math.min(points[i]!, now), Math.min(points[i + 1] ?? now, now));
        expect(elapsed).toBe(workingTimeBetween(office, start, now) - paused);
        expect(elapsed).toBeLessThanOrEqual(workingTimeBetween(office, start, now));
      }),
      { numRuns: 50 },
    );
  });
});

describe('priority changes: the target follows the current priority, elapsed time kept', () => {
  it('a lower priority gives more time from the same elapsed time', () => {
    const story = issue({ created: MONDAY, priority: 'High' }).priority(t('09:30'), 'Low');
    const response = evaluateJson(story.json(), t('11:00')).metrics.response!;
    // Standard Low: 8h. Elapsed 2h, so 6h remain: 11:00-12:30, 13:30-18:00.
    expect(response).toMatchObject({ targetMs: 8 * H, elapsedMs: 2 * H, dueAt: utc(t('18:00')) });
    expect(response.explanation.priorityChanges).toEqual([{ at: utc(t('09:30')), from: 'High', to: 'Low' }]);
  });

  it('a raise past the elapsed time breaches at the change', () => {
    const story = issue({ created: MONDAY, priority: 'Medium' }).priority(t('10:30'), 'High');
    expect(evaluateJson(story.json(), t('11:00')).metrics.response).toMatchObject({ targetMs: H, breached: true, breachedAt: utc(t('10:30')) });
  });

  it('a cell calendar counts each stretch on its own calendar (Highest runs around the clock)', () => {
    // Created Friday 17:00 as Medium (office calendar, closed), raised to Highest (24x7) Saturday 10:00.
    const story = issue({ created: t('17:00', '2026-11-20'), priority: 'Medium' }).priority(t('10:00', '2026-11-21'), 'Highest');
    const response = evaluateJson(story.json(), t('10:10', '2026-11-21')).metrics.response!;
    expect(response).toMatchObject({ targetMs: 30 * M, elapsedMs: 10 * M, dueAt: utc(t('10:30', '2026-11-21')) });
    expect(response.explanation.calendar.id).toBe('always');
  });

  it('README: a clock that ran out at closing time and is paused before it runs again keeps its run-out instant as breachedAt', () => {
    // Standard High response: 1h. Created Monday 17:00 Berlin, runs out at 18:00 closing; paused
    // Tuesday 08:00-11:00 (waiting for the customer), breached from 11:00:00.001, breachedAt Monday 18:00.
    const story = issue({ created: t('17:00'), priority: 'High' }).status(t('08:00', '2026-11-24'), 'Waiting for customer').status(t('11:00', '2026-11-24'), 'In Progress');
    expect(evaluateJson(story.json(), t('10:59', '2026-11-24')).metrics.response).toMatchObject({ status: 'paused', breached: false, remainingMs: 0 });
    expect(evaluateJson(story.json(), t('11:00', '2026-11-24')).metrics.response).toMatchObject({ breached: false, remainingMs: 0 });
    expect(evaluateJson(story.json(), t('11:01', '2026-11-24')).metrics.response).toMatchObject({ status: 'breached', breached: true, breachedAt: utc(t('18:00')), remainingMs: -M });
  });

  it('a breach stays a breach after the priority is lowered', () => {
    const story = issue({ created: MONDAY, priority: 'High' }).priority(t('11:00'), 'Lowest');
    // The cycle keeps the target it breached: remaining stays target minus elapsed, negative.
    expect(evaluateJson(story.json(), t('11:30')).metrics.response).toMatchObject({ breached: true, status: 'breached', breachedAt: utc(t('10:00')), targetMs: H, remainingMs: -(90 * M) });
  });
});

describe('VIP', () => {
  it('by account id, by group, or standard', () => {
    expect(evaluateJson(issue({ created: MONDAY, reporter: VIP }).json(), t('10:00')).tier).toBe('vip');
    const byGroup = evaluateJson(issue({ created: MONDAY }).json(), t('10:00'), { reporterGroups: ['staff', 'vip-customers'] });
    expect(byGroup.tier).toBe('vip');
    expect(byGroup.metrics.resolution?.targetMs).toBe(8 * H);
    const standard = evaluateJson(issue({ created: MONDAY }).json(), t('10:00'), { reporterGroups: ['staff'] });
    expect(standard.tier).toBe('standard');
    expect(standard.metrics.resolution?.targetMs).toBe(16 * H);
  });
});

describe('reopening', () => {
  const story = issue({ created: MONDAY, reporter: VIP }).comment(t('09:10'), AGENT).resolve(t('11:00')).reopen(t('09:00', '2026-11-24'));

  it('continue (default): elapsed time carries on', () => {
    expect(evaluateJson(story.json(), t('10:00', '2026-11-24')).metrics.resolution).toMatchObject({ state: 'running', elapsedMs: 3 * H });
  });

  it('restart: a new cycle from zero, the earlier one kept in the explanation', () => {
    const config = loadExampleConfig();
    exampleMetric(config, 'resolution').onRestart = 'restart';
    const resolution = evaluateJson(story.json(), t('10:00', '2026-11-24'), { config }).metrics.resolution!;
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: H });
    expect(resolution.explanation.previousCycles).toEqual([
      // The earlier cycle ends where it stopped, at the resolution.
      { from: utc(MONDAY), to: utc(t('11:00')), elapsedMs: 2 * H, targetMs: 8 * H, breachedAt: null, priority: 'High', tier: 'vip' },
    ]);
  });
});

describe('issues without a target', () => {
  it('outside every policy: no metrics and a note why', () => {
    const result = evaluateJson(issue({ created: MONDAY, project: 'OPS' }).json(), t('10:00'));
    expect(result).toMatchObject({ policy: null, metrics: {}, nextDeadline: null });
    expect(result.notes).toEqual(['No policy covers project OPS and issue type Bug']);
  });

  it('with a priority the matrix has no row for', () => {
    const result = evaluateJson(issue({ created: MONDAY, priority: 'Trivial' }).json(), t('10:00'));
    expect(result.metrics.response).toBeUndefined();
    expect(result.notes).toContain('Time to first response: policy "Customer support" has no target for priority Trivial and tier Standard');
  });
});

describe('evaluationJson', () => {
  it('writes every instant as an ISO string and leaves durations as numbers', () => {
    const story = issue({ created: MONDAY }).status(t('10:00'), 'Waiting for customer').status(t('11:00'), 'In Progress');
    const json = evaluationJson(evaluateJson(story.json(), t('12:00')));
    expect(json.evaluatedAt).toBe('2026-11-23T11:00:00.000Z');
    expect(json.metrics.resolution).toMatchObject({ dueAt: '2026-11-25T09:00:00.000Z', elapsedMs: 2 * H, breachedAt: null });
    expect(json.metrics.response).toMatchObject({ breachedAt: '2026-11-23T09:00:00.000Z', remainingMs: -H });
    expect(json.metrics.resolution!.explanation.intervals[1]).toEqual({ state: 'paused', from: '2026-11-23T09:00:00.000Z', to: '2026-11-23T10:00:00.000Z', priority: 'High', workedMs: 0 });
  });
});

describe('exact boundaries and final verdicts (README: When each clock runs)', () => {
  // Mon-Fri 09:00-17:00 Berlin; High standard: response 1h; Highest standard resolution 30m on the office calendar.
  const config = loadExampleConfig();
  config.calendars[0]!.weekly = { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] };
  exampleMetric(config, 'resolution').targets.Highest = { vip: '15m', standard: '30m' };
  const evaluate = (story: ReturnType<typeof issue>, now: string) => evaluateJson(story.json(), now, { config });
  const latePm = () => issue({ created: t('16:00') }); // runs out exactly at closing, 17:00 CET = 16:00Z

  it.each([
    ['an internal note', (story: ReturnType<typeof issue>) => story.comment(t('20:00'), AGENT, false)],
    ['a comment by the reporter', (story: ReturnType<typeof issue>) => story.comment(t('20:00'), REPORTER)],
    ['a status change that does not pause', (story: ReturnType<typeof issue>) => story.status(t('20:00'), 'In Progress')],
  ])('breachedAt is the instant the target ran out, whatever happens after it (%s at 20:00)', (_, event) => {
    const response = evaluate(event(latePm()), t('10:00', '2026-11-24')).metrics.response!;
    expect(response).toMatchObject({ status: 'breached', breachedAt: utc('2026-11-23T16:00:00Z'), remainingMs: -H });
  });

  it.each(['2026-11-23T19:00:00Z', '2026-11-23T21:30:00Z'])('ran out at closing and evaluated at %s: due stays 17:00, the next deadline is the next working millisecond', (now) => {
    const result = evaluate(latePm(), now);
    expect(result.metrics.response).toMatchObject({ status: 'at-risk', breached: false, remainingMs: 0, dueAt: utc('2026-11-23T16:00:00Z'), breachesAt: utc('2026-11-24T08:00:00Z') + 1 });
    expect(result.nextDeadline).toBe(utc('2026-11-24T08:00:00Z') + 1);
    expect(result.nextDeadline!).toBeGreaterThan(utc(now));
  });

  it('a reopened cycle takes the target of the priority in force at the reopen, and is breached at once when past it, even paused', () => {
    const story = issue({ created: t('09:00'), priority: 'High' }).resolve(t('09:45')).priority(t('10:00'), 'Highest').reopen(t('11:00'), 'Waiting for customer');
    const resolution = evaluate(story, t('12:00')).metrics.resolution!;
    expect(resolution).toMatchObject({ state: 'paused', status: 'breached', breached: true, breachedAt: utc(t('11:00')), targetMs: 30 * M, elapsedMs: 45 * M, remainingMs: -15 * M, atRisk: false });
  });

  it('a stopped cycle is final: lowering the priority of a closed issue changes nothing of it', () => {
    const story = issue({ created: t('09:00'), priority: 'High' }).comment(t('10:30'), AGENT).resolve(t('11:00'));
    const before = evaluate(story, t('12:00')).metrics;
    const after = evaluate(story.priority(t('12:30'), 'Lowest'), t('13:00')).metrics;
    for (const metric of ['response', 'resolution'] as const) {
      const pick = (result: typeof before.response) => ({ ...result!, explanation: { ...result!.explanation, priorityChanges: [] } });
      expect(pick(after[metric])).toEqual(pick(before[metric]));
    }
    expect(after.response).toMatchObject({ status: 'met-late', targetMs: H, remainingMs: -30 * M, explanation: { priority: 'High' } });
  });

  it('a cycle that stopped with no target keeps none: raising the priority of the closed issue gives it none', () => {
    const story = issue({ created: t('09:00'), priority: 'Trivial' }).resolve(t('11:00'));
    const raised = evaluate(story.priority(t('12:00'), 'High'), t('13:00'));
    expect(raised.metrics.resolution).toBeUndefined();
    expect(raised.notes).toContain('Time to resolution: policy "Customer support" has no target for priority High and tier Standard');
  });

  it('after a breach, time under a priority with no row counts on the metric’s calendar, not the breached cell’s', () => {
    // Highest runs around the clock (30m, breached at 09:30); at 18:00 the issue moves to Trivial,
    // which has no row: the office calendar (closed from 17:00) counts the evening, so nothing.
    const story = issue({ created: t('09:00'), priority: 'Highest' }).priority(t('18:00'), 'Trivial');
    const response = evaluate(story, t('20:00')).metrics.response!;
    expect(response).toMatchObject({ state: 'running', breached: true, breachedAt: utc(t('09:30')), targetMs: 30 * M, elapsedMs: 9 * H, remainingMs: 30 * M - 9 * H });
  });

  it('only an agent answers: public comments by other customers do not stop the response clock', () => {
    const story = issue({ created: t('09:00') }).customerComment(t('09:10'), 'customer-2').comment(t('09:20'), REPORTER).comment(t('09:40'), AGENT);
    expect(evaluate(story, t('12:00')).metrics.response).toMatchObject({ state: 'stopped', stoppedAt: utc(t('09:40')), elapsedMs: 40 * M, explanation: { stopReason: 'public comment by an agent' } });
  });

  it('a comment dated before the issue was created counts as made at creation', () => {
    const story = issue({ created: t('09:00') }).comment(t('08:00'), AGENT);
    expect(evaluate(story, t('12:00')).metrics.response).toMatchObject({ state: 'stopped', stoppedAt: utc(t('09:00')), elapsedMs: 0, status: 'met' });
  });

  it('a paused clock says which status pauses it', () => {
    const story = issue({ created: t('09:00') }).status(t('09:30'), 'Waiting for customer');
    expect(evaluate(story, t('10:00')).metrics.resolution!.explanation).toMatchObject({ pausedBy: 'Waiting for customer' });
    expect(evaluate(story.status(t('10:30'), 'In Progress'), t('11:00')).metrics.resolution!.explanation).toMatchObject({ pausedBy: null });
  });

  it('VIP groups match whatever their case', () => {
    const vip = { ...config, vip: { groups: ['VIP-Customers'] } };
    expect(evaluateJson(issue({ created: t('09:00') }).json(), t('10:00'), { config: vip, reporterGroups: ['vip-customers'] }).tier).toBe('vip');
  });
});
