import { canonicalTimeZone, isValidTimeZone } from './time-zone';

describe('canonicalTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['EUROPE/BERLIN', 'Europe/Berlin'],
    ['US/Eastern', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
  ])('spells %s as %s', (input, expected) => expect(canonicalTimeZone(input)).toBe(expected));

  it.each(['+05:00', 'Etc/GMT+99', 'Mars/Olympus', '', 'Europe/Berlin/../x', 'a'.repeat(65)])('refuses %j', (input) => {
    expect(canonicalTimeZone(input)).toBeNull();
    expect(isValidTimeZone(input)).toBe(false);
  });

  it('gives one spelling for every letter case of a zone, so a library keeps one thing per zone', () => {
    const spellings = new Set<string>();
    for (let mask = 0; mask < 2 ** 10; mask++) {
      const mixed = [...'Europe/Berlin'].map((char, i) => (mask >> (i % 10)) & 1 ? char.toUpperCase() : char.toLowerCase()).join('');
      spellings.add(canonicalTimeZone(mixed)!);
    }
    expect([...spellings]).toEqual(['Europe/Berlin']);
  });
});
