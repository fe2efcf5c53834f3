/**
 * Every condition a metric can start, pause or stop on, each with a hand-worked example on plain
 * Berlin hours (Mon-Fri 09:00-17:00, CET = UTC+1 in November 2026).
 */
import { evaluateJson, metricsConfig } from '../../../test/support/evaluate';
import { AGENT, issue, REPORTER } from '../../../test/support/issue-builder';
import type { MetricConfig } from './schema';

const H = 3_600_000;
const M = 60_000;
const t = (hhmm: string, day = '2026-11-23') => `${day}T${hhmm}:00+01:00`;
const utc = (text: string) => Date.parse(text);
const MONDAY = t('09:00');

/** One metric `m` with a 4h target for every priority, evaluated on the story at `now`. */
const run = (metric: Omit<MetricConfig, 'id' | 'name' | 'targets'>, story: ReturnType<typeof issue>, now: string, extra: Partial<Parameters<typeof evaluateJson>[2]> = {}) =>
  evaluateJson(story.json(), now, { config: metricsConfig([{ id: 'm', name: 'Metric', targets: { '*': { standard: '4h' } }, ...metric }]), ...extra }).metrics.m;

describe('start and stop conditions', () => {
  it('created: the clock starts with the issue', () => {
    expect(run({ start: [{ on: 'created' }], stop: [{ on: 'resolution-set' }] }, issue({ created: MONDAY }), t('10:30'))).toMatchObject({ state: 'running', elapsedMs: 90 * M });
  });

  it('status entered by name (any case) and left: the clock runs while the issue is in the status', () => {
    const story = issue({ created: MONDAY }).status(t('10:00'), 'In Review').status(t('11:15'), 'Open');
    const result = run({ start: [{ on: 'status-entered', status: ['in review'] }], stop: [{ on: 'status-left', status: ['In Review'] }] }, story, t('12:00'));
    expect(result).toMatchObject({ state: 'stopped', elapsedMs: 75 * M, stoppedAt: utc(t('11:15')), explanation: { startedAt: utc(t('10:00')), stopReason: 'left "In Review" (to "Open")' } });
  });

  it('an issue created in the status has entered it at creation', () => {
    const story = issue({ created: MONDAY, status: 'Triage' });
    expect(run({ start: [{ on: 'status-entered', status: ['Triage'] }], stop: [{ on: 'status-left', status: ['Triage'] }] }, story, t('09:45'))).toMatchObject({ state: 'running', elapsedMs: 45 * M });
  });

  it('status category: entered "in progress" (indeterminate) starts it, a "done" status stops it', () => {
    const story = issue({ created: MONDAY }).status(t('09:30'), 'Doing').status(t('10:00'), 'Reviewing').status(t('11:00'), 'Shipped');
    const categories = { statusCategories: { Open: 'new', Doing: 'indeterminate', Reviewing: 'indeterminate', Shipped: 'done' } };
    const result = evaluateJson(story.json(), t('12:00'), {
      config: metricsConfig([{ id: 'm', name: 'In progress', start: [{ on: 'status-entered', category: ['indeterminate'] }], stop: [{ on: 'status-entered', category: ['done'] }], targets: { '*': { standard: '4h' } } }]),
      ...categories,
    }).metrics.m;
    // Doing -> Reviewing stays in the category: neither entered nor left, so 09:30 to 11:00.
    expect(result).toMatchObject({ state: 'stopped', elapsedMs: 90 * M, stoppedAt: utc(t('11:00')) });
  });

  it('a status whose category is unknown meets no category condition', () => {
    const story = issue({ created: MONDAY }).status(t('09:30'), 'Doing');
    expect(run({ start: [{ on: 'status-entered', category: ['indeterminate'] }], stop: [{ on: 'resolution-set' }] }, story, t('12:00'))).toBeUndefined();
  });

  it('resolution set stops, resolution cleared starts again (continue keeps the elapsed time)', () => {
    const story = issue({ created: MONDAY }).resolve(t('10:00')).reopen(t('11:00'));
    const result = run({ start: [{ on: 'created' }, { on: 'resolution-cleared' }], stop: [{ on: 'resolution-set' }], onRestart: 'continue' }, story, t('11:30'));
    expect(result).toMatchObject({ state: 'running', elapsedMs: 90 * M, explanation: { startedAt: utc(MONDAY) } });
  });

  it('a public comment by an agent stops it; the reporter, customers and internal notes do not', () => {
    const story = issue({ created: MONDAY }).comment(t('09:10'), REPORTER).customerComment(t('09:20'), 'customer-2').comment(t('09:30'), AGENT, false).comment(t('09:40'), AGENT);
    expect(run({ start: [{ on: 'created' }], stop: [{ on: 'comment', by: 'agent' }] }, story, t('12:00'))).toMatchObject({ state: 'stopped', stoppedAt: utc(t('09:40')), elapsedMs: 40 * M });
  });

  it('a comment by the reporter or a customer starts a new cycle (restart) until an agent answers', () => {
    // Time to next update: 09:00-09:20 answered; the reporter writes at 10:00, answered 10:50.
    const story = issue({ created: MONDAY }).comment(t('09:20'), AGENT).comment(t('10:00'), REPORTER).comment(t('10:50'), AGENT);
    const result = run({ start: [{ on: 'created' }, { on: 'comment', by: 'reporter-or-customer' }], stop: [{ on: 'comment', by: 'agent' }], onRestart: 'restart' }, story, t('12:00'))!;
    expect(result).toMatchObject({ state: 'stopped', elapsedMs: 50 * M, explanation: { startedAt: utc(t('10:00')) } });
    expect(result.explanation.previousCycles).toEqual([{ from: utc(MONDAY), to: utc(t('09:20')), elapsedMs: 20 * M, targetMs: 4 * H, breachedAt: null, priority: 'High', tier: 'standard' }]);
  });

  it('by: "customer" counts portal customers only; by: "reporter" the reporter of the moment only', () => {
    const story = issue({ created: MONDAY }).comment(t('09:10'), REPORTER).customerComment(t('09:30'), 'customer-2');
    const stopOn = (by: 'customer' | 'reporter') => run({ start: [{ on: 'created' }], stop: [{ on: 'comment', by }] }, story, t('12:00'))?.stoppedAt;
    expect(stopOn('customer')).toBe(utc(t('09:30')));
    expect(stopOn('reporter')).toBe(utc(t('09:10')));
  });

  it('assignee set, changed and cleared are told apart', () => {
    const story = issue({ created: MONDAY }).assign(t('09:30'), 'agent-1').assign(t('10:00'), 'agent-2').assign(t('10:30'), null);
    const stopOn = (change: 'set' | 'changed' | 'cleared' | 'any') => run({ start: [{ on: 'created' }], stop: [{ on: 'assignee', change }] }, story, t('12:00'))?.stoppedAt;
    expect(stopOn('set')).toBe(utc(t('09:30')));
    expect(stopOn('changed')).toBe(utc(t('10:00')));
    expect(stopOn('cleared')).toBe(utc(t('10:30')));
    expect(stopOn('any')).toBe(utc(t('09:30')));
  });

  it('an issue created assigned has its assignee set at creation', () => {
    const story = issue({ created: MONDAY, assignee: 'agent-1' });
    expect(run({ start: [{ on: 'created' }], stop: [{ on: 'assignee', change: 'set' }] }, story, t('12:00'))).toMatchObject({ state: 'stopped', elapsedMs: 0, stoppedAt: utc(MONDAY) });
  });

  it('a field changed: priority, the reporter, a custom field by id', () => {
    const story = issue({ created: MONDAY }).priority(t('09:15'), 'Low').custom(t('09:45'), 'customfield_10050', { value: 'Gold' }, 'Gold').reporter(t('10:05'), 'customer-2');
    const stopOn = (field: string) => run({ start: [{ on: 'created' }], stop: [{ on: 'field-changed', field }] }, story, t('12:00'))?.elapsedMs;
    expect(stopOn('priority')).toBe(15 * M);
    expect(stopOn('customfield_10050')).toBe(45 * M);
    expect(stopOn('reporter')).toBe(65 * M);
  });

  it('an event that stops the clock does not also start it', () => {
    // Stop and start on every agent comment: the comment stops the running clock and nothing restarts it.
    const story = issue({ created: MONDAY }).comment(t('09:30'), AGENT);
    expect(run({ start: [{ on: 'created' }, { on: 'comment', by: 'agent' }], stop: [{ on: 'comment', by: 'agent' }] }, story, t('12:00'))).toMatchObject({ state: 'stopped', elapsedMs: 30 * M });
  });

  it('a metric whose start never came has no result, and a note says so', () => {
    const result = evaluateJson(issue({ created: MONDAY }).json(), t('12:00'), {
      config: metricsConfig([{ id: 'm', name: 'L2 time', start: [{ on: 'status-entered', status: ['L2'] }], stop: [{ on: 'status-left', status: ['L2'] }], targets: { '*': { standard: '4h' } } }]),
    });
    expect(result.metrics).toEqual({});
    expect(result.notes).toEqual(['L2 time has not started']);
  });
});

describe('pause conditions', () => {
  it('in a status by name or by category: no time counts there', () => {
    const story = issue({ created: MONDAY }).status(t('09:30'), 'Waiting for vendor').status(t('10:30'), 'Doing').status(t('11:00'), 'Blocked');
    const result = evaluateJson(story.json(), t('12:00'), {
      config: metricsConfig([{ id: 'm', name: 'Metric', start: [{ on: 'created' }], pause: { status: ['waiting for VENDOR'], category: ['new'] }, stop: [{ on: 'resolution-set' }], targets: { '*': { standard: '4h' } } }]),
      statusCategories: { Blocked: 'new', Doing: 'indeterminate' },
    }).metrics.m;
    // Open is not "new" to this site (unknown), so 09:00-09:30 runs; 10:30-11:00 runs; Blocked (new) pauses.
    expect(result).toMatchObject({ state: 'paused', elapsedMs: 60 * M, explanation: { pausedBy: 'Blocked' } });
  });
});
