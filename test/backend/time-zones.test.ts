/**
 * `@date-fns/tz` keeps a formatter per distinct zone string for as long as the process lives, and
 * Forge reuses a warm process across installations: a zone from a request reaches it in one
 * spelling only, whatever letter case the caller wrote.
 */
import { loadExampleConfig } from '../support/evaluate';
import { PEOPLE, saveConfig, startWorld, type Answer } from '../support/world';
import type { World } from '../../harness/world';

const zonesSeen = new Set<string>();
jest.mock('@date-fns/tz', () => {
  const real = jest.requireActual('@date-fns/tz');
  class TZDate extends real.TZDate {
    constructor(...args: unknown[]) {
      super(...args);
      const zone = args.find((arg) => typeof arg === 'string' && arg.includes('/'));
      if (typeof zone === 'string') zonesSeen.add(zone);
    }
  }
  return {
    ...real,
    TZDate,
    tzOffset: (zone: string, date: Date) => (zonesSeen.add(zone), real.tzOffset(zone, date)),
    tzScan: (zone: string, range: unknown) => (zonesSeen.add(zone), real.tzScan(zone, range)),
  };
});

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z');
  await saveConfig(world, loadExampleConfig());
});
afterEach(() => world.close());

it('a zone written in any letter case reaches the time-zone library as one spelling', async () => {
  const answers: Answer[] = [];
  zonesSeen.clear();
  for (const spelling of ['Europe/Berlin', 'europe/berlin', 'EUROPE/BERLIN', 'eUrOpE/bErLiN', 'America/new_york']) {
    answers.push((await world.forge.invoke('sla-breaches-page', 'complianceTrend', { timeZone: spelling, months: 2 }, { accountId: PEOPLE.manager })) as Answer);
  }
  expect(answers.every((answer) => answer.ok)).toBe(true);
  expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
  const odd = [...zonesSeen].filter((zone) => !Intl.supportedValuesOf('timeZone').includes(zone) && zone !== 'UTC');
  expect(odd).toEqual([]);
});
