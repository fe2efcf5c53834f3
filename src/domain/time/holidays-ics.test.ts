import { holidaysFromIcs, MAX_ICS_EVENTS } from './holidays-ics';

const ics = (events: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;
const event = (lines: string) => `BEGIN:VEVENT\r\nUID:${Math.random()}\r\n${lines}END:VEVENT\r\n`;

describe('holidaysFromIcs', () => {
  it('takes all-day events, one holiday per day of a multi-day event (DTEND exclusive)', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261227\r\nSUMMARY:Christmas\r\n'));
    expect(holidaysFromIcs(text, { from: '2026-01-01', to: '2026-12-31' }).holidays).toEqual([
      { date: '2026-12-24', name: 'Christmas' },
      { date: '2026-12-25', name: 'Christmas' },
      { date: '2026-12-26', name: 'Christmas' },
    ]);
  });

  it('walks only the requested range, however long an all-day event lasts', () => {
    const text = ics(event('DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:80001231\r\nSUMMARY:Forever\r\n'));
    const started = performance.now();
    const { holidays } = holidaysFromIcs(text, { from: '2026-12-30', to: '2027-01-02' });
    expect(holidays.map((h) => h.date)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('skips, with the reason, an event that recurs more often than can be expanded', () => {
    const text = ics(event('DTSTART;VALUE=DATE:17000101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Every day since 1700\r\n'));
    expect(holidaysFromIcs(text, { from: '2026-01-01', to: '2026-01-31' })).toEqual({ holidays: [], skipped: [{ summary: 'Every day since 1700', reason: 'recurs more than 100000 times before 2026-01-31' }] });
  });

  it('expands yearly recurring events within the range', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:New Year\r\n'));
    expect(holidaysFromIcs(text, { from: '2026-01-01', to: '2028-12-31' }).holidays.map((h) => h.date)).toEqual(['2026-01-01', '2027-01-01', '2028-01-01']);
  });

  it('skips timed events and says why', () => {
    const text = ics(event('DTSTART:20261224T090000Z\r\nDTEND:20261224T100000Z\r\nSUMMARY:Standup\r\n'));
    expect(holidaysFromIcs(text, { from: '2026-01-01', to: '2026-12-31' })).toEqual({ holidays: [], skipped: [{ summary: 'Standup', reason: 'is not an all-day event' }] });
  });

  it('refuses a file of more than 100,000 events, saying so', () => {
    const many = Array.from({ length: MAX_ICS_EVENTS + 1 }, (_, i) => `BEGIN:VEVENT\r\nUID:${i}\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n`).join('');
    expect(() => holidaysFromIcs(ics(many), { from: '2026-01-01', to: '2026-12-31' })).toThrow('The file holds 100001 events, more than the 100000 a holiday calendar may');
  });

  it('puts an occurrence a RECURRENCE-ID override moved in its new place, once', () => {
    const text = ics(
      `BEGIN:VEVENT\r\nUID:team-day\r\nDTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Team day\r\nEND:VEVENT\r\n` +
        `BEGIN:VEVENT\r\nUID:team-day\r\nRECURRENCE-ID;VALUE=DATE:20260112\r\nDTSTART;VALUE=DATE:20260113\r\nSUMMARY:Team day (moved)\r\nEND:VEVENT\r\n` +
        event('DTSTART;VALUE=DATE:20260301\r\nSUMMARY:Other\r\n'),
    );
    expect(holidaysFromIcs(text, { from: '2026-01-01', to: '2026-12-31' }).holidays.map((h) => h.date)).toEqual(['2026-01-05', '2026-01-13', '2026-01-19', '2026-03-01']);
  });

  it('refuses text that is not iCalendar', () => {
    expect(() => holidaysFromIcs('hello', { from: '2026-01-01', to: '2026-12-31' })).toThrow(/^Not an iCalendar file/);
  });
});
