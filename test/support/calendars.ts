import { compileCalendar, type CalendarSpec } from '../../src/domain';

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

/** Calendars the tests share, written as a config would have them. */
export const specs = {
  berlinOffice: {
    id: 'berlin-office',
    name: 'Berlin office hours',
    timeZone: 'Europe/Berlin',
    weekly: { ...weekdays(['09:00-12:30', '13:30-18:00']), fri: ['09:00-12:30', '13:30-16:00'] },
    holidays: [
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-26' },
      { date: '2027-01-01' },
    ],
  },
  newYork: { id: 'ny', timeZone: 'America/New_York', weekly: weekdays(['09:00-17:00']) },
  sydney: { id: 'syd', timeZone: 'Australia/Sydney', weekly: weekdays(['08:00-18:00']) },
  kolkata: { id: 'kol', timeZone: 'Asia/Kolkata', weekly: weekdays(['09:30-18:30']) },
  /** Night shift: every night, 22:00 to 06:00 the next morning. */
  nightShift: { id: 'night', timeZone: 'Europe/Berlin', weekly: { ...weekdays(['22:00-06:00']), sat: ['22:00-06:00'], sun: ['22:00-06:00'] }, holidays: [{ date: '2026-12-25' }] },
  /** Around the clock in Berlin, where a DST night is 23 or 25 hours of wall time. */
  berlin24x7: { id: 'b247', timeZone: 'Europe/Berlin', weekly: '24x7' },
  utc24x7: { id: 'always', timeZone: 'UTC', weekly: '24x7' },
} satisfies Record<string, CalendarSpec>;

export const calendar = (name: keyof typeof specs) => compileCalendar(specs[name]);
