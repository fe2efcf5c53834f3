/**
 * The list's filters: status, project, policy, metric, tier, customer, priority, assignee (found
 * by name), a date range on created / due / breached / stopped, the order, escalated only.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { UNASSIGNED, type AnswerOf, type ReportFilters } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { Choice, labelStyle, selectStyle } from './Choice';
import { dayStart, localDay } from './route';

const call = resolvers('report');
type Options = AnswerOf<'report', 'filterOptions'>;
type Person = { accountId: string; displayName: string };
type DateRange = NonNullable<ReportFilters['dates']>;

export const STATUS_CHOICES = [
  { value: '', label: 'Breached or at risk' },
  { value: 'breached', label: 'Breached' },
  { value: 'at-risk', label: 'At risk' },
  { value: 'running', label: 'Running (on track)' },
  { value: 'paused', label: 'Paused' },
  { value: 'met-late', label: 'Met late (resolved breaches)' },
  { value: 'met', label: 'Met' },
];

const DATE_ON: { value: DateRange['on']; label: string }[] = [
  { value: 'created', label: 'Created' },
  { value: 'due', label: 'Due' },
  { value: 'breached', label: 'Breached' },
  { value: 'stopped', label: 'Stopped' },
];

const ORDERS = [
  { value: 'overdue', label: 'VIP first, longest in trouble' },
  { value: 'priority', label: 'Priority, then longest in trouble' },
  { value: 'due', label: 'Soonest due first (work queue)' },
] as const;

interface Props {
  context: ViewContext;
  filters: ReportFilters;
  options: Options | undefined;
  /** People the page already knows by name (the assignees of the rows shown). */
  known: readonly Person[];
  setFilters: (next: ReportFilters) => void;
}

export function FilterBar({ context, filters, options, known, setFilters }: Props) {
  const select = (name: 'project' | 'policy' | 'metric' | 'priority' | 'assignee' | 'tier' | 'agreement' | 'status', label: string, choices: { label: string; value: string }[], all = 'All') => (
    <Choice label={label} value={(filters[name] as string | undefined) ?? ''} choices={choices} all={all} onChange={(value) => setFilters({ ...filters, [name]: value || undefined })} />
  );
  return (
    <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignItems: 'end' }} role="group" aria-label="Filters">
      {select('status', 'Status', STATUS_CHOICES.slice(1), STATUS_CHOICES[0]!.label)}
      {select('project', 'Project', (options?.projects ?? []).map((project) => ({ label: `${project.name} (${project.key})`, value: project.key })))}
      {select('policy', 'Policy', (options?.policies ?? []).map((policy) => ({ label: policy.name, value: policy.id })))}
      {select('metric', 'Metric', (options?.metrics ?? []).map((metric) => ({ label: metric.internal ? `${metric.name} (OLA, internal)` : metric.name, value: metric.id })))}
      {select('tier', 'Tier', (options?.tiers ?? []).map((tier) => ({ label: tier.name, value: tier.id })))}
      {options?.agreements.length ? select('agreement', 'Customer', options.agreements.map((agreement) => ({ label: agreement.customer, value: agreement.id }))) : null}
      {select('priority', 'Priority', (options?.priorities ?? []).map((priority) => ({ label: priority, value: priority })))}
      <AssigneeFilter filters={filters} known={known} setFilters={setFilters} />
      <DateFilter context={context} filters={filters} setFilters={setFilters} />
      <Choice label="Order" value={filters.sort ?? 'overdue'} choices={ORDERS} onChange={(sort) => setFilters({ ...filters, sort: sort === 'overdue' || sort === '' ? undefined : sort })} />
      <label style={{ display: 'flex', gap: token('space.050'), alignItems: 'center', font: token('font.body.small'), color: token('color.text.subtle') }}>
        <input type="checkbox" checked={filters.escalated === true} onChange={(event) => setFilters({ ...filters, escalated: event.target.checked || undefined })} /> Escalated only
      </label>
      {Object.keys(filters).length ? (
        <Button appearance="subtle" onClick={() => setFilters({})}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}

/** Any assignee, found by name; the list's own assignees and Unassigned are offered at once. */
function AssigneeFilter({ filters, known, setFilters }: Pick<Props, 'filters' | 'known' | 'setFilters'>) {
  const [found, setFound] = useState<Person[]>([]);
  const [who, setWho] = useState('');
  const assignees = new Map<string, string>([...found, ...known].map((person) => [person.accountId, person.displayName] as const));
  if (filters.assignee && filters.assignee !== UNASSIGNED && !assignees.has(filters.assignee)) assignees.set(filters.assignee, 'The chosen assignee');
  return (
    <>
      <Choice
        label="Assignee"
        value={filters.assignee ?? ''}
        all="All"
        choices={[{ label: 'Unassigned', value: UNASSIGNED }, ...[...assignees.entries()].map(([value, label]) => ({ label, value }))]}
        onChange={(value) => setFilters({ ...filters, assignee: value || undefined })}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void call('findPeople', { query: who }).then((answer) => answer.ok && setFound(answer.value));
        }}
        style={{ display: 'flex', gap: token('space.050'), alignItems: 'end' }}
      >
        <label style={labelStyle}>
          Find an assignee
          <input value={who} onChange={(event) => setWho(event.target.value)} placeholder="Name" style={{ ...selectStyle, minWidth: 100 }} />
        </label>
        <Button type="submit" isDisabled={!who.trim()}>
          Find
        </Button>
      </form>
    </>
  );
}

/** A range of days in the viewer's zone on one of the list's dates. */
function DateFilter({ context, filters, setFilters }: Pick<Props, 'context' | 'filters' | 'setFilters'>) {
  const dates = filters.dates;
  // Which date a range is on is kept while no range is set, so it can be chosen first.
  const [dateOn, setDateOn] = useState<DateRange['on']>(dates?.on ?? 'created');
  const setDates = (next: Partial<DateRange>) => {
    const merged = { on: dateOn, ...dates, ...next };
    setDateOn(merged.on);
    setFilters({ ...filters, dates: merged.from || merged.to ? merged : undefined });
  };
  return (
    <>
      <Choice label="Dates on" value={dates?.on ?? dateOn} choices={DATE_ON} onChange={(on) => on && setDates({ on })} />
      <label style={labelStyle}>
        From
        <input type="date" value={dates?.from ? localDay(dates.from, context.timezone) : ''} onChange={(event) => setDates({ from: event.target.value ? dayStart(event.target.value, context.timezone) : undefined })} style={selectStyle} />
      </label>
      <label style={labelStyle}>
        To (inclusive)
        <input type="date" value={dates?.to ? localDay(dates.to, context.timezone, true) : ''} onChange={(event) => setDates({ to: event.target.value ? dayStart(event.target.value, context.timezone, true) : undefined })} style={selectStyle} />
      </label>
    </>
  );
}
