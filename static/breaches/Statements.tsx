/**
 * The managers' statements: per agreement the achieved levels of the last 12 periods, and one
 * period's statement (closed as written, or the open period's live forecast) with its credits,
 * earn-backs, exclusions and restatements; the cycles behind each figure; CSV; a print layout
 * that makes a clean PDF to send to the customer. Admins restate a period and exclude cycles.
 */
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import type { LevelFigures } from '../../src/domain/reports/statement';
import { resolvers, type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { Notice } from '../shared/ui';
import { Exclusions } from './Exclusions';
import { LoadFailed } from './LoadFailed';
import { StatementChart, type ChartPeriod } from './StatementChart';
import { StatementArticle } from './StatementArticle';
import { StatementLines, type LinesQuery } from './StatementLines';

const call = resolvers('report');
type Overview = AnswerOf<'report', 'agreements'>;
type Detail = AnswerOf<'report', 'statement'>;

/** Hides the page's controls when printing: what is left is the statement. */
const PRINT_CSS = `@media print { .no-print, nav, [role="group"] { display: none !important; } body { background: white; } main { padding: 0 !important; } }`;

export function Statements({ context }: { context: ViewContext }) {
  const [agreementId, setAgreementId] = useState<string>();
  const [period, setPeriod] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [lines, setLines] = useState<LinesQuery>();
  const [notice, setNotice] = useState<string>();
  const [excluded, setExcluded] = useState(0);
  const { overview, overviewError, loadOverview } = useOverview(setAgreementId);
  const agreement = overview?.agreements.find((candidate) => candidate.id === agreementId);
  const periods = periodsOf(agreement);
  const chosen = period ?? periods[0]?.id;
  const { detail, error, setError, loadDetail } = useDetail(agreementId, chosen, version);

  if (overviewError && !overview) return <LoadFailed what="The agreements" error={overviewError} retry={() => void loadOverview()} />;
  if (!overview) return <Spinner label="Loading agreements" />;
  if (!overview.agreements.length) return <Notice title="No agreements">An admin adds customer agreements on the app's admin page (Agreements tab).</Notice>;

  const statement = detail?.statement;
  const money = (cents: number) => new Intl.NumberFormat(context.locale, { style: 'currency', currency: statement?.figures.currency ?? agreement?.currency ?? 'EUR' }).format(cents / 100);
  const when = (instant: number) => formatInstant(instant, context.locale, context.timezone);
  const version_ = statement ? (statement.kind === 'forecast' ? 0 : statement.version) : 0;
  const drill = (level: LevelFigures, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => setLines({ agreement: agreementId!, period: chosen!, version: version_, level: level.id, ...filter, title: `${level.name}: ${title}` });
  const count = (level: LevelFigures, value: number, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => <Count value={value} title={title} open={() => drill(level, title, filter)} />;
  const chart = chartOf(agreement);

  return (
    <section aria-labelledby="statements-title" style={{ display: 'grid', gap: token('space.200') }} data-testid="statements">
      <style>{PRINT_CSS}</style>
      <div className="no-print" style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="statements-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Statements
        </h2>
        <StatementPicker
          agreements={overview.agreements}
          agreementId={agreementId}
          periods={periods}
          period={chosen}
          onAgreement={(id) => (setAgreementId(id), setPeriod(undefined), setVersion(undefined), setLines(undefined))}
          onPeriod={(id) => (setPeriod(id), setVersion(undefined), setLines(undefined))}
        />
      </div>
      {chart.length ? (
        <div className="no-print">
          <StatementChart periods={chart} />
        </div>
      ) : null}
      {error ? (
        <LoadFailed what="The statement" error={error} retry={() => void loadDetail()} />
      ) : null}
      {notice ? <Notice title={notice} /> : null}
      {!periods.length ? <Notice title="No statement yet">The first statement is written when the agreement's first period ends; the forecast of the open period appears within the hour.</Notice> : null}
      {periods.length && !statement && !error ? <Spinner label="Loading the statement" /> : null}
      {detail ? (
        <StatementArticle
          detail={detail}
          agreementId={agreementId!}
          period={chosen!}
          canAdmin={overview.canAdmin}
          money={money}
          when={when}
          count={count}
          setVersion={setVersion}
          onRestate={(outcome) => ('error' in outcome ? setError(outcome.error) : setNotice(outcome.notice))}
        />
      ) : null}
      {lines ? (
        <StatementLines
          key={JSON.stringify(lines)}
          query={lines}
          context={context}
          canAdmin={overview.canAdmin}
          onExcluded={() => {
            setNotice('Excluded. The exclusion counts from the next close or restatement of the period.');
            setExcluded((n) => n + 1);
          }}
        />
      ) : null}
      {agreementId ? <Exclusions agreement={agreementId} canAdmin={overview.canAdmin} when={when} version={excluded} /> : null}
    </section>
  );
}

type Agreement = Overview['agreements'][number];

/** Every agreement the viewer may see, with its statements; the first is chosen when none is. */
function useOverview(choose: (update: (current: string | undefined) => string | undefined) => void) {
  const [overview, setOverview] = useState<Overview>();
  const [overviewError, setOverviewError] = useState<string>();
  const loadOverview = useCallback(async () => {
    setOverviewError(undefined);
    const answer = await call('agreements');
    if (!answer.ok) return setOverviewError(answer.error.message);
    setOverview(answer.value);
    const first = answer.value.agreements[0];
    choose((current) => current ?? first?.id);
  }, [choose]);
  useEffect(() => void loadOverview(), [loadOverview]);
  return { overview, overviewError, loadOverview };
}

/** One period's statement (a version, or the latest), read again when the choice changes. */
function useDetail(agreementId: string | undefined, period: string | undefined, version: number | undefined) {
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  const loadDetail = useCallback(async () => {
    if (!agreementId || !period) return setDetail(undefined);
    setError(undefined);
    const answer = await call('statement', { agreement: agreementId, period, ...(version ? { version } : {}) });
    if (!answer.ok) return setError(answer.error.message);
    setDetail(answer.value);
  }, [agreementId, period, version]);
  useEffect(() => void loadDetail(), [loadDetail]);
  return { detail, error, setError, loadDetail };
}
type PeriodChoice = { id: string; label: string };

/** The agreement's periods to choose from: the open one's forecast first, then the closed ones, newest first. */
function periodsOf(agreement: Agreement | undefined): PeriodChoice[] {
  if (!agreement) return [];
  const open = agreement.forecast ? [{ id: agreement.forecast.period.id, label: `${agreement.forecast.period.id} (open: forecast)` }] : [];
  return [...open, ...agreement.statements.map((statement) => ({ id: statement.period, label: `${statement.period}${statement.version > 1 ? ` (restated, version ${statement.version})` : ''}` }))];
}

/** The chart's periods, oldest first, the open one's forecast last. */
function chartOf(agreement: Agreement | undefined): ChartPeriod[] {
  if (!agreement) return [];
  const chart: ChartPeriod[] = [...agreement.statements].reverse().map((entry) => ({ period: entry.period, figures: entry.figures }));
  if (agreement.forecast) chart.push({ period: agreement.forecast.period.id, figures: agreement.forecast.figures, forecast: true });
  return chart;
}

/** A count of the statement that opens the cycles behind it. */
function Count({ value, title, open }: { value: number; title: string; open: () => void }) {
  if (!value) return <>0</>;
  return (
    <button type="button" onClick={open} style={{ font: token('font.body'), color: token('color.link'), background: 'none', border: 'none', padding: 0, cursor: 'pointer', textDecoration: 'underline' }} aria-label={`${value} ${title}: show the issues`}>
      {value}
    </button>
  );
}

/** Which agreement and which of its periods the page shows. */
function StatementPicker(props: { agreements: readonly Agreement[]; agreementId: string | undefined; periods: readonly PeriodChoice[]; period: string | undefined; onAgreement: (id: string) => void; onPeriod: (id: string) => void }) {
  const label = { display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') } as const;
  return (
    <>
      <label style={label}>
        Agreement
        <select value={props.agreementId} onChange={(event) => props.onAgreement(event.target.value)} style={{ font: token('font.body') }}>
          {props.agreements.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.customer}: {entry.name}
            </option>
          ))}
        </select>
      </label>
      <label style={label}>
        Period
        <select value={props.period} onChange={(event) => props.onPeriod(event.target.value)} style={{ font: token('font.body') }}>
          {props.periods.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
