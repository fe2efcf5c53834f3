/**
 * One period's statement as the customer reads it (header, figures, totals, exclusions), with the
 * page's own controls beside it: CSV, print, the versions, and an admin's restatement.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { AnswerOf } from '../../src/contract';
import type { LevelFigures } from '../../src/domain/reports/statement';
import { resolvers } from '../shared/bridge';
import { Difference, FiguresTable, Totals, type Money } from './StatementFigures';
import { statementCsv, type LinesQuery } from './StatementLines';

const call = resolvers('report');
type Detail = AnswerOf<'report', 'statement'>;

interface Props {
  detail: Detail;
  agreementId: string;
  period: string;
  canAdmin: boolean;
  money: Money;
  when: (instant: number) => string;
  /** A count that opens the cycles behind it. */
  count: (level: LevelFigures, value: number, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => ReactNode;
  setVersion: (version: number) => void;
  /** A restatement was started (a notice to show), or refused (an error). */
  onRestate: (outcome: { notice: string } | { error: string }) => void;
}

export function StatementArticle({ detail, agreementId, period, canAdmin, money, when, count, setVersion, onRestate }: Props) {
  const { statement } = detail;
  const [exporting, setExporting] = useState<string>();
  const [restating, setRestating] = useState<string>();
  const version = statement.kind === 'forecast' ? 0 : statement.version;

  const exportCsv = async () => {
    setExporting('Reading cycles…');
    try {
      const text = await statementCsv(agreementId, period, version, (done, total) => setExporting(total ? `Reading cycles: ${done} of ${total} parts` : `Reading cycles: ${done} read`));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      link.download = `statement-${agreementId}-${period}${version ? `-v${version}` : '-forecast'}.csv`;
      link.click();
      setExporting(undefined);
    } catch (failure) {
      setExporting(`The export failed: ${(failure as Error).message}`);
    }
  };
  const restate = async () => {
    const answer = await call('restate', { agreement: agreementId, period, reason: restating ?? '' });
    if (!answer.ok) return onRestate({ error: answer.error.message });
    setRestating(undefined);
    onRestate({ notice: `Restating ${period}: the new version appears here when it is written.` });
  };

  return (
    <article aria-labelledby="statement-title" data-testid="statement" style={{ display: 'grid', gap: token('space.150') }}>
      <StatementHeader statement={statement} when={when} />
      <FiguresTable figures={statement.figures} money={money} count={count} />
      <Totals figures={statement.figures} money={money} />
      {statement.replaces ? <Difference before={statement.replaces.figures} after={statement.figures} version={statement.replaces.version} money={money} /> : null}
      <AppliedExclusions exclusions={statement.exclusions} when={when} />
      {statement.counts.running ? <p style={{ margin: 0, font: token('font.body.small') }}>{statement.counts.running} cycles were running at the end of the period: they count in the period in which they stop.</p> : null}
      <div className="no-print" style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
        <Button onClick={() => void exportCsv()} testId="export-csv">
          Export CSV
        </Button>
        <Button onClick={() => window.print()} testId="print">
          Print / save as PDF
        </Button>
        {detail.versions.length > 1 ? (
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
        {canAdmin && statement.kind === 'closed' && restating === undefined ? <Button onClick={() => setRestating('')}>Restate…</Button> : null}
        {exporting ? <span role="status">{exporting}</span> : null}
      </div>
      {restating !== undefined ? (
        <form className="no-print" onSubmit={(event) => (event.preventDefault(), void restate())} style={{ display: 'grid', gap: token('space.075'), maxWidth: 520 }} aria-label="Restate this period">
          <label>
            Why restate {period}? (kept with your name; the current version stays readable)
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
  );
}

type Statement = Detail['statement'];

/** Whose statement, of which period, in which zone; a closed version's writer, or the forecast's instant. */
function StatementHeader({ statement, when }: { statement: Statement; when: (instant: number) => string }) {
  return (
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
  );
}

/** The exclusions the statement applied, as they were. */
function AppliedExclusions({ exclusions, when }: { exclusions: Statement['exclusions']; when: (instant: number) => string }) {
  if (!exclusions.length) return null;
  return (
    <div>
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Excluded cycles</h4>
      <ul style={{ margin: 0 }}>
        {exclusions.map((exclusion) => (
          <li key={exclusion.cycleKey}>
            {exclusion.issueKey} ({exclusion.metric}): {exclusion.reason}, by {exclusion.by.name} on {when(exclusion.at)}
          </li>
        ))}
      </ul>
    </div>
  );
}
