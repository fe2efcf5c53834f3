import { endsPeriod, nextPeriod, periodById, periodOf, previousPeriod, startsPeriod } from './period';

describe('measurement periods in the agreement zone', () => {
  it('a month starts at local midnight: 23:30Z on 31 October is November in Berlin, October in New York', () => {
    const instant = Date.parse('2026-10-31T23:30:00Z');
    expect(periodOf(instant, 'month', 'Europe/Berlin')).toEqual({ id: '2026-11', from: Date.parse('2026-10-31T23:00:00Z'), to: Date.parse('2026-11-30T23:00:00Z') });
    expect(periodOf(instant, 'month', 'America/New_York').id).toBe('2026-10');
  });

  it('an instant exactly at the boundary belongs to the later period', () => {
    const boundary = Date.parse('2026-07-31T22:00:00Z'); // 1 August 00:00 in Berlin
    expect(periodOf(boundary, 'month', 'Europe/Berlin').id).toBe('2026-08');
    expect(periodOf(boundary - 1, 'month', 'Europe/Berlin').id).toBe('2026-07');
  });

  it('October in Berlin is 31 days and one hour long (the clocks go back on the 25th)', () => {
    const october = periodById('2026-10', 'month', 'Europe/Berlin')!;
    expect(october.to - october.from).toBe((31 * 24 + 1) * 3_600_000);
  });

  it('quarters: ids, next and previous across a year', () => {
    const q4 = periodById('2026-Q4', 'quarter', 'Asia/Tokyo')!;
    expect(q4.from).toBe(Date.parse('2026-09-30T15:00:00Z'));
    expect(nextPeriod(q4, 'quarter', 'Asia/Tokyo').id).toBe('2027-Q1');
    expect(previousPeriod(q4, 'quarter', 'Asia/Tokyo').id).toBe('2026-Q3');
    expect(periodOf(Date.parse('2026-05-20T00:00:00Z'), 'quarter', 'UTC').id).toBe('2026-Q2');
  });

  it('refuses ids of the other unit or out of range', () => {
    expect(periodById('2026-13', 'month', 'UTC')).toBeNull();
    expect(periodById('2026-Q4', 'month', 'UTC')).toBeNull();
    expect(periodById('2026-10', 'quarter', 'UTC')).toBeNull();
  });

  it('knows first and last days of periods', () => {
    expect(startsPeriod('2026-04-01', 'quarter')).toBe(true);
    expect(startsPeriod('2026-05-01', 'quarter')).toBe(false);
    expect(endsPeriod('2028-02-29', 'month')).toBe(true);
    expect(endsPeriod('2026-02-28', 'month')).toBe(true);
    expect(endsPeriod('2026-09-30', 'quarter')).toBe(true);
    expect(endsPeriod('2026-08-31', 'quarter')).toBe(false);
  });
});
