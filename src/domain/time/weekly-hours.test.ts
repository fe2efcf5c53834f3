import { dailyIntervals, parseInterval, weeklyProblems } from './weekly-hours';

describe('parseInterval', () => {
  it('reads day intervals in minutes', () => expect(parseInterval('09:00-12:30')).toEqual({ ok: true, interval: { start: 540, end: 750 } }));
  it('allows 24:00 as an end', () => expect(parseInterval('18:00-24:00')).toEqual({ ok: true, interval: { start: 1080, end: 1440 } }));
  it('reads an end before the start as overnight', () => expect(parseInterval('22:00-06:00')).toEqual({ ok: true, interval: { start: 1320, end: 1800 } }));
  it.each([
    ['09:00', '"09:00" is not an interval such as "09:00-17:30"'],
    ['9-17', '"9-17" is not an interval such as "09:00-17:30"'],
    ['09:00-25:00', '"09:00-25:00" is not an interval such as "09:00-17:30"'],
    ['09:60-10:00', '"09:60-10:00" is not an interval such as "09:00-17:30"'],
    ['10:00-10:00', '"10:00-10:00" is empty'],
    ['24:00-06:00', '"24:00-06:00" starts at 24:00; write 00:00'],
  ])('refuses %s', (text, reason) => expect(parseInterval(text)).toEqual({ ok: false, reason }));
});

describe('weeklyProblems', () => {
  it('accepts 24x7 and ordinary weeks', () => {
    expect(weeklyProblems('24x7')).toEqual([]);
    expect(weeklyProblems({ mon: ['09:00-12:30', '13:30-18:00'], fri: ['22:00-06:00'] })).toEqual([]);
  });

  it('finds overlaps within a day, across midnight and across the end of the week', () => {
    expect(weeklyProblems({ mon: ['09:00-12:30', '12:00-13:00'] })).toEqual([{ path: ['mon', 1], reason: '"12:00-13:00" overlaps "09:00-12:30" (mon)' }]);
    expect(weeklyProblems({ mon: ['22:00-06:00'], tue: ['05:00-09:00'] })).toEqual([{ path: ['tue', 0], reason: '"05:00-09:00" overlaps "22:00-06:00" (mon)' }]);
    expect(weeklyProblems({ sun: ['20:00-08:00'], mon: ['07:00-09:00'] })).toEqual([{ path: ['mon', 0], reason: '"07:00-09:00" overlaps "20:00-08:00" (sun)' }]);
  });

  it('refuses a week without working hours and names bad intervals', () => {
    expect(weeklyProblems({})).toEqual([{ path: [], reason: 'has no working hours' }]);
    expect(weeklyProblems({ wed: ['nine to five'] })).toEqual([{ path: ['wed', 0], reason: '"nine to five" is not an interval such as "09:00-17:30"' }]);
  });
});

describe('dailyIntervals', () => {
  it('splits overnight intervals at midnight into the next day, Saturday night into Sunday', () => {
    const days = dailyIntervals({ sat: ['22:00-06:00'] });
    expect(days[6]).toEqual([{ start: 1320, end: 1440 }]);
    expect(days[0]).toEqual([{ start: 0, end: 360 }]);
  });

  it('merges adjacent pieces', () => {
    expect(dailyIntervals({ mon: ['09:00-12:00', '12:00-13:00'] })[1]).toEqual([{ start: 540, end: 780 }]);
  });
});
