/**
 * The managers' page: breached and at-risk issues (VIP first, then most overdue) with filters and
 * the same search in Jira's JQL, and compliance per metric and priority over a period.
 */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf, ReportFilters } from '../../src/contract';
import { resolvers, viewContext, type ViewContext } from '../shared/bridge';
import { formatDuration, formatInstant } from '../shared/format';
import { StatusLozenge, TableHead } from '../shared/ui';
import { ComplianceChart } from './ComplianceChart';
import { EscalationLog } from './EscalationLog';
import { Statements } from './Statements';

const call = resolvers('report');
type Page = AnswerOf<'report', 'breaches'>;
type Options = AnswerOf<'report', 'filterOptions'>;
type Compliance = AnswerOf<'report', 'compliance'>;

const PAGE_SIZE = 20;
const REFRESH_MS = 60_000;
const DAY = 86_400_000;

export function BreachesApp() {
  const [context, setContext] = useState<ViewContext>();
  const [options, setOptions] = useState<Options>();
  const [filters, setFilters] = useState<ReportFilters>({});
  /** The cursors of the pages before this one, and of this one (`undefined`: the first). */
  const [trail, setTrail] = useState<(string | undefined)[]>([undefined]);
  const cursor = trail[trail.length - 1];
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const [days, setDays] = useState(30);
  const [compliance, setCompliance] = useState<Compliance>();
  const [view, setView] = useState<'breaches' | 'statements'>('breaches');

  const load = useCallback(async () => {
    const answer = await call('breaches', { filters: { ...filters }, ...(cursor ? { cursor } : {}), pageSize: PAGE_SIZE });
    if (answer.ok) {
      setPage(answer.value);
      setError(undefined);
    } else setError(answer.error.message);
  }, [filters, cursor]);

  const loadCompliance = useCallback(async () => {
    const to = Date.now();
    const { metric: _metric, escalated: _escalated, ...rest } = filters;
    const answer = await call('compliance', { filters: { ...rest }, from: new Date(to - days * DAY).toISOString(), to: new Date(to).toISOString() });
    if (answer.ok) setCompliance(answer.value);
  }, [filters, days]);

  useEffect(() => {
    void viewContext().then(setContext);
    void call('filterOptions').then((answer) => answer.ok && setOptions(answer.value));
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => void loadCompliance(), [loadCompliance]);

  if (!context) return <Spinner label="Loading" />;
  const setFilter = (name: Exclude<keyof ReportFilters, 'escalated'>, value: string) => {
    setTrail([undefined]);
    setFilters({ ...filters, [name]: value || undefined });
  };
  const select = (name: Exclude<keyof ReportFilters, 'escalated'>, label: string, choices: { label: string; value: string }[]) => (
    <label style={{ display: 'grid', gap: token('space.050'), font: token('font.body.small'), color: token('color.text.subtle') }}>
      {label}
      <select
        value={(filters[name] as string | undefined) ?? ''}
        onChange={(event) => setFilter(name, event.target.value)}
        style={{ font: token('font.body'), padding: token('space.050'), minWidth: 150, borderRadius: token('radius.small'), border: `${token('border.width')} solid ${token('color.border.input')}`, background: token('color.background.input'), color: token('color.text') }}
      >
        <option value="">All</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );

  const tab = (id: typeof view, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === id}
      data-testid={`tab-${id}`}
      onClick={() => setView(id)}
      style={{ font: token('font.body'), padding: `${token('space.075')} ${token('space.150')}`, border: 'none', borderBottom: `${token('border.width.selected')} solid ${view === id ? token('color.border.selected') : 'transparent'}`, background: 'none', color: view === id ? token('color.text.selected') : token('color.text.subtle'), cursor: 'pointer' }}
    >
      {label}
    </button>
  );
  const tabs = (
    <nav role="tablist" aria-label="Views" style={{ display: 'flex', gap: token('space.100'), borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
      {tab('breaches', 'Breaches and compliance')}
      {tab('statements', 'Customer statements')}
    </nav>
  );
  if (view === 'statements') {
    return (
      <main style={{ display: 'grid', gap: token('space.300'), padding: token('space.200'), color: token('color.text') }}>
        {tabs}
        <Statements context={context} />
      </main>
    );
  }

  return (
    <main style={{ display: 'grid', gap: token('space.300'), padding: token('space.200'), color: token('color.text') }}>
      {tabs}
      <section aria-labelledby="breaches-title" style={{ display: 'grid', gap: token('space.150') }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: token('space.100') }}>
          <h1 id="breaches-title" style={{ margin: 0, font: token('font.heading.large') }}>
            Breached and at-risk issues
          </h1>
          {page ? (
            <Button onClick={() => void router.open(`/issues/?jql=${encodeURIComponent(page.jql)}`)} testId="open-in-search">
              Open in Jira search
            </Button>
          ) : null}
        </div>
        <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignItems: 'end' }} role="group" aria-label="Filters">
          {select('project', 'Project', (options?.projects ?? []).map((project) => ({ label: `${project.name} (${project.key})`, value: project.key })))}
          {select('policy', 'Policy', (options?.policies ?? []).map((policy) => ({ label: policy.name, value: policy.id })))}
          {select('metric', 'Metric', (options?.metrics ?? []).map((metric) => ({ label: metric.internal ? `${metric.name} (OLA, internal)` : metric.name, value: metric.id })))}
          {select('priority', 'Priority', (options?.priorities ?? []).map((priority) => ({ label: priority, value: priority })))}
          {select('assignee', 'Assignee', [...new Map((page?.rows ?? []).flatMap((row) => (row.assignee ? [[row.assignee.accountId, row.assignee.displayName] as const] : []))).entries()].map(([value, label]) => ({ label, value })))}
          <label style={{ display: 'flex', gap: token('space.050'), alignItems: 'center', font: token('font.body.small'), color: token('color.text.subtle') }}>
            <input
              type="checkbox"
              checked={filters.escalated === true}
              onChange={(event) => {
                setTrail([undefined]);
                setFilters({ ...filters, escalated: event.target.checked || undefined });
              }}
            />{' '}
            Escalated only
          </label>
        </div>
        {page ? <code style={{ font: token('font.code'), color: token('color.text.subtle') }}>JQL: {page.jql}</code> : null}
        {error ? <SectionMessage appearance="error" title="The report could not be loaded">{error}</SectionMessage> : null}
        {!page ? (
          <Spinner label="Loading breaches" />
        ) : page.rows.length === 0 ? (
          <SectionMessage appearance="success" title="Nothing breached or at risk">No issue matches these filters.</SectionMessage>
        ) : (
          <table data-testid="breaches" style={{ borderCollapse: 'collapse', width: '100%' }}>
            <TableHead headings={['Issue', 'Summary', 'Priority', 'Tier', 'Metric', 'Status', 'Overdue by / due in', 'Assignee']} />
            <tbody>
              {page.rows.map((row) => (
                <tr key={`${row.key}-${row.metric}`} data-testid={`row-${row.key}-${row.metric}`} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
                  <td style={{ padding: token('space.075') }}>
                    <a href={`/browse/${row.key}`} onClick={(event) => (event.preventDefault(), void router.open(`/browse/${row.key}`))} style={{ color: token('color.link') }}>
                      {row.key}
                    </a>
                  </td>
                  <td style={{ padding: token('space.075') }}>{row.summary}</td>
                  <td style={{ padding: token('space.075') }}>{row.priority}</td>
                  <td style={{ padding: token('space.075') }}>{row.vip ? <strong>{row.tier}</strong> : row.tier}</td>
                  <td style={{ padding: token('space.075') }}>
                    {row.metricName}
                    {row.internal ? ' (OLA)' : ''}
                    {row.escalated ? ' · escalated' : ''}
                  </td>
                  <td style={{ padding: token('space.075') }}>
                    <StatusLozenge status={row.status} />
                  </td>
                  <td style={{ padding: token('space.075'), color: row.remainingMs < 0 ? token('color.text.danger') : token('color.text') }} title={row.dueAt ? `Due ${formatInstant(row.dueAt, context.locale, context.timezone)}` : undefined}>
                    {row.remainingMs < 0 ? `overdue by ${formatDuration(-row.remainingMs)}` : `due in ${formatDuration(row.remainingMs)}`}
                  </td>
                  <td style={{ padding: token('space.075') }}>{row.assignee?.displayName ?? 'Unassigned'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
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

      <section aria-labelledby="compliance-title" style={{ display: 'grid', gap: token('space.150') }}>
        <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
          <h2 id="compliance-title" style={{ margin: 0, font: token('font.heading.medium') }}>
            Compliance
          </h2>
          <label style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
            Period{' '}
            <select value={days} onChange={(event) => setDays(Number(event.target.value))} style={{ font: token('font.body') }}>
              <option value={7}>Last 7 days</option>
              <option value={30}>Last 30 days</option>
              <option value={90}>Last 90 days</option>
            </select>
          </label>
        </div>
        {compliance ? <ComplianceChart compliance={compliance} /> : <Spinner label="Loading compliance" />}
      </section>
      <EscalationLog context={context} open={(key) => void router.open(`/browse/${key}`)} />
    </main>
  );
}
