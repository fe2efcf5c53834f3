import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import type { Holiday } from './calendar';

// ical.js ships a CommonJS build for require() but types only for its ES module build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;

/** Occurrences of one recurring event walked at most: enough for a daily event over two centuries. */
const MAX_OCCURRENCES = 100_000;
/** Events one file may hold: reading is linear in them, and a calendar's holidays are far fewer. */
export const MAX_ICS_EVENTS = 100_000;
const DAY_MS = 86_400_000;

export interface IcsImport {
  readonly holidays: Holiday[];
  /** Events that were not taken, with the reason (timed events are not whole days). */
  readonly skipped: { readonly summary: string; readonly reason: string }[];
}

/**
 * Reads holidays from iCalendar text: every all-day `VEVENT`, each of its days (multi-day events
 * give one holiday a day, `DTEND` exclusive), and the occurrences of recurring events between
 * `from` and `to` (local dates, inclusive). Sorted by date, one entry per date. Time and memory
 * are linear in the file's events (at most {@link MAX_ICS_EVENTS}) and in the occurrences of
 * recurring ones inside the range.
 *
 * @throws Error naming the line for text that is not iCalendar, or saying a file holds too many events.
 */
export function holidaysFromIcs(text: string, range: { from: string; to: string }): IcsImport {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new Error(`Not an iCalendar file: ${(error as Error).message}`, { cause: error });
  }
  const components = root.getAllSubcomponents('vevent');
  if (components.length > MAX_ICS_EVENTS) throw new Error(`The file holds ${components.length} events, more than the ${MAX_ICS_EVENTS} a holiday calendar may`);
  const exceptions = exceptionsByUid(components);
  const recurringUids = new Set(components.filter((component) => component.hasProperty('rrule') && !component.hasProperty('recurrence-id')).map(uidOf));
  const byDate = new Map<string, Holiday>();
  const skipped: IcsImport['skipped'] = [];
  const add = (start: IcalTime, days: number, name: string) => {
    // Only the days of the event inside the range are walked, however long the event.
    const startDay = dayNumber(start.year, start.month, start.day);
    const first = Math.max(0, dayOf(range.from) - startDay);
    const last = Math.min(days - 1, dayOf(range.to) - startDay);
    for (let i = first; i <= last; i++) {
      const date = new Date((startDay + i) * DAY_MS).toISOString().slice(0, 10);
      if (!byDate.has(date)) byDate.set(date, { date, name: name || undefined });
    }
  };
  for (const component of components) {
    const override = component.hasProperty('recurrence-id');
    // An override of a recurring event's occurrence counts through that event, in the occurrence's place.
    if (override && recurringUids.has(uidOf(component))) continue;
    // Handing ical.js each event's own overrides keeps it from scanning every sibling for them (quadratic).
    const event = new ICAL.Event(component, { exceptions: override ? [] : (exceptions.get(uidOf(component)) ?? []) });
    const summary = event.summary ?? '';
    if (!event.startDate) {
      skipped.push({ summary, reason: 'has no DTSTART' });
      continue;
    }
    if (!event.startDate.isDate) {
      skipped.push({ summary, reason: 'is not an all-day event' });
      continue;
    }
    if (!event.isRecurring()) {
      add(event.startDate, daysOf(event.startDate, event.endDate), summary);
      continue;
    }
    const starts = occurrences(event, range.to);
    if (!starts) {
      skipped.push({ summary, reason: `recurs more than ${MAX_OCCURRENCES} times before ${range.to}` });
      continue;
    }
    for (const start of starts) {
      const details = event.getOccurrenceDetails(start);
      add(details.startDate, daysOf(details.startDate, details.endDate), details.item.summary ?? summary);
    }
  }
  const holidays = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  return { holidays, skipped };
}

/** Days an all-day event lasts (`DTEND` exclusive), at least one. */
const daysOf = (start: IcalTime, end: IcalTime | null | undefined) => Math.max(1, end ? end.subtractDate(start).toSeconds() / 86_400 : 1);

const uidOf = (component: IcalComponent) => String(component.getFirstPropertyValue('uid') ?? '');

/** The overrides of recurring events' occurrences (`RECURRENCE-ID`), by the event's UID. */
function exceptionsByUid(components: readonly IcalComponent[]): Map<string, IcalComponent[]> {
  const byUid = new Map<string, IcalComponent[]>();
  for (const component of components) {
    if (!component.hasProperty('recurrence-id')) continue;
    const uid = uidOf(component);
    byUid.set(uid, [...(byUid.get(uid) ?? []), component]);
  }
  return byUid;
}

/** Days since 1970-01-01 of a date (month 1-12). */
function dayNumber(year: number, month: number, date: number): number {
  const day = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads years before 100 as they are.
  day.setUTCFullYear(year, month - 1, date);
  return Math.floor(day.getTime() / DAY_MS);
}

const dayOf = (date: string) => dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));

/** The starts of a recurring event up to `until`; `undefined` past {@link MAX_OCCURRENCES}. */
function occurrences(event: IcalEvent, until: string): IcalTime[] | undefined {
  const iterator = event.iterator();
  const found: IcalTime[] = [];
  for (let next = iterator.next(); next && dayNumber(next.year, next.month, next.day) <= dayOf(until); next = iterator.next()) {
    if (found.length >= MAX_OCCURRENCES) return undefined;
    found.push(next);
  }
  return found;
}
