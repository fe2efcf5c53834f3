import { describeConfigChange } from './diff';

describe('describeConfigChange', () => {
  const before = {
    calendars: [{ id: 'office', timeZone: 'Europe/Berlin', holidays: [{ date: '2026-12-25' }] }],
    policies: [
      { id: 'a', name: 'A', response: { targets: { High: { vip: '30m', standard: '1h' } } } },
      { id: 'b', name: 'B' },
    ],
  };

  it('names each changed value by a path of ids and keys', () => {
    const after = structuredClone(before);
    after.policies[0]!.response!.targets.High.vip = '20m';
    expect(describeConfigChange(before, after)).toEqual(['policies[a].response.targets.High.vip: "30m" → "20m"']);
  });

  it('lists added and removed things, matched by id, and a new order', () => {
    const after = structuredClone(before) as any;
    after.policies = [{ id: 'c', name: 'C' }, after.policies[1], after.policies[0]];
    after.calendars[0].holidays.push({ date: '2026-12-26', name: 'Boxing Day' });
    after.calendars[0].timeZone = 'Europe/Paris';
    delete after.policies[2].response;
    expect(describeConfigChange(before, after)).toEqual([
      'calendars[office].timeZone: "Europe/Berlin" → "Europe/Paris"',
      'calendars[office].holidays: added {"date":"2026-12-26","name":"Boxing Day"}',
      'policies: added "c"',
      'policies[a].response: removed (was {"targets":{"High":{"vip":"30m","standard":"1h"}}})',
      'policies: order changed to c, b, a',
    ]);
  });

  it('says nothing when nothing changed, and describes a first config', () => {
    expect(describeConfigChange(before, structuredClone(before))).toEqual([]);
    expect(describeConfigChange({ calendars: [], policies: [] }, { calendars: [{ id: 'x' }], policies: [] })).toEqual(['calendars: added "x"']);
  });
});
