import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES } from '../../../test/support/evaluate';
import { configJsonSchema } from './schema';
import { formatPath } from './paths';
import { validateConfig } from './validate';

const example = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
const errorsIn = (file: string) => (mutate: (config: any) => void) => {
  const config = example(file);
  mutate(config);
  const result = validateConfig(config);
  return result.ok ? [] : result.errors;
};
/** The first form of the document: its errors name its own paths. */
const errorsOf = errorsIn('v1/sla-config.json');
const errorsOfCurrent = errorsIn('sla-config.json');

describe('validateConfig', () => {
  it('accepts the reference documents in examples/ as they are', () => {
    expect(validateConfig(example('sla-config.json'))).toMatchObject({ ok: true });
    expect(validateConfig(example('v1/sla-config.json'))).toMatchObject({ ok: true, migratedFrom: 1 });
  });

  it.each<[string, (c: any) => void, { path: string; message: string }]>([
    ['an unknown time zone', (c) => (c.calendars[0].timeZone = 'Europe/Berln'), { path: 'calendars[0].timeZone', message: '"Europe/Berln" is not a known IANA time zone' }],
    ['overlapping intervals', (c) => c.calendars[0].weekly.tue.push('18:00-19:00', '18:30-20:00'), { path: 'calendars[0].weekly.tue[3]', message: '"18:30-20:00" overlaps "18:00-19:00" (tue)' }],
    ['a negative duration', (c) => (c.policies[0].response.targets.High.vip = '-30m'), { path: 'policies[0].response.targets.High.vip', message: '"-30m" is negative' }],
    ['an unparsable duration', (c) => (c.policies[0].resolution.targets.Low.standard = 'two days'), { path: 'policies[0].resolution.targets.Low.standard', message: '"two days" is not a duration such as "30m", "1h 30m" or "PT1H30M"' }],
    ['a zero duration', (c) => (c.policies[0].resolution.targets.Low.standard = '0h'), { path: 'policies[0].resolution.targets.Low.standard', message: '"0h" must be longer than zero' }],
    ['an unknown calendar', (c) => (c.policies[0].response.targets.High.calendar = 'paris'), { path: 'policies[0].response.targets.High.calendar', message: 'unknown calendar "paris"' }],
    ['a duplicate calendar id', (c) => c.calendars.push({ ...c.calendars[1] }), { path: 'calendars[2].id', message: 'duplicate calendar id "always"' }],
    ['a bad holiday date', (c) => (c.calendars[0].holidays[1].date = '25.12.2026'), { path: 'calendars[0].holidays[1].date', message: 'must be a date written YYYY-MM-DD' }],
    ['a threshold over 100', (c) => (c.policies[0].warnAtPercent = 120), { path: 'policies[0].warnAtPercent', message: 'Too big: expected number to be <=100' }],
    ['an unknown field', (c) => (c.policies[0].pauseStatus = []), { path: 'policies[0]', message: 'Unrecognized key: "pauseStatus"' }],
    ['a scope without projects', (c) => (c.policies[0].scope.projects = []), { path: 'policies[0].scope.projects', message: 'must name at least one project key' }],
    ['a priority name with spaces', (c) => (c.policies[0].response.targets['Very high'] = { vip: 'x', standard: '1h' }), { path: 'policies[0].response.targets["Very high"].vip', message: '"x" is not a duration such as "30m", "1h 30m" or "PT1H30M"' }],
  ])('names the path and reason for %s', (_, mutate, expected) => {
    expect(errorsOf(mutate)).toEqual([expected]);
  });

  it.each(['EST5EDT', 'GMT0', 'US/Eastern', 'Etc/GMT+5', 'UTC', 'Asia/Calcutta', 'Europe/Kyiv'])('accepts the real zone or alias %s', (zone) => {
    expect(errorsOf((c: any) => (c.calendars[0].timeZone = zone))).toEqual([]);
  });

  it.each(['Etc/GMT+99', '+05:00', 'GMT+5', 'Europe/Berln', 'Mars/Olympus'])('refuses %s, which is no IANA zone', (zone) => {
    expect(errorsOf((c: any) => (c.calendars[0].timeZone = zone))).toEqual([{ path: 'calendars[0].timeZone', message: `"${zone}" is not a known IANA time zone` }]);
  });

  it('refuses a target longer than 10000h, which no overflow can sneak past', () => {
    expect(errorsOf((c: any) => (c.policies[0].resolution.targets.Low.standard = '10001h'))).toEqual([
      { path: 'policies[0].resolution.targets.Low.standard', message: '"10001h" is longer than the 10000h a target may be' },
    ]);
    expect(errorsOf((c: any) => (c.policies[0].resolution.targets.Low.standard = '9'.repeat(400) + 'h'))).toHaveLength(1);
    expect(errorsOf((c: any) => (c.policies[0].resolution.targets.Low.standard = '10000h'))).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the name %s anywhere, instead of dropping it silently', (key) => {
    const config = JSON.parse(JSON.stringify(example('v1/sla-config.json')).replace('"High":', `"${key}": {"vip": "1h", "standard": "2h"}, "High":`));
    const result = validateConfig(config);
    expect(result).toEqual({ ok: false, errors: [{ path: `policies[0].response.targets.${key}`, message: `"${key}" is not allowed as a name` }] });
  });

  it('refuses a document nested deeper than any config, without walking all of it', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    const result = validateConfig({ calendars: [], policies: [], deep });
    expect(result.ok).toBe(false);
  });

  it('reports every problem at once', () => {
    expect(errorsOfCurrent((c: any) => {
      c.calendars[0].timeZone = 'Mars/Olympus';
      c.policies[0].calendar = 'nowhere';
    })).toHaveLength(2);
  });
});

describe('validateConfig on the current form', () => {
  it.each<[string, (c: any) => void, { path: string; message: string }]>([
    ['an unknown tier in a cell', (c) => (c.policies[0].metrics[0].targets.High.platinum = '10m'), { path: 'policies[0].metrics[0].targets.High.platinum', message: 'unknown tier "platinum"' }],
    ['a row without the default tier', (c) => delete c.policies[0].metrics[2].targets.High.standard, { path: 'policies[0].metrics[2].targets.High', message: 'must give the default tier "standard" a target (or "none")' }],
    ['rules on the default tier', (c) => (c.tiers[2].rules = [{ groups: ['x'] }]), { path: 'tiers[2].rules', message: 'the last tier is the default and takes no rules' }],
    ['a rule with two forms', (c) => (c.tiers[0].rules[0].accountIds = ['a']), { path: 'tiers[0].rules[0]', message: 'must use exactly one of accountIds, groups, organizations, emailDomains or field' }],
    ['a field rule without values', (c) => (c.tiers[1].rules = [{ field: 'customfield_10050' }]), { path: 'tiers[1].rules[0].values', message: 'field and values go together' }],
    ['a bad e-mail domain', (c) => (c.tiers[1].rules[1].emailDomains = ['@acme']), { path: 'tiers[1].rules[1].emailDomains[0]', message: 'must be a domain such as example.com' }],
    ['a duplicate metric id', (c) => (c.policies[0].metrics[2].id = 'response'), { path: 'policies[0].metrics[2].id', message: 'duplicate metric id "response"' }],
    ['a metric id not starting with a letter', (c) => (c.policies[0].metrics[2].id = '2nd-line'), { path: 'policies[0].metrics[2].id', message: 'must start with a letter' }],
    ['an unknown metric calendar', (c) => (c.policies[0].metrics[2].calendar = 'tokyo'), { path: 'policies[0].metrics[2].calendar', message: 'unknown calendar "tokyo"' }],
    ['a status condition naming nothing', (c) => (c.policies[0].metrics[2].start = [{ on: 'status-entered' }]), { path: 'policies[0].metrics[2].start[0]', message: 'must name a status or a status category' }],
    ['an unknown status category', (c) => (c.policies[0].metrics[2].pause = { category: ['waiting'] }), { path: 'policies[0].metrics[2].pause.category[0]', message: 'Invalid option: expected one of "new"|"indeterminate"|"done"' }],
    ['a metric without stop conditions', (c) => (c.policies[0].metrics[2].stop = []), { path: 'policies[0].metrics[2].stop', message: 'must name at least one condition' }],
    ['a bad target', (c) => (c.policies[0].metrics[0].targets.High.gold = 'soon'), { path: 'policies[0].metrics[0].targets.High.gold', message: '"soon" is not a duration such as "30m", "1h 30m" or "PT1H30M"' }],
    ['an unknown schema version', (c) => (c.schemaVersion = 3), { path: 'schemaVersion', message: 'Invalid input: expected 2' }],
  ])('names the path and reason for %s', (_, mutate, expected) => {
    expect(errorsOfCurrent(mutate)).toEqual([expected]);
  });

  it('refuses "calendar" as a tier id', () => {
    expect(errorsOfCurrent((c) => (c.tiers[1].id = 'calendar'))).toContainEqual({ path: 'tiers[1].id', message: '"calendar" is reserved in target cells and cannot name a tier' });
  });

  it('accepts "none" as an explicit no-target, and a cell that leaves a tier to the default', () => {
    expect(errorsOfCurrent((c) => (c.policies[0].metrics[0].targets.High.vip = 'none'))).toEqual([]);
    expect(errorsOfCurrent((c) => delete c.policies[0].metrics[0].targets.High.gold)).toEqual([]);
  });
});

describe('formatPath', () => {
  it('writes JSON paths people can follow', () => {
    expect(formatPath([])).toBe('$');
    expect(formatPath(['policies', 0, 'response', 'targets', 'High', 'vip'])).toBe('policies[0].response.targets.High.vip');
    expect(formatPath(['targets', 'Very high'])).toBe('targets["Very high"]');
  });
});

describe('the published JSON Schema', () => {
  it('docs/config.schema.json is generated from the zod schema (npm run schema)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'config.schema.json'), 'utf8'));
    expect(published).toEqual(configJsonSchema());
  });
});
