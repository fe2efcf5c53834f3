/** A statement's figures: per service level, the totals with credits and earn-backs, and what a restatement changed. */
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { LevelFigures, StatementFigures } from '../../src/domain/reports/statement';
import { TableHead } from '../shared/ui';
import type { LinesQuery } from './StatementLines';

const OUTCOME: Record<LevelFigures['outcome'], string> = { met: 'Met', missed: 'Missed', 'below-minimum': 'Below minimum', 'no-cycles': 'No cycles' };

export type Money = (cents: number) => string;

export function FiguresTable({ figures, money, count }: { figures: StatementFigures; money: Money; count: (level: LevelFigures, value: number, title: string, filter: Pick<LinesQuery, 'cls' | 'met'>) => ReactNode }) {
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

export function Totals({ figures, money }: { figures: StatementFigures; money: Money }) {
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

export function Difference({ before, after, version, money }: { before: StatementFigures; after: StatementFigures; version: number; money: Money }) {
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
