import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { calendar, specs } from '../../../test/support/calendars';
import { compileCalendar, type CalendarSpec } from './calendar';
import { addWorkingTime, nextWorkingInstant, workingTimeBetween, workingWindows } from './working-time';

const at = (text: string) => Date.parse(text);
const iso = (instant: number) => new Date(instant).toISOString();
const H = 3_600_000;
const M = 60_000;

describe('workingTimeBetween', () => {
  const office = calendar('berlinOffice');

  it('refuses instants outside 2000-2099 instead of building tables for centuries', () => {
    const fresh = calendar('berlinOffice');
    expect(() => workingTimeBetween(fresh, at('1026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toThrow(
      'A working-time instant (1026-01-01T00:00:00.000Z) is outside the supported range 2000-01-01 to 2099-12-31 (UTC)',
    );
    expect(() => addWorkingTime(fresh, at('2099-12-31T00:00:00Z'), 10_000 * H)).toThrow(/outside the supported range/);
  });

  it('skips the lunch break', () => {
    expect(workingTimeBetween(office, at('2026-11-23T10:00:01+01:00'), at('2026-11-23T14:00:00+01:00'))).toBe(2 * H + 59 * M + 59_000);
  });

  it('counts nothing outside working hours, on weekends or on holidays', () => {
    expect(workingTimeBetween(office, at('2026-11-20T16:00:00+01:00'), at('2026-11-23T09:00:00+01:00'))).toBe(0);
    expect(workingTimeBetween(office, at('2026-12-24T00:00:00+01:00'), at('2026-12-27T00:00:00+01:00'))).toBe(0);
  });

  it('counts a whole week of office hours', () => {
    // Mon-Thu 8h each, Friday 6h.
    expect(workingTimeBetween(office, at('2026-11-23T00:00:00+01:00'), at('2026-11-30T00:00:00+01:00'))).toBe(38 * H);
  });

  it('is zero for an empty or reversed range', () => {
    const t = at('2026-11-23T10:00:00+01:00');
    expect(workingTimeBetween(office, t, t)).toBe(0);
    expect(workingTimeBetween(office, t + H, t)).toBe(0);
  });

  it('spans years and holidays at the turn of the year', () => {
    // Dec 28-31 (Mon-Thu, 32h), Jan 1 holiday, then Mon-Fri Jan 4-8 (38h).
    expect(workingTimeBetween(office, at('2026-12-24T00:00:00+01:00'), at('2027-01-09T00:00:00+01:00'))).toBe(70 * H);
  });
});

describe('addWorkingTime', () => {
  const office = calendar('berlinOffice');

  it('starts counting at the next opening when started outside hours', () => {
    expect(iso(addWorkingTime(office, at('2026-11-20T16:00:00+01:00'), 30 * M))).toBe('2026-11-23T08:30:00.000Z');
  });

  it('is due at closing time when the target runs out exactly then', () => {
    expect(iso(addWorkingTime(office, at('2026-11-23T17:00:00+01:00'), H))).toBe('2026-11-23T17:00:00.000Z');
    expect(iso(addWorkingTime(office, at('2026-11-23T11:30:00+01:00'), H))).toBe('2026-11-23T11:30:00.000Z');
  });

  it('skips holidays and the weekend after them', () => {
    // Wed Dec 23 17:00-18:00, then Thu-Sat holidays, Sunday closed, Monday 09:00-10:00.
    expect(iso(addWorkingTime(office, at('2026-12-23T17:00:00+01:00'), 2 * H))).toBe('2026-12-28T09:00:00.000Z');
  });

  it('returns the start for a zero duration, even outside hours', () => {
    const t = at('2026-11-21T03:00:00Z');
    expect(addWorkingTime(office, t, 0)).toBe(t);
  });

  it('refuses negative and non-finite durations', () => {
    expect(() => addWorkingTime(office, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingTime(office, 0, Number.NaN)).toThrow(RangeError);
  });

  it('is millisecond exact', () => {
    expect(iso(addWorkingTime(office, at('2026-11-23T12:29:59.999+01:00'), 2))).toBe('2026-11-23T12:30:00.001Z');
  });
});

describe('daylight saving time', () => {
  it('Europe/Berlin: a 24x7 day is 23 hours in spring and 25 in autumn', () => {
    const c = calendar('berlin24x7');
    expect(workingTimeBetween(c, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(23 * H);
    expect(workingTimeBetween(c, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(25 * H);
  });

  it('Europe/Berlin: a night shift across the change is 7 or 9 hours', () => {
    const c = calendar('nightShift');
    expect(workingTimeBetween(c, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(7 * H);
    expect(workingTimeBetween(c, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(9 * H);
  });

  it('Europe/Berlin: a local time skipped in spring contributes nothing, one repeated in autumn counts twice', () => {
    const c = compileCalendar({ id: 'c', timeZone: 'Europe/Berlin', weekly: { sun: ['02:30-03:30'] } });
    // 29 March: 02:00 jumps to 03:00, so only 03:00-03:30 exists.
    expect(workingWindows(c, at('2026-03-29T00:00:00Z'), at('2026-03-29T06:00:00Z')).map((w) => [iso(w.start), iso(w.end)])).toEqual([
      ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'],
    ]);
    // 25 October: 02:30-03:00 happens in summer time, then 02:30-03:30 again in winter time.
    expect(workingWindows(c, at('2026-10-25T00:00:00Z'), at('2026-10-25T06:00:00Z')).map((w) => [iso(w.start), iso(w.end)])).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z'],
      ['2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000Z'],
    ]);
  });

  it('America/New_York: office hours keep their local times across the change', () => {
    const c = calendar('newYork');
    // Fri 16:00-17:00 EST, then Mon 09:00-10:00 EDT.
    expect(iso(addWorkingTime(c, at('2026-03-06T16:00:00-05:00'), 2 * H))).toBe('2026-03-09T14:00:00.000Z');
    expect(iso(addWorkingTime(c, at('2026-10-30T16:00:00-04:00'), 2 * H))).toBe('2026-11-02T15:00:00.000Z');
    const sundayNight = compileCalendar({ id: 'c', timeZone: 'America/New_York', weekly: { sun: ['00:00-06:00'] } });
    expect(workingTimeBetween(sundayNight, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(5 * H);
    expect(workingTimeBetween(sundayNight, at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(7 * H);
  });

  it('Australia/Sydney: southern-hemisphere changes in April and October', () => {
    const c = calendar('sydney');
    // Fri 3 April 17:00-18:00 AEDT (+11), Mon 6 April 08:00-09:00 AEST (+10).
    expect(iso(addWorkingTime(c, at('2026-04-03T17:00:00+11:00'), 2 * H))).toBe('2026-04-05T23:00:00.000Z');
    // Fri 2 October 17:00-18:00 AEST, Mon 5 October 08:00-09:00 AEDT.
    expect(iso(addWorkingTime(c, at('2026-10-02T17:00:00+10:00'), 2 * H))).toBe('2026-10-04T22:00:00.000Z');
    const around = compileCalendar({ id: 'c', timeZone: 'Australia/Sydney', weekly: '24x7' });
    expect(workingTimeBetween(around, at('2026-04-05T00:00:00+11:00'), at('2026-04-06T00:00:00+10:00'))).toBe(25 * H);
    expect(workingTimeBetween(around, at('2026-10-04T00:00:00+10:00'), at('2026-10-05T00:00:00+11:00'))).toBe(23 * H);
  });

  it('Asia/Kolkata: a half-hour offset and no DST', () => {
    const c = calendar('kolkata');
    // Mon 18:15-18:30, then Tue 09:30-09:45 IST.
    expect(iso(addWorkingTime(c, at('2026-11-23T18:15:00+05:30'), 30 * M))).toBe('2026-11-24T04:15:00.000Z');
    expect(workingTimeBetween(c, at('2026-11-23T09:30:00+05:30'), at('2026-11-27T18:30:00+05:30'))).toBe(45 * H);
  });
});

describe('overnight intervals and holidays', () => {
  const c = calendar('nightShift');

  it('runs from the evening into the next morning', () => {
    expect(iso(addWorkingTime(c, at('2026-11-23T20:00:00+01:00'), 3 * H))).toBe('2026-11-24T00:00:00.000Z');
    expect(workingTimeBetween(c, at('2026-11-23T12:00:00+01:00'), at('2026-11-24T12:00:00+01:00'))).toBe(8 * H);
  });

  it('a holiday removes its whole local day, including the morning part of the night before', () => {
    // Night of the 24th: 22:00-24:00 counts; the 25th (00:00-24:00) is a holiday; the 26th from 00:00 counts.
    expect(workingTimeBetween(c, at('2026-12-24T12:00:00+01:00'), at('2026-12-26T12:00:00+01:00'))).toBe(8 * H);
  });
});

describe('nextWorkingInstant', () => {
  const office = calendar('berlinOffice');
  it('is the instant itself inside working hours, the next opening outside them, across weekends and lunch', () => {
    expect(iso(nextWorkingInstant(office, at('2026-11-23T10:00:00+01:00'))!)).toBe(iso(at('2026-11-23T10:00:00+01:00')));
    expect(iso(nextWorkingInstant(office, at('2026-11-23T12:45:00+01:00'))!)).toBe(iso(at('2026-11-23T13:30:00+01:00')));
    expect(iso(nextWorkingInstant(office, at('2026-11-20T17:30:00+01:00'))!)).toBe(iso(at('2026-11-23T09:00:00+01:00')));
  });
  it('is null for a calendar without working time in the horizon', () => {
    const never = compileCalendar({ id: 'never', timeZone: 'UTC', weekly: {} } as CalendarSpec);
    expect(nextWorkingInstant(never, at('2026-11-23T10:00:00Z'), 30)).toBeNull();
  });
});

describe('workingWindows', () => {
  it('lists the working windows in a range, clipped to it', () => {
    const office = calendar('berlinOffice');
    const windows = workingWindows(office, at('2026-11-23T10:00:00+01:00'), at('2026-11-24T10:00:00+01:00'));
    expect(windows.map((w) => [iso(w.start), iso(w.end)])).toEqual([
      ['2026-11-23T09:00:00.000Z', '2026-11-23T11:30:00.000Z'],
      ['2026-11-23T12:30:00.000Z', '2026-11-23T17:00:00.000Z'],
      ['2026-11-24T08:00:00.000Z', '2026-11-24T09:00:00.000Z'],
    ]);
  });

  it('joins a 24x7 calendar into one window across the turn of the year', () => {
    const c = calendar('utc24x7');
    expect(workingWindows(c, at('2026-12-31T00:00:00Z'), at('2027-01-02T00:00:00Z'))).toEqual([
      { start: at('2026-12-31T00:00:00Z'), end: at('2027-01-02T00:00:00Z') },
    ]);
  });
});

/** An independent oracle: step minute by minute and ask @date-fns/tz for each local time. */
function bruteForceMinutes(spec: CalendarSpec, start: number, end: number): number {
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  const holidays = new Set((spec.holidays ?? []).map((h) => h.date));
  const minutesOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  let count = 0;
  for (let t = start; t < end; t += M) {
    const local = new TZDate(t, spec.timeZone);
    const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    if (holidays.has(date)) continue;
    const minute = local.getHours() * 60 + local.getMinutes();
    const weekday = local.getDay();
    const intervals = (day: number) => (spec.weekly === '24x7' ? ['00:00-24:00'] : (spec.weekly[days[day]!] ?? []));
    const works =
      intervals(weekday).some((text) => {
        const [a, b] = [minutesOf(text), minutesOf(text.slice(6))];
        return b > a ? minute >= a && minute < b : minute >= a;
      }) ||
      intervals((weekday + 6) % 7).some((text) => {
        const [a, b] = [minutesOf(text), minutesOf(text.slice(6))];
        return b <= a && minute < b;
      });
    if (works) count++;
  }
  return count * M;
}

const calendarNames = Object.keys(specs) as (keyof typeof specs)[];
const compiled = Object.fromEntries(calendarNames.map((name) => [name, calendar(name)])) as Record<keyof typeof specs, ReturnType<typeof calendar>>;
const anyCalendar = fc.constantFrom(...calendarNames);
const instant = fc.integer({ min: at('2025-06-01T00:00:00Z'), max: at('2028-06-01T00:00:00Z') });
const duration = fc.integer({ min: 0, max: 300 * H });

describe('properties', () => {
  it('matches a minute-by-minute oracle around DST changes and holidays in every zone', () => {
    const nearChanges = fc.constantFrom(
      '2026-03-08T00:00:00Z', '2026-03-28T12:00:00Z', '2026-04-04T00:00:00Z', '2026-10-03T00:00:00Z',
      '2026-10-24T12:00:00Z', '2026-10-31T12:00:00Z', '2026-12-23T00:00:00Z', '2026-12-31T00:00:00Z',
    );
    fc.assert(
      fc.property(anyCalendar, nearChanges, fc.integer({ min: 0, max: 36 * 60 }), fc.integer({ min: 0, max: 36 * 60 }), (name, base, from, length) => {
        const start = at(base) + from * M;
        const end = start + length * M;
        expect(workingTimeBetween(compiled[name], start, end)).toBe(bruteForceMinutes(specs[name], start, end));
      }),
      { numRuns: 60 },
    );
  });

  it('workingTimeBetween(s, addWorkingTime(s, d)) equals d', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, (name, start, d) => {
        expect(workingTimeBetween(compiled[name], start, addWorkingTime(compiled[name], start, d))).toBe(d);
      }),
    );
  });

  it('addWorkingTime gives the earliest such instant', () => {
    fc.assert(
      fc.property(anyCalendar, instant, fc.integer({ min: 1, max: 300 * H }), (name, start, d) => {
        const due = addWorkingTime(compiled[name], start, d);
        expect(workingTimeBetween(compiled[name], start, due - 1)).toBeLessThan(d);
      }),
    );
  });

  it('is additive over any split point', () => {
    fc.assert(
      fc.property(anyCalendar, fc.array(instant, { minLength: 3, maxLength: 3 }), (name, points) => {
        const [a, b, c] = points.sort((x, y) => x - y) as [number, number, number];
        const cal = compiled[name];
        expect(workingTimeBetween(cal, a, c)).toBe(workingTimeBetween(cal, a, b) + workingTimeBetween(cal, b, c));
      }),
    );
  });

  it('is monotonic in the end and in the duration', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, duration, (name, start, d1, d2) => {
        const cal = compiled[name];
        const [small, large] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addWorkingTime(cal, start, small)).toBeLessThanOrEqual(addWorkingTime(cal, start, large));
        expect(workingTimeBetween(cal, start, start + small)).toBeLessThanOrEqual(workingTimeBetween(cal, start, start + large));
      }),
    );
  });

  it('never counts more than the wall clock, and 24x7 counts exactly the wall clock', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, (name, start, d) => {
        expect(workingTimeBetween(compiled[name], start, start + d)).toBeLessThanOrEqual(d);
        expect(workingTimeBetween(compiled.utc24x7, start, start + d)).toBe(d);
        expect(addWorkingTime(compiled.berlin24x7, start, d)).toBe(start + d);
      }),
    );
  });
});
