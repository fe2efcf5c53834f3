/**
 * The managers' page: the list of issues by status (breached and at risk, running, paused, met,
 * met late) with filters that live in the page's URL, the same search in Jira's JQL, a CSV of every
 * page, the work queue (at risk, soonest due first), compliance per metric and priority over a
 * calendar week, month or quarter, the escalation log, and the customers' statements.
 */
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { router, view } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { UNASSIGNED, type AnswerOf, type PayloadOf, type ReportFilters } from '../../src/contract';
import { resolvers, viewContext, type ViewContext } from '../shared/bridge';
import { formatDuration, formatInstant } from '../shared/format';
import { Notice, StatusLozenge, TableHead } from '../shared/ui';
import { breachesCsv } from './breaches-csv';
import { ComplianceChart, type ComplianceCell } from './ComplianceChart';
import { ComplianceTrend } from './ComplianceTrend';
import { EscalationLog } from './EscalationLog';
import { LoadFailed } from './LoadFailed';
import { COMPLIANCE_RANGES, dayStart, localDay, parseRoute, rangeInstants, routeOf, type PageState, type Tab } from './route';
import { Statements } from './Statements';

const call = resolvers('report');
type Page = AnswerOf<'report', 'breaches'>;
type Options = AnswerOf<'report', 'filterOptions'>;
type Compliance = AnswerOf<'report', 'compliance'>;
type History = Awaited<ReturnType<typeof view.createHistory>>;

const PAGE_SIZE = 20;
const REFRESH_MS = 60_000;

const STATUS_CHOICES = [
  { value: '', label: 'Breached or at risk' },
  { value: 'breached', label: 'Breached' },
  { value: 'at-risk', label: 'At risk' },
  { value: 'running', label: 'Running (on track)' },
  { value: 'paused', label: 'Paused' },
  { value: 'met-late', label: 'Met late (resolved breaches)' },
  { value: 'met', label: 'Met' },
];

const selectStyle = { font: token('font.body'), padding: token('space.050'), minWidth: 140, maxWidth: 220, borderRadius: token('radius.small'), border: `${token('border.width')} solid ${token('color.border.input')}`, background: token('color.background.input'), color: token('color.text') };
const labelStyle = { display: 'grid', gap: token('space.050'), font: token('font.body.small'), color: token('color.text.subtle') } as const;

/** A select under its label; `all` adds a first choice of no value. */
function Choice<T extends string>({ label, value, choices, onChange, all }: { label: string; value: T | ''; choices: readonly { value: T; label: string }[]; onChange: (value: T | '') => void; all?: string }) {
  return (
    <label style={labelStyle}>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value as T | '')} style={selectStyle}>
        {all ? <option value="">{all}</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function BreachesApp() {
  const [context, setContext] = useState<ViewContext>();
  const [state, setState] = useState<PageState>(() => parseRoute(''));
  const history = useRef<History | undefined>(undefined);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void viewContext().then(setContext);
    // The page's route holds its view: read it once, then keep it up to date.
    void view
      .createHistory()
      .then((created) => {
        history.current = created;
        setState(parseRoute(created.location.search));
      })
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);
  const change = (next: PageState) => {
    setState(next);
    history.current?.replace(routeOf(next));
  };

  if (!context || !ready) return <Spinner label="Loading the page" />;
  const tabs: Tab[] = ['breaches', 'statements'];
  // The keyboard moves between tabs with the arrows; only the selected tab is in the tab order.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = tabs[(tabs.indexOf(state.tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    change({ ...state, tab: next });
    (event.currentTarget.parentElement?.querySelector(`[data-testid="tab-${next}"]`) as HTMLButtonElement | null)?.focus();
  };
  const tab = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={state.tab === id}
      tabIndex={state.tab === id ? 0 : -1}
      onKeyDown={onTabKey}
      data-testid={`tab-${id}`}
      onClick={() => change({ ...state, tab: id })}
      style={{ font: token('font.body'), padding: `${token('space.075')} ${token('space.150')}`, border: 'none', borderBottom: `${token('border.width.selected')} solid ${state.tab === id ? token('color.border.selected') : 'transparent'}`, background: 'none', color: state.tab === id ? token('color.text.selected') : token('color.text.subtle'), cursor: 'pointer' }}
    >
      {label}
    </button>
  );
  return (
    <main style={{ display: 'grid', gap: token('space.300'), padding: token('space.200'), color: token('color.text'), minWidth: 0 }}>
      <nav role="tablist" aria-label="Views" style={{ display: 'flex', gap: token('space.100'), borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
        {tab('breaches', 'Breaches and compliance')}
        {tab('statements', 'Customer statements')}
      </nav>
      {state.tab === 'statements' ? <Statements context={context} /> : <Breaches context={context} state={state} change={change} />}
    </main>
  );
}

function Breaches({ context, state, change }: { context: ViewContext; state: PageState; change: (next: PageState) => void }) {
  const { filters } = state;
  const [options, setOptions] = useState<Options>();
  /** The cursors of the pages before this one, and of this one (`undefined`: the first). */
  const [trail, setTrail] = useState<(string | undefined)[]>([undefined]);
  const cursor = trail[trail.length - 1];
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState<string>();
  const key = JSON.stringify(filters);

  const load = useCallback(async () => {
    const answer = await call('breaches', { filters: JSON.parse(key) as ReportFilters, ...(cursor ? { cursor } : {}), pageSize: PAGE_SIZE });
    if (answer.ok) {
      setPage(answer.value);
      setError(undefined);
    } else setError(answer.error.message);
  }, [key, cursor]);

  useEffect(() => {
    void call('filterOptions').then((answer) => answer.ok && setOptions(answer.value));
  }, []);
  useEffect(() => {
    setPage(undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const setFilters = (next: ReportFilters) => {
    setTrail([undefined]);
    change({ ...state, filters: Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined && value !== '')) as ReportFilters });
  };
  const select = (name: 'project' | 'policy' | 'metric' | 'priority' | 'assignee' | 'tier' | 'agreement' | 'status', label: string, choices: { label: string; value: string }[], all = 'All') => (
    <Choice label={label} value={(filters[name] as string | undefined) ?? ''} choices={choices} all={all} onChange={(value) => setFilters({ ...filters, [name]: value || undefined })} />
  );
  const dates = filters.dates;
  // Which date a range is on is kept while no range is set, so it can be chosen first.
  const [dateOn, setDateOn] = useState<NonNullable<ReportFilters['dates']>['on']>(dates?.on ?? 'created');
  const setDates = (next: Partial<NonNullable<ReportFilters['dates']>>) => {
    const merged = { on: dateOn, ...dates, ...next };
    setDateOn(merged.on);
    setFilters({ ...filters, dates: merged.from || merged.to ? merged : undefined });
  };
  const [found, setFound] = useState<{ accountId: string; displayName: string }[]>([]);
  const [who, setWho] = useState('');
  const assignees = new Map<string, string>([...found.map((person) => [person.accountId, person.displayName] as const), ...(page?.rows ?? []).flatMap((row) => (row.assignee ? [[row.assignee.accountId, row.assignee.displayName] as const] : []))]);
  if (filters.assignee && filters.assignee !== UNASSIGNED && !assignees.has(filters.assignee)) assignees.set(filters.assignee, 'The chosen assignee');

  const exportCsv = async () => {
    setExporting('Exporting: reading the first page…');
    try {
      const text = await breachesCsv(filters, (rows) => setExporting(`Exporting: ${rows} rows read…`));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      link.download = 'sla-issues.csv';
      link.click();
      setExporting(undefined);
    } catch (failure) {
      setExporting(`The export failed: ${(failure as Error).message}`);
    }
  };

  const stopped = filters.status === 'met' || filters.status === 'met-late';
  return (
    <>
      <section aria-labelledby="breaches-title" style={{ display: 'grid', gap: token('space.150'), minWidth: 0 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: token('space.100') }}>
          <h1 id="breaches-title" style={{ margin: 0, font: token('font.heading.large') }}>
            {filters.sort === 'due' ? 'Work queue: soonest due first' : stopped ? 'Stopped clocks' : 'Issues by SLA status'}
          </h1>
          <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap' }}>
            <Button onClick={() => setFilters({ ...filters, sort: filters.sort === 'due' ? undefined : 'due', status: filters.sort === 'due' ? undefined : 'at-risk' })} testId="work-queue">
              {filters.sort === 'due' ? 'Back to the list' : 'Work queue (at risk, soonest due)'}
            </Button>
            <Button onClick={() => void exportCsv()} testId="export-list">
              Export CSV
            </Button>
            {page ? (
              <Button onClick={() => void router.open(`/issues/?jql=${encodeURIComponent(page.jql)}`)} testId="open-in-search">
                Open in Jira search
              </Button>
            ) : null}
          </div>
        </div>
        <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignItems: 'end' }} role="group" aria-label="Filters">
          {select('status', 'Status', STATUS_CHOICES.slice(1), STATUS_CHOICES[0]!.label)}
          {select('project', 'Project', (options?.projects ?? []).map((project) => ({ label: `${project.name} (${project.key})`, value: project.key })))}
          {select('policy', 'Policy', (options?.policies ?? []).map((policy) => ({ label: policy.name, value: policy.id })))}
          {select('metric', 'Metric', (options?.metrics ?? []).map((metric) => ({ label: metric.internal ? `${metric.name} (OLA, internal)` : metric.name, value: metric.id })))}
          {select('tier', 'Tier', (options?.tiers ?? []).map((tier) => ({ label: tier.name, value: tier.id })))}
          {options?.agreements.length ? select('agreement', 'Customer', options.agreements.map((agreement) => ({ label: agreement.customer, value: agreement.id }))) : null}
          {select('priority', 'Priority', (options?.priorities ?? []).map((priority) => ({ label: priority, value: priority })))}
          {select('assignee', 'Assignee', [{ label: 'Unassigned', value: UNASSIGNED }, ...[...assignees.entries()].map(([value, label]) => ({ label, value }))])}
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
          <Choice
            label="Dates on"
            value={dates?.on ?? dateOn}
            choices={[
              { value: 'created', label: 'Created' },
              { value: 'due', label: 'Due' },
              { value: 'breached', label: 'Breached' },
              { value: 'stopped', label: 'Stopped' },
            ]}
            onChange={(on) => on && setDates({ on })}
          />
          <label style={labelStyle}>
            From
            <input type="date" value={dates?.from ? localDay(dates.from, context.timezone) : ''} onChange={(event) => setDates({ from: event.target.value ? dayStart(event.target.value, context.timezone) : undefined })} style={selectStyle} />
          </label>
          <label style={labelStyle}>
            To (inclusive)
            <input type="date" value={dates?.to ? localDay(dates.to, context.timezone, true) : ''} onChange={(event) => setDates({ to: event.target.value ? dayStart(event.target.value, context.timezone, true) : undefined })} style={selectStyle} />
          </label>
          <Choice
            label="Order"
            value={filters.sort ?? 'overdue'}
            choices={[
              { value: 'overdue', label: 'VIP first, longest in trouble' },
              { value: 'priority', label: 'Priority, then longest in trouble' },
              { value: 'due', label: 'Soonest due first (work queue)' },
            ]}
            onChange={(sort) => setFilters({ ...filters, sort: sort === 'overdue' || sort === '' ? undefined : sort })}
          />
          <label style={{ display: 'flex', gap: token('space.050'), alignItems: 'center', font: token('font.body.small'), color: token('color.text.subtle') }}>
            <input type="checkbox" checked={filters.escalated === true} onChange={(event) => setFilters({ ...filters, escalated: event.target.checked || undefined })} /> Escalated only
          </label>
          {Object.keys(filters).length ? (
            <Button appearance="subtle" onClick={() => setFilters({})}>
              Clear filters
            </Button>
          ) : null}
        </div>
        {page ? (
          <div style={{ font: token('font.code'), color: token('color.text.subtle'), overflowWrap: 'anywhere' }} data-testid="jql">
            JQL: {page.jql}
            {page.jqlLeavesOut.length ? ` (Jira's search cannot filter on ${page.jqlLeavesOut.join(', ')}: this list does)` : ''}
          </div>
        ) : null}
        {exporting ? <div role="status">{exporting}</div> : null}
        {error ? (
          <LoadFailed what="The list" error={error} retry={() => void load()} testId="retry-list" />
        ) : null}
        {!page && !error ? (
          <Spinner label="Loading the issues" />
        ) : page && page.rows.length === 0 ? (
          <Notice kind="success" title="Nothing to show">
            No issue matches these filters.
          </Notice>
        ) : page ? (
          <div style={{ overflowX: 'auto' }}>
            <table data-testid="breaches" style={{ borderCollapse: 'collapse', width: '100%' }}>
              <TableHead headings={['Issue', 'Summary', 'Priority', 'Tier', 'Metric', 'Status', stopped ? 'Stopped' : 'Overdue by / left', 'Assignee']} />
              <tbody>
                {page.rows.map((row) => (
                  <tr key={`${row.key}-${row.metric}-${row.stoppedAt ?? ''}`} data-testid={`row-${row.key}-${row.metric}`} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
                    <td style={{ padding: token('space.075'), whiteSpace: 'nowrap' }}>
                      <a href={`/browse/${row.key}`} onClick={(event) => (event.preventDefault(), void router.open(`/browse/${row.key}`))} style={{ color: token('color.link') }}>
                        {row.key}
                      </a>
                    </td>
                    <td style={{ padding: token('space.075') }}>{row.summary}</td>
                    <td style={{ padding: token('space.075') }}>{row.priority ?? '–'}</td>
                    <td style={{ padding: token('space.075') }}>
                      {row.vip ? <strong>{row.tier}</strong> : row.tier}
                      {row.customer ? <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{row.customer}</div> : null}
                    </td>
                    <td style={{ padding: token('space.075') }}>
                      {row.metricName}
                      {row.internal ? ' (OLA)' : ''}
                      {row.escalated ? ' · escalated' : ''}
                    </td>
                    <td style={{ padding: token('space.075') }}>
                      <StatusLozenge status={row.status} />
                    </td>
                    <td style={{ padding: token('space.075'), color: row.remainingMs < 0 ? token('color.text.danger') : token('color.text') }} title={row.dueAt ? `Due ${formatInstant(row.dueAt, context.locale, context.timezone)}` : undefined}>
                      {row.stoppedAt ? formatInstant(row.stoppedAt, context.locale, context.timezone) : row.remainingMs < 0 ? `overdue by ${formatDuration(-row.remainingMs)}` : `${formatDuration(row.remainingMs)} of working time left`}
                    </td>
                    <td style={{ padding: token('space.075') }}>{row.assignee?.displayName ?? 'Unassigned'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {page && (trail.length > 1 || page.nextCursor) ? (
          <nav aria-label="Pages" style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
            <Button isDisabled={trail.length === 1} onClick={() => setTrail(trail.slice(0, -1))}>
              Previous
            </Button>
            <span>Page {trail.length}</span>
            <Button isDisabled={!page.nextCursor} onClick={() => setTrail([...trail, page.nextCursor])}>
              Next
            </Button>
          </nav>
        ) : null}
      </section>
      <CompliancePanel context={context} state={state} change={change} priorities={options?.priorities ?? []} />
      <ComplianceTrend context={context} filters={complianceFilters(filters)} canAdmin={options?.canAdmin ?? false} />
      <EscalationLog context={context} open={(issue) => void router.open(`/browse/${issue}`)} />
    </>
  );
}

const complianceFilters = ({ project, policy, priority, assignee, tier, agreement }: ReportFilters) => Object.fromEntries(Object.entries({ project, policy, priority, assignee, tier, agreement }).filter(([, value]) => value !== undefined));

type GroupBy = NonNullable<PayloadOf<'report', 'compliance'>['by']>;

function CompliancePanel({ context, state, change, priorities }: { context: ViewContext; state: PageState; change: (next: PageState) => void; priorities: readonly string[] }) {
  const [compliance, setCompliance] = useState<Compliance>();
  const [error, setError] = useState<string>();
  const [by, setBy] = useState<GroupBy>('priority');
  const key = JSON.stringify({ filters: complianceFilters(state.filters), range: state.range, by });
  const load = useCallback(async () => {
    const { range, filters, by: group } = JSON.parse(key) as { filters: ReportFilters; range: PageState['range']; by: GroupBy };
    const { from, to } = rangeInstants(range, context.timezone, Date.now());
    setError(undefined);
    setCompliance(undefined);
    const answer = await call('compliance', { filters, by: group, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    if (answer.ok) setCompliance(answer.value);
    else setError(answer.error.message);
  }, [key, context.timezone]);
  useEffect(() => void load(), [load]);
  // A count opens the clocks behind it: the list, stopped in the period, met or late, in that group.
  const open = (metric: string, cell: ComplianceCell, met: boolean) => {
    const { from, to } = rangeInstants(state.range, context.timezone, Date.now());
    const group = cell.key === 'All' || (by === 'assignee' && cell.key === 'others') ? {} : { [by]: by === 'assignee' && cell.key === '' ? 'unassigned' : cell.key };
    change({ ...state, filters: { ...complianceFilters(state.filters), ...group, metric, status: met ? 'met' : 'met-late', dates: { on: 'stopped', from: new Date(from).toISOString(), to: new Date(to).toISOString() } } });
    window.scrollTo(0, 0);
  };
  return (
    <section aria-labelledby="compliance-title" style={{ display: 'grid', gap: token('space.150'), minWidth: 0 }}>
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="compliance-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Compliance
        </h2>
        <Choice label={`Period (${context.timezone})`} value={state.range} choices={COMPLIANCE_RANGES.map((range) => ({ value: range.id, label: range.label }))} onChange={(range) => range && change({ ...state, range })} />
        <Choice<GroupBy>
          label="Per"
          value={by}
          choices={[
            { value: 'priority', label: 'Priority' },
            { value: 'tier', label: 'Tier' },
            { value: 'policy', label: 'Policy' },
            { value: 'agreement', label: 'Customer' },
            { value: 'assignee', label: 'Assignee' },
          ]}
          onChange={(group) => group && setBy(group)}
        />
      </div>
      {error ? (
        <LoadFailed what="Compliance" error={error} retry={() => void load()} testId="retry-compliance" />
      ) : compliance ? (
        <>
          {compliance.openFrom ? <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>From {formatInstant(compliance.openFrom, context.locale, context.timezone)} counted live from the clocks; earlier days from their frozen figures.</p> : null}
          <ComplianceChart compliance={compliance} priorities={priorities} open={open} />
        </>
      ) : (
        <Spinner label="Loading compliance" />
      )}
    </section>
  );
}
