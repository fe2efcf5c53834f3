/**
 * The list of issues by SLA status with its filters (kept in the page's route), the same search in
 * JQL, the CSV of every page and the pages; below it compliance, its trend and the escalation log.
 */
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf, ReportFilters } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { Notice } from '../shared/ui';
import { breachesCsv } from './breaches-csv';
import { BreachList } from './BreachList';
import { complianceFilters, CompliancePanel } from './CompliancePanel';
import { ComplianceTrend } from './ComplianceTrend';
import { EscalationLog } from './EscalationLog';
import { FilterBar } from './FilterBar';
import { LoadFailed } from './LoadFailed';
import type { PageState } from './route';

const call = resolvers('report');
type Page = AnswerOf<'report', 'breaches'>;
type Options = AnswerOf<'report', 'filterOptions'>;

const PAGE_SIZE = 20;
const REFRESH_MS = 60_000;

/** The page the list shows, by cursor, reloaded every minute and when the filters change. */
function usePage(filters: ReportFilters) {
  /** The cursors of the pages before this one, and of this one (`undefined`: the first). */
  const [trail, setTrail] = useState<(string | undefined)[]>([undefined]);
  const cursor = trail[trail.length - 1];
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const key = JSON.stringify(filters);
  const load = useCallback(async () => {
    const answer = await call('breaches', { filters: JSON.parse(key) as ReportFilters, ...(cursor ? { cursor } : {}), pageSize: PAGE_SIZE });
    if (answer.ok) {
      setPage(answer.value);
      setError(undefined);
    } else setError(answer.error.message);
  }, [key, cursor]);
  useEffect(() => {
    setPage(undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  return { page, error, load, trail, setTrail };
}

export function Breaches({ context, state, change }: { context: ViewContext; state: PageState; change: (next: PageState) => void }) {
  const { filters } = state;
  const [options, setOptions] = useState<Options>();
  const { page, error, load, trail, setTrail } = usePage(filters);
  const [exporting, setExporting] = useState<string>();
  useEffect(() => {
    void call('filterOptions').then((answer) => answer.ok && setOptions(answer.value));
  }, []);

  const setFilters = (next: ReportFilters) => {
    setTrail([undefined]);
    change({ ...state, filters: Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined && value !== '')) as ReportFilters });
  };
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
  const known = (page?.rows ?? []).flatMap((row) => (row.assignee ? [row.assignee] : []));
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
        <FilterBar context={context} filters={filters} options={options} known={known} setFilters={setFilters} />
        {page ? (
          <div style={{ font: token('font.code'), color: token('color.text.subtle'), overflowWrap: 'anywhere' }} data-testid="jql">
            JQL: {page.jql}
            {page.jqlLeavesOut.length ? ` (Jira's search cannot filter on ${page.jqlLeavesOut.join(', ')}: this list does)` : ''}
          </div>
        ) : null}
        {exporting ? <div role="status">{exporting}</div> : null}
        {error ? <LoadFailed what="The list" error={error} retry={() => void load()} testId="retry-list" /> : null}
        {!page && !error ? (
          <Spinner label="Loading the issues" />
        ) : page && page.rows.length === 0 ? (
          <Notice kind="success" title="Nothing to show">
            No issue matches these filters.
          </Notice>
        ) : page ? (
          <BreachList rows={page.rows} context={context} stopped={stopped} />
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
