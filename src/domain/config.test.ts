import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, loadExampleConfig } from '../../test/support/evaluate';
import { configJsonSchema, formatPath, validateConfig } from './config';

const errorsOf = (mutate: (config: ReturnType<typeof loadExampleConfig> & Record<string, unknown>) => void) => {
  const config = loadExampleConfig() as ReturnType<typeof loadExampleConfig> & Record<string, unknown>;
  mutate(config);
  const result = validateConfig(config);
  return result.ok ? [] : result.errors;
};

describe('validateConfig', () => {
  it('accepts the reference document in examples/ as it is', () => {
    expect(validateConfig(JSON.parse(readFileSync(join(EXAMPLES, 'sla-config.json'), 'utf8'))).ok).toBe(true);
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
    const config = JSON.parse(JSON.stringify(loadExampleConfig()).replace('"High":', `"${key}": {"vip": "1h", "standard": "2h"}, "High":`));
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
    expect(errorsOf((c: any) => {
      c.calendars[0].timeZone = 'Mars/Olympus';
      c.policies[0].calendar = 'nowhere';
    })).toHaveLength(2);
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
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'config.schema.json'), 'utf8'));
    expect(published).toEqual(configJsonSchema());
  });
});
