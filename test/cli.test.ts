import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main';
import { EXAMPLES } from './support/evaluate';
import { issue } from './support/issue-builder';

const CONFIG = join(EXAMPLES, 'sla-config.json');
const SUP7 = join(EXAMPLES, 'SUP-7.json');

function sla(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, () => Date.parse('2026-11-24T00:00:00Z'));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'sla-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('sla COMMAND --help', () => {
  it.each(['evaluate', 'validate', 'statement', 'holidays'])('prints the usage of %s and exits 0', (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = sla(command, flag);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toMatch(new RegExp(`^Usage: sla ${command} `));
      expect(out).not.toContain('Commands:');
    }
  });

  it('still prints every command for sla --help', () => {
    const { code, out } = sla('--help');
    expect(code).toBe(0);
    for (const command of ['evaluate', 'validate', 'statement', 'holidays']) expect(out).toContain(`  ${command} --`);
  });
});

describe('sla evaluate', () => {
  it('prints SUP-7 as a table: response met at once, resolution met after 2h 59m 59s', () => {
    const { code, out } = sla('evaluate', '--config', CONFIG, '--issue', SUP7, '--now', '2026-11-24T00:00:00Z', '--format', 'table');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Issue\s+Policy\s+Tier\s+Priority\s+Metric\s+Status\s+Elapsed\s+Target\s+Remaining/);
    expect(lines[2]).toMatch(/^SUP-7\s+support\s+vip\s+High\s+response\s+met\s+0s\s+30m\s+30m\s+stopped 2026-11-20 16:20:00 \+01:00$/);
    expect(lines[3]).toMatch(/^SUP-7\s+support\s+vip\s+High\s+resolution\s+met\s+2h 59m 59s\s+8h\s+5h 1s\s+stopped 2026-11-23 14:00:00 \+01:00$/);
  });

  it('prints JSON with the documented fields, for an array and a /search/jql response', () => {
    const story = issue({ key: 'SUP-9', created: '2026-11-23T09:00:00+01:00' }).json();
    const arrayFile = file('array.json', JSON.stringify([story]));
    const searchFile = file('search.json', JSON.stringify({ issues: [story], isLast: true }));
    const { code, out } = sla('evaluate', '--config', CONFIG, '--issue', arrayFile, '--issue', searchFile, '--now', '2026-11-23T09:15:00+01:00', '--reporter-groups', 'vip-customers');
    expect(code).toBe(0);
    const results = JSON.parse(out);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ issue: 'SUP-9', policy: { id: 'support' }, tier: 'vip', priority: 'High' });
    expect(Object.keys(results[0].metrics.response).sort()).toEqual(
      ['atRisk', 'atRiskAt', 'atRiskSince', 'breached', 'breachedAt', 'breachesAt', 'countingOn', 'cyclePriority', 'dueAt', 'elapsedMs', 'explanation', 'kind', 'metric', 'name', 'propertyKey', 'remainingMs', 'state', 'status', 'stoppedAt', 'targetMs'].sort(),
    );
    expect(results[0].metrics.response).toMatchObject({ state: 'running', elapsedMs: 900_000, dueAt: '2026-11-23T08:30:00.000Z' });
  });

  it('defaults --now to the current time', () => {
    const { out } = sla('evaluate', '--config', CONFIG, '--issue', SUP7);
    expect(JSON.parse(out)[0].evaluatedAt).toBe('2026-11-24T00:00:00.000Z');
  });

  it.each([
    [['--config', join(dir, 'missing.json'), '--issue', SUP7], /missing\.json: no such file$/],
    [['--config', CONFIG, '--issue', file('bad.json', '{"key": ')], /bad\.json: malformed JSON/],
    [['--config', CONFIG, '--issue', file('shape.json', '[{"key": "A-1", "fields": {}}]')], /shape\.json: \[0\]\.fields\.created: /],
    [['--config', file('tz.json', JSON.stringify({ calendars: [{ id: 'c', timeZone: 'Nowhere/City', weekly: '24x7' }], policies: [] })), '--issue', SUP7], /calendars\[0\]\.timeZone: "Nowhere\/City" is not a known IANA time zone/],
    [['--config', CONFIG, '--issue', SUP7, '--now', 'tomorrow'], /--now "tomorrow" is not an ISO instant/],
    [['--config', CONFIG], /--issue is required/],
    [['--config', CONFIG, '--issue', SUP7, '--format', 'xml'], /--format must be json or table/],
    [['--config', CONFIG, '--issue', SUP7, '--colour'], /Unknown option '--colour'/],
  ])('refuses bad input with one clear line: %j', (args, message) => {
    const { code, out, err } = sla('evaluate', ...args);
    expect(code).not.toBe(0);
    expect(out).toBe('');
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});

describe('sla evaluate with metrics of the policy', () => {
  it('prints a row per metric, the OLA marked and counted on its own calendar', () => {
    // Berlin office hours 09:00-12:30 and 13:30-18:00: 7h by 17:00 CET (16:00Z), over High's 1h response.
    // Escalated at 10:00 CET (09:00Z, 04:00 in New York): L2's hours start at 14:00Z, so 2h of High's 4h by 16:00Z.
    const escalated = issue({ key: 'SUP-20', created: '2026-11-23T09:00:00+01:00' }).status('2026-11-23T10:00:00+01:00', 'Escalated to L2').json();
    const { code, out } = sla('evaluate', '--config', CONFIG, '--issue', file('escalated.json', JSON.stringify(escalated)), '--now', '2026-11-23T16:00:00Z', '--format', 'table');
    expect(code).toBe(0);
    const rows = out.split('\n').slice(2).map((line) => line.split(/\s{2,}/));
    expect(rows.map((cells) => [cells[4], cells[5], cells[6], cells[8]])).toEqual([
      ['response', 'breached', '7h', '-6h'],
      ['resolution', 'on-track', '7h', '9h'],
      ['l2-ola (OLA)', 'on-track', '2h', '2h'],
    ]);
  });
});

describe('sla validate', () => {
  it('says a valid config is valid', () => {
    expect(sla('validate', '--config', CONFIG)).toEqual({ code: 0, out: `${CONFIG}: valid (3 calendars, 3 tiers, 1 policies, 3 metrics)`, err: '' });
  });

  it('reads a config of the first form, and says so', () => {
    const first = join(EXAMPLES, 'v1', 'sla-config.json');
    expect(sla('validate', '--config', first)).toEqual({ code: 0, out: `${first}: valid (2 calendars, 2 tiers, 1 policies, 2 metrics) (written in the first config form, read as schemaVersion 2)`, err: '' });
  });

  it('warns of statuses and priorities no given issue has, and of conditions that cannot work', () => {
    const config = JSON.parse(JSON.stringify(require(CONFIG)));
    config.policies[0].metrics[2].pause = { status: ['Escalated to L2'] };
    config.policies[0].metrics[2].stop.push({ on: 'field-changed', field: 'Team' });
    const { code, err } = sla('validate', '--config', file('warn.json', JSON.stringify(config)), '--issue', SUP7);
    expect(code).toBe(0);
    const lines = err.split('\n').map((line) => line.replace(/^.*warn\.json: /, ''));
    // SUP-7 is High throughout and never escalated: every other priority and the L2 status are unknown to it.
    expect(lines).toEqual([
      ...['Highest', 'Medium', 'Low', 'Lowest'].map((priority) => `warning: policies[0].metrics[0].targets.${priority}: no issue given has the priority "${priority}"`),
      ...['Highest', 'Medium', 'Low', 'Lowest'].map((priority) => `warning: policies[0].metrics[1].targets.${priority}: no issue given has the priority "${priority}"`),
      'warning: policies[0].metrics[2].start[0].status: no issue given has the status "Escalated to L2"',
      'warning: policies[0].metrics[2].stop[0].status: no issue given has the status "Escalated to L2"',
      'warning: policies[0].metrics[2].stop[2].field: "Team" is neither a Jira field such as "priority" or "labels" nor a custom field id such as "customfield_10010"',
      'warning: policies[0].metrics[2].pause.status: no issue given has the status "Escalated to L2"',
      'warning: policies[0].metrics[2]: it starts only on entering "Escalated to L2", where it is paused',
      'warning: policies[0].metrics[2].targets.Highest: no issue given has the priority "Highest"',
    ]);
  });

  it('prints each problem with its path and exits 1', () => {
    const bad = JSON.parse(JSON.stringify(require(CONFIG)));
    bad.calendars[0].weekly.mon = ['09:00-13:00', '12:00-18:00'];
    bad.policies[0].metrics[0].targets.Low.vip = '-4h';
    const { code, err } = sla('validate', '--config', file('invalid.json', JSON.stringify(bad)));
    expect(code).toBe(1);
    expect(err.split('\n')).toEqual([
      expect.stringMatching(/invalid\.json: calendars\[0\]\.weekly\.mon\[1\]: "12:00-18:00" overlaps "09:00-13:00" \(mon\)$/),
      expect.stringMatching(/invalid\.json: policies\[0\]\.metrics\[0\]\.targets\.Low\.vip: "-4h" is negative$/),
    ]);
  });
});

describe('sla holidays', () => {
  it('prints config holidays from an .ics file', () => {
    const ics = file('h.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const { code, out } = sla('holidays', '--ics', ics, '--from', '2026-01-01', '--to', '2026-12-31');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
  });

  it.each([
    ['2026-02-30', '--from "2026-02-30" is not a date such as 2026-01-01'],
    ['2026-99-99', '--from "2026-99-99" is not a date such as 2026-01-01'],
    ['1026-01-01', '--from 1026-01-01 is outside the supported range 2000-01-01 to 2099-12-31'],
  ])('refuses the impossible or unsupported date %s', (date, message) => {
    const ics = file('ok.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
    expect(sla('holidays', '--ics', ics, '--from', date, '--to', '2026-12-31')).toEqual({ code: 2, out: '', err: `sla: ${message}` });
  });

  it('refuses a range that ends before it starts', () => {
    const ics = file('ok.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
    expect(sla('holidays', '--ics', ics, '--from', '2026-12-31', '--to', '2026-01-01').err).toBe('sla: --from 2026-12-31 is after --to 2026-01-01');
  });

  it('refuses what is not a regular file, at once (/dev/zero would never end)', () => {
    expect(sla('holidays', '--ics', '/dev/zero', '--from', '2026-01-01', '--to', '2026-12-31')).toEqual({ code: 1, out: '', err: 'sla: /dev/zero: is not a regular file' });
    expect(sla('evaluate', '--config', CONFIG, '--issue', dir).err).toBe(`sla: ${dir}: is a directory`);
  });

  it('refuses a file that is not iCalendar', () => {
    const { code, err } = sla('holidays', '--ics', file('x.ics', 'nope'), '--from', '2026-01-01', '--to', '2026-12-31');
    expect(code).toBe(1);
    expect(err).toMatch(/x\.ics: Not an iCalendar file/);
  });
});

describe('what reaches the terminal', () => {
  it('escapes control characters from the files it reads, in keys, summaries and messages', () => {
    const evil = issue({ created: '2026-11-20T16:00:00+01:00', key: 'SUP-1\u001b[2J' }).json();
    const path = file('evil.json', JSON.stringify(evil));
    const { code, out } = sla('evaluate', '--config', CONFIG, '--issue', path, '--now', '2026-11-24T00:00:00Z', '--format', 'table');
    expect(code).toBe(0);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('SUP-1\\u001b[2J');
    const ics = file('evil.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261225T100000Z\r\nSUMMARY:Bell\u0007\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const { err } = sla('holidays', '--ics', ics, '--from', '2026-01-01', '--to', '2026-12-31');
    expect(err).toBe('skipped "Bell\\u0007": is not an all-day event');
  });

  it('refuses an instant in --now that is not a real one', () => {
    expect(sla('evaluate', '--config', CONFIG, '--issue', SUP7, '--now', '2026-02-30T00:00:00Z').err).toBe('sla: --now "2026-02-30T00:00:00Z" is not an ISO instant between 2000 and 2099 such as 2026-11-24T00:00:00Z');
  });
});

describe('the installed bin', () => {
  it('runs the built CLI and exits non-zero without a stack trace on bad input', () => {
    // The engine only: rebuilding the UI here would empty static/*/build under the browser tests.
    execFileSync(join(__dirname, '..', 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: join(__dirname, '..') });
    const bin = join(__dirname, '..', 'bin', 'sla.cjs');
    const ok = spawnSync('node', [bin, 'evaluate', '--config', CONFIG, '--issue', SUP7, '--now', '2026-11-24T00:00:00Z', '--format', 'table'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('2h 59m 59s');
    const bad = spawnSync('node', [bin, 'evaluate', '--config', 'nope.json', '--issue', SUP7], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('sla: nope.json: no such file');
  });
});

describe('sla statement', () => {
  // Gold High response: 30m on Berlin office hours (Acme's agreement gives its customer gold).
  const acme = (key: string, created: string, answered: string, reporterEmail = 'pat@acme.example') => issue({ key, created, priority: 'High', reporterEmail }).comment(answered).json();
  const issues = file(
    'acme.json',
    JSON.stringify([
      acme('ACME-1', '2026-07-01T09:00:00+02:00', '2026-07-01T09:10:00+02:00'),
      acme('ACME-2', '2026-07-01T09:00:00+02:00', '2026-07-01T10:00:00+02:00'),
      acme('ACME-3', '2026-08-03T09:00:00+02:00', '2026-08-03T09:05:00+02:00'),
      acme('OTHER-1', '2026-07-01T09:00:00+02:00', '2026-07-01T11:00:00+02:00', 'kim@globex.example'),
    ]),
  );

  it('computes July offline: 1 of 2 responses met is below the 80 % minimum, 200 % of the share, capped', () => {
    const { code, out } = sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-07', '--format', 'table');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Acme support agreement: 2026-07 (fee 10,000.00 EUR, at risk 1,000.00 EUR, cap 1,000.00 EUR)');
    expect(lines[3]).toMatch(/^First response\s+2\s+1\s+1\s+0\s+0\s+50\.00 %\s+90 % \(min 80 %\)\s+below-minimum\s+1,000\.00 EUR\s+-$/);
    expect(lines[4]).toMatch(/^Resolution\s+0\s+0\s+0\s+0\s+2\s+-\s+80 % \(min 70 %\)\s+no-cycles\s+0\.00 EUR/);
    expect(lines[5]).toBe('Credits 1,200.00 EUR capped to 1,000.00 EUR; earned back 0.00 EUR; net 1,000.00 EUR');
  });

  it('writes the cycles as CSV and JSON', () => {
    const csv = sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-07', '--format', 'csv').out.split('\r\n');
    expect(csv[0]).toBe('agreement,period,service_level,issue,metric,priority,started_at,stopped_at,outcome,excluded_reason');
    expect(csv).toContain('acme-support,2026-07,response,ACME-2,response,High,2026-07-01T07:00:00.000Z,2026-07-01T08:00:00.000Z,breached,');
    expect(csv).toContain('acme-support,2026-07,resolution,ACME-1,resolution,High,2026-07-01T07:00:00.000Z,,running,');
    expect(csv).toHaveLength(5);
    const json = JSON.parse(sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-08', '--format', 'json').out);
    expect(json.figures.levels[0]).toMatchObject({ counted: 1, met: 1, earnBack: [{ fromPeriod: '2026-07', credit: 100_000, good: 1, needed: 3, state: 'pending' }] });
    expect(json.cycles.map((cycle: { issueKey: string }) => cycle.issueKey)).toEqual(expect.arrayContaining(['ACME-3']));
  });

  it('names what is wrong: a period of the wrong unit, before the agreement, an unknown agreement', () => {
    expect(sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-Q3')).toMatchObject({ code: 2, err: 'sla: --period "2026-Q3" is not a month such as 2026-10' });
    expect(sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-06')).toMatchObject({ code: 2, err: 'sla: agreement "acme-support" does not hold in 2026-06' });
    expect(sla('statement', '--config', CONFIG, '--issue', issues, '--period', '2026-07', '--agreement', 'nope')).toMatchObject({ code: 2, err: 'sla: no agreement "nope" in the config (it has: acme-support)' });
  });
});
