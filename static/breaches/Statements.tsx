/**
 * The managers' statements: per agreement the achieved levels of the last 12 periods, and one
 * period's statement (closed as written, or the open period's live forecast) with its credits,
 * earn-backs, exclusions and restatements; the cycles behind each figure; CSV; a print layout
 * that makes a clean PDF to send to the customer. Admins restate a period and exclude cycles.
 */
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AnswerOf } from '../../src/contract';
import type { LevelFigures, StatementFigures } from '../../src/domain/statement';
import { resolvers, type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { Notice, TableHead } from '../shared/ui';
import { Exclusions } from './Exclusions';
import { LoadFailed } from './LoadFailed';
import { StatementChart, type ChartPeriod } from './StatementChart';
import { statementCsv, StatementLines, type LinesQuery } from './StatementLines';

const call = resolvers('report');
type Overview = AnswerOf<'report', 'agreements'>;
type Detail = AnswerOf<'report', 'statement'>;

/** Hides the page's controls when printing: what is left is the statement. */
const PRINT_CSS = `@media print { .no-print, nav, [role="group"] { display: none !important; } body { background: white; } main { padding: 0 !important; } }`;

const OUTCOME: Record<LevelFigures['outcome'], string> = { met: 'Met', missed: 'Missed', 'below-minimum': 'Below minimum', 'no-cycles': 'No cycles' };

export function Statements({ context }: { context: ViewContext }) {
  const [overview, setOverview] = useState<Overview>();
  const [agreementId, setAgreementId] = useState<string>();
  const [period, setPeriod] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<LinesQuery>();
  const [exporting, setExporting] = useState<string>();
  const [restating, setRestating] = useState<string>();
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

  const exportCsv = async () => {
    if (!statement) return;
    setExporting('Reading cycles…');
    try {
      const text = await statementCsv(agreementId!, chosen!, version_, (done, total) => setExporting(total ? `Reading cycles: ${done} of ${total} parts` : `Reading cycles: ${done} read`));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      link.download = `statement-${agreementId}-${chosen}${version_ ? `-v${version_}` : '-forecast'}.csv`;
      link.click();
      setExporting(undefined);
    } catch (failure) {
      setExporting(`The export failed: ${(failure as Error).message}`);
    }
  };

  const restate = async () => {
    const answer = await call('restate', { agreement: agreementId!, period: chosen!, reason: restating ?? '' });
    if (!answer.ok) return setError(answer.error.message);
    setRestating(undefined);
    setNotice(`Restating ${chosen}: the new version appears here when it is written.`);
  };

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
      {statement ? (
        <article aria-labelledby="statement-title" data-testid="statement" style={{ display: 'grid', gap: token('space.150') }}>
          <header>
            <h3 id="statement-title" style={{ margin: 0, font: token('font.heading.medium') }}>
              {statement.customer}: service statement {statement.period.id}
              {statement.kind === 'forecast' ? ' (forecast, period open)' : ''}
            </h3>
            <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>
              {statement.agreementName} · period {when(statement.period.from)} to {when(statement.period.to)} ({statement.timeZone}) ·{' '}
              {statement.kind === 'forecast'
                ? `as of ${when(statement.asOf)}${statement.tailCycles ? `, plus ${statement.tailCycles} cycles stopped since` : ''}`
                : `version ${statement.version}, written ${when(statement.closedAt)} by ${statement.closedBy.name}`}{' '}
              · config version {statement.configVersion}
            </p>
            {statement.reason ? <p style={{ margin: 0 }}>Restated: {statement.reason}</p> : null}
          </header>
          <FiguresTable figures={statement.figures} money={money} count={count} />
          <Totals figures={statement.figures} money={money} />
          {statement.replaces ? <Difference before={statement.replaces.figures} after={statement.figures} version={statement.replaces.version} money={money} /> : null}
          {statement.exclusions.length ? (
            <div>
              <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Excluded cycles</h4>
              <ul style={{ margin: 0 }}>
                {statement.exclusions.map((exclusion) => (
                  <li key={exclusion.cycleKey}>
                    {exclusion.issueKey} ({exclusion.metric}): {exclusion.reason}, by {exclusion.by.name} on {when(exclusion.at)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {statement.counts.running ? <p style={{ margin: 0, font: token('font.body.small') }}>{statement.counts.running} cycles were running at the end of the period: they count in the period in which they stop.</p> : null}
          <div className="no-print" style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
            <Button onClick={() => void exportCsv()} testId="export-csv">
              Export CSV
            </Button>
            <Button onClick={() => window.print()} testId="print">
              Print / save as PDF
            </Button>
            {detail && detail.versions.length > 1 ? (
              <label style={{ font: token('font.body.small') }}>
                Version{' '}
                <select value={statement.version} onChange={(event) => setVersion(Number(event.target.value))}>
                  {detail.versions.map((entry) => (
                    <option key={entry.version} value={entry.version}>
                      {entry.version}: {entry.reason ?? 'at close'} ({entry.closedBy.name})
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {overview.canAdmin && statement.kind === 'closed' && restating === undefined ? <Button onClick={() => setRestating('')}>Restate…</Button> : null}
            {exporting ? <span role="status">{exporting}</span> : null}
          </div>
          {restating !== undefined ? (
            <form className="no-print" onSubmit={(event) => (event.preventDefault(), void restate())} style={{ display: 'grid', gap: token('space.075'), maxWidth: 520 }} aria-label="Restate this period">
              <label>
                Why restate {chosen}? (kept with your name; the current version stays readable)
                <textarea value={restating} onChange={(event) => setRestating(event.target.value)} rows={2} style={{ width: '100%', font: token('font.body') }} />
              </label>
              <div style={{ display: 'flex', gap: token('space.100') }}>
                <Button type="submit" appearance="warning" isDisabled={restating.trim().length < 3}>
                  Restate with today's config and exclusions
                </Button>
                <Button appearance="subtle" onClick={() => setRestating(undefined)}>
                  Cancel
                </Button>
              </div>
            </form>
          ) : null}
        </article>
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

type Money = (cents: number) => string;

function FiguresTable({ figures, money, count }: { figures: StatementFigures; money: Money; count: (level: LevelFigures, value: number, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => ReactNode }) {
  const cell = { padding: token('space.075') };
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="statement-figures">
      <TableHead headings={['Service level', 'Counted', 'Met', 'Breached', 'Excluded', 'Running', 'Achieved', 'Expected (minimum)', 'Outcome', 'Credit', 'Earn-back']} />
      <tbody>
        {figures.levels.map((level) => (
          <tr key={level.id} data-testid={`level-${level.id}`} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
            <th scope="row" style={{ ...cell, textAlign: 'left' }}>
              {level.name}
              {level.priorities ? <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{level.priorities.join(', ')}</div> : null}
            </th>
            <td style={cell}>{count(level, level.counted, 'counted cycles', { cls: 'counted' })}</td>
            <td style={cell}>{count(level, level.met, 'met', { cls: 'counted', met: true })}</td>
            <td style={cell}>{count(level, level.breached, 'breached', { cls: 'counted', met: false })}</td>
            <td style={cell}>{count(level, level.excluded, 'excluded', { cls: 'excluded' })}</td>
            <td style={cell}>{count(level, level.running, 'running at the end', { cls: 'running' })}</td>
            <td style={cell}>{level.achieved === null ? '–' : `${level.achieved.toFixed(2)} %`}</td>
            <td style={cell}>
              {level.expected} %{level.minimum !== null ? ` (${level.minimum} %)` : ''}
            </td>
            <td style={{ ...cell, color: level.outcome === 'met' || level.outcome === 'no-cycles' ? token('color.text.success') : token('color.text.danger') }}>
              {OUTCOME[level.outcome]}
              {level.outcome === 'met' || level.outcome === 'no-cycles' ? <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{level.headroom} more breaches before a miss</div> : null}
            </td>
            <td style={cell}>
              {money(level.charged)}
              {level.charged !== level.credit ? <div style={{ font: token('font.body.small') }}>({money(level.credit)} before the cap)</div> : null}
              {level.stepPercent ? <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{level.stepPercent} % of its {level.share} % share</div> : null}
            </td>
            <td style={cell}>
              {level.earnBack.length
                ? level.earnBack.map((line) => (
                    <div key={line.fromPeriod}>
                      {line.fromPeriod}: {money(line.credit)} {line.state === 'earned' ? 'earned back' : line.state === 'lost' ? 'lost (missed this period)' : `${line.good} of ${line.needed} good periods`}
                    </div>
                  ))
                : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Totals({ figures, money }: { figures: StatementFigures; money: Money }) {
  const { totals } = figures;
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'max-content max-content', gap: `${token('space.025')} ${token('space.200')}`, margin: 0 }} data-testid="statement-totals">
      <dt>Fee</dt>
      <dd style={{ margin: 0 }}>{money(figures.fee)}</dd>
      <dt>Amount at risk (cap)</dt>
      <dd style={{ margin: 0 }}>
        {money(figures.atRisk)} ({money(figures.cap)})
      </dd>
      <dt>Service credits</dt>
      <dd style={{ margin: 0 }}>
        {money(totals.charged)}
        {totals.capped ? ` (capped from ${money(totals.credit)})` : ''}
      </dd>
      <dt>Earned back</dt>
      <dd style={{ margin: 0 }}>{money(totals.earnedBack)}</dd>
      <dt>
        <strong>Net credit to the customer</strong>
      </dt>
      <dd style={{ margin: 0 }}>
        <strong>{money(totals.net)}</strong>
        {totals.net < 0 ? ' (negative: earned back by the provider, set against the next invoice)' : ''}
      </dd>
    </dl>
  );
}

function Difference({ before, after, version, money }: { before: StatementFigures; after: StatementFigures; version: number; money: Money }) {
  return (
    <div data-testid="statement-difference">
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Difference from version {version}</h4>
      <ul style={{ margin: 0 }}>
        {after.levels.map((level) => {
          const old = before.levels.find((candidate) => candidate.id === level.id);
          return (
            <li key={level.id}>
              {level.name}: counted {old?.counted ?? 0} → {level.counted}, achieved {old?.achieved ?? '–'} % → {level.achieved ?? '–'} %, credit {money(old?.charged ?? 0)} → {money(level.charged)}
            </li>
          );
        })}
        <li>
          Net credit {money(before.totals.net)} → {money(after.totals.net)} ({after.totals.net - before.totals.net >= 0 ? '+' : ''}
          {money(after.totals.net - before.totals.net)})
        </li>
      </ul>
    </div>
  );
}
