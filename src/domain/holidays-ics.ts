import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import type { Holiday } from './calendar';

// ical.js ships a CommonJS build for require() but types only for its ES module build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;

export interface IcsImport {
  readonly holidays: Holiday[];
  /** Events that were not taken, with the reason (timed events are not whole days). */
  readonly skipped: { readonly summary: string; readonly reason: string }[];
}

/**
 * Reads holidays from iCalendar text: every all-day `VEVENT`, each of its days (multi-day events
 * give one holiday a day, `DTEND` exclusive), and the occurrences of recurring events between
 * `from` and `to` (local dates, inclusive). Sorted by date, one entry per date.
 *
 * @throws Error naming the line for text that is not iCalendar.
 */
export function holidaysFromIcs(text: string, range: { from: string; to: string }): IcsImport {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new Error(`Not an iCalendar file: ${(error as Error).message}`, { cause: error });
  }
  const byDate = new Map<string, Holiday>();
  const skipped: IcsImport['skipped'] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    const summary = event.summary ?? '';
    if (!event.startDate) {
      skipped.push({ summary, reason: 'has no DTSTART' });
      continue;
    }
    if (!event.startDate.isDate) {
      skipped.push({ summary, reason: 'is not an all-day event' });
      continue;
    }
    const days = Math.max(1, event.endDate ? event.endDate.subtractDate(event.startDate).toSeconds() / 86_400 : 1);
    const starts = event.isRecurring() ? occurrences(event, range.to) : [event.startDate];
    for (const start of starts) {
      for (let i = 0; i < days; i++) {
        const day = start.clone();
        day.adjust(i, 0, 0, 0);
        const date = day.toString().slice(0, 10);
        if (date >= range.from && date <= range.to && !byDate.has(date)) byDate.set(date, { date, name: summary || undefined });
      }
    }
  }
  const holidays = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  return { holidays, skipped };
}

function occurrences(event: IcalEvent, until: string): IcalTime[] {
  const iterator = event.iterator();
  const found: IcalTime[] = [];
  for (let next = iterator.next(); next && next.toString().slice(0, 10) <= until; next = iterator.next()) found.push(next);
  return found;
}
