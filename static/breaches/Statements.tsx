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
  const [overview, setOverview] = useState<Overview>();
  const [agreementId, setAgreementId] = useState<string>();
  const [period, setPeriod] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<LinesQuery>();
  const [notice, setNotice] = useState<string>();
  const [excluded, setExcluded] = useState(0);

  const loadOverview = useCallback(async () => {
    setError(undefined);
    const answer = await call('agreements');
    if (!answer.ok) return setError(answer.error.message);
    setOverview(answer.value);
    const first = answer.value.agreements[0];
    setAgreementId((current) => current ?? first?.id);
  }, []);
  useEffect(() => void loadOverview(), [loadOverview]);

  const agreement = overview?.agreements.find((candidate) => candidate.id === agreementId);
  const periods = agreement ? [...(agreement.forecast ? [{ id: agreement.forecast.period.id, label: `${agreement.forecast.period.id} (open: forecast)` }] : []), ...agreement.statements.map((statement) => ({ id: statement.period, label: `${statement.period}${statement.version > 1 ? ` (restated, version ${statement.version})` : ''}` }))] : [];
  const chosen = period ?? periods[0]?.id;

  const loadDetail = useCallback(async () => {
    if (!agreementId || !chosen) return setDetail(undefined);
    setError(undefined);
    const answer = await call('statement', { agreement: agreementId, period: chosen, ...(version ? { version } : {}) });
    if (!answer.ok) return setError(answer.error.message);
    setDetail(answer.value);
  }, [agreementId, chosen, version]);
  useEffect(() => void loadDetail(), [loadDetail]);

  if (error && !overview) {
    return (
      <LoadFailed what="The agreements" error={error} retry={() => void loadOverview()} />
    );
  }
  if (!overview) return <Spinner label="Loading agreements" />;
  if (!overview.agreements.length) return <Notice title="No agreements">An admin adds customer agreements on the app's admin page (Agreements tab).</Notice>;

  const statement = detail?.statement;
  const money = (cents: number) => new Intl.NumberFormat(context.locale, { style: 'currency', currency: statement?.figures.currency ?? agreement?.currency ?? 'EUR' }).format(cents / 100);
  const when = (instant: number) => formatInstant(instant, context.locale, context.timezone);
  const version_ = statement ? (statement.kind === 'forecast' ? 0 : statement.version) : 0;
  const drill = (level: LevelFigures, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => setLines({ agreement: agreementId!, period: chosen!, version: version_, level: level.id, ...filter, title: `${level.name}: ${title}` });
  const count = (level: LevelFigures, value: number, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) =>
    value ? (
      <button type="button" onClick={() => drill(level, title, filter)} style={{ font: token('font.body'), color: token('color.link'), background: 'none', border: 'none', padding: 0, cursor: 'pointer', textDecoration: 'underline' }} aria-label={`${value} ${title}: show the issues`}>
        {value}
      </button>
    ) : (
      '0'
    );

  const chart: ChartPeriod[] = agreement ? [...agreement.statements].reverse().map((entry) => ({ period: entry.period, figures: entry.figures })) : [];
  if (agreement?.forecast) chart.push({ period: agreement.forecast.period.id, figures: agreement.forecast.figures, forecast: true });

  return (
    <section aria-labelledby="statements-title" style={{ display: 'grid', gap: token('space.200') }} data-testid="statements">
      <style>{PRINT_CSS}</style>
      <div className="no-print" style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="statements-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Statements
        </h2>
        <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
          Agreement
          <select value={agreementId} onChange={(event) => (setAgreementId(event.target.value), setPeriod(undefined), setVersion(undefined), setLines(undefined))} style={{ font: token('font.body') }}>
            {overview.agreements.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.customer}: {entry.name}
              </option>
            ))}
          </select>
        </label>
        <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
          Period
          <select value={chosen} onChange={(event) => (setPeriod(event.target.value), setVersion(undefined), setLines(undefined))} style={{ font: token('font.body') }}>
            {periods.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
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
