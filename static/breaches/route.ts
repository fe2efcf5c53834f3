/**
 * The managers' page's view in its URL (Jira keeps a global page's route in the page's address), so
 * a view can be bookmarked and shared: the list's filters, the tab, the compliance period.
 */
import { TZDate } from '@date-fns/tz';
import { LIST_STATUSES, type ReportFilters } from '../../src/contract';

export type Tab = 'breaches' | 'statements';
export type ComplianceRange = 'this-week' | 'last-week' | 'this-month' | 'last-month' | 'this-quarter' | 'last-quarter' | 'last-7' | 'last-30' | 'last-90';
export const COMPLIANCE_RANGES: readonly { id: ComplianceRange; label: string }[] = [
  { id: 'this-week', label: 'This week' },
  { id: 'last-week', label: 'Last week' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'this-quarter', label: 'This quarter' },
  { id: 'last-quarter', label: 'Last quarter' },
  { id: 'last-7', label: 'Last 7 days' },
  { id: 'last-30', label: 'Last 30 days' },
  { id: 'last-90', label: 'Last 90 days' },
];

export interface PageState {
  tab: Tab;
  filters: ReportFilters;
  range: ComplianceRange;
}

const TEXT_FILTERS = ['project', 'policy', 'metric', 'priority', 'assignee', 'tier', 'agreement'] as const;
const DATE_FIELDS = ['created', 'due', 'breached', 'stopped'] as const;

export function parseRoute(search: string): PageState {
  const query = new URLSearchParams(search);
  const filters: ReportFilters = {};
  for (const name of TEXT_FILTERS) {
    const value = query.get(name);
    if (value) filters[name] = value;
  }
  const status = query.get('status');
  if (status && (LIST_STATUSES as readonly string[]).includes(status)) filters.status = status as ReportFilters['status'];
  if (query.get('escalated') === '1') filters.escalated = true;
  const sort = query.get('sort');
  if (sort === 'due' || sort === 'priority') filters.sort = sort;
  const on = query.get('on');
  if (on && (DATE_FIELDS as readonly string[]).includes(on) && (query.get('from') || query.get('to'))) {
    filters.dates = { on: on as (typeof DATE_FIELDS)[number], ...(query.get('from') ? { from: query.get('from')! } : {}), ...(query.get('to') ? { to: query.get('to')! } : {}) };
  }
  const range = query.get('range');
  return { tab: query.get('tab') === 'statements' ? 'statements' : 'breaches', filters, range: COMPLIANCE_RANGES.some((entry) => entry.id === range) ? (range as ComplianceRange) : 'last-30' };
}

export function routeOf(state: PageState): string {
  const query = new URLSearchParams();
  if (state.tab !== 'breaches') query.set('tab', state.tab);
  for (const name of TEXT_FILTERS) if (state.filters[name]) query.set(name, state.filters[name]!);
  if (state.filters.status) query.set('status', state.filters.status);
  if (state.filters.escalated) query.set('escalated', '1');
  if (state.filters.sort) query.set('sort', state.filters.sort);
  if (state.filters.dates) {
    query.set('on', state.filters.dates.on);
    if (state.filters.dates.from) query.set('from', state.filters.dates.from);
    if (state.filters.dates.to) query.set('to', state.filters.dates.to);
  }
  if (state.range !== 'last-30') query.set('range', state.range);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

/** The instants `[from, to)` of a compliance range in the viewer's zone: calendar weeks (from Monday), months, quarters. */
export function rangeInstants(range: ComplianceRange, timeZone: string, now: number): { from: number; to: number } {
  const today = new TZDate(now, timeZone);
  const day = (y: number, m: number, d: number) => new TZDate(y, m, d, timeZone).getTime();
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  const monday = d - ((today.getDay() + 6) % 7);
  const quarter = m - (m % 3);
  switch (range) {
    case 'this-week':
      return { from: day(y, m, monday), to: day(y, m, monday + 7) };
    case 'last-week':
      return { from: day(y, m, monday - 7), to: day(y, m, monday) };
    case 'this-month':
      return { from: day(y, m, 1), to: day(y, m + 1, 1) };
    case 'last-month':
      return { from: day(y, m - 1, 1), to: day(y, m, 1) };
    case 'this-quarter':
      return { from: day(y, quarter, 1), to: day(y, quarter + 3, 1) };
    case 'last-quarter':
      return { from: day(y, quarter - 3, 1), to: day(y, quarter, 1) };
    default: {
      const days = Number(range.split('-')[1]);
      return { from: now - days * 86_400_000, to: now };
    }
  }
}

/** A local date (`YYYY-MM-DD`) in the viewer's zone as the instant its day starts; `end`: the day after. */
export function dayStart(date: string, timeZone: string, end = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(new TZDate(y!, m! - 1, d! + (end ? 1 : 0), timeZone).getTime()).toISOString();
}

/** The local date of an instant in the viewer's zone; `end`: of the day before (an exclusive end shown inclusively). */
export function localDay(instant: string, timeZone: string, end = false): string {
  const date = new TZDate(Date.parse(instant) - (end ? 1 : 0), timeZone);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
