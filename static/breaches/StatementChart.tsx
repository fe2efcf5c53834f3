/**
 * Achieved level per period against the expected and minimum levels, one small chart per service
 * level, the last 12 periods (oldest left). The SVG scales to its frame; the same figures are in
 * a table for screen readers.
 */
import { token } from '@atlaskit/tokens';
import type { StatementFigures } from '../../src/domain/reports/statement';
import { visuallyHidden } from '../shared/ui';

const W = 320;
const H = 150;
const LEFT = 34;
const BOTTOM = 22;
const TOP = 8;

export interface ChartPeriod {
  readonly period: string;
  readonly figures: StatementFigures;
  readonly forecast?: boolean;
}

export function StatementChart({ periods }: { periods: readonly ChartPeriod[] }) {
  const levels = periods.at(-1)?.figures.levels ?? [];
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: token('space.200') }} data-testid="statement-chart">
      {levels.map((level) => {
        const points = periods.map(({ period, figures, forecast }) => ({ period, forecast, level: figures.levels.find((candidate) => candidate.id === level.id) }));
        const lows = points.flatMap(({ level: figure }) => [figure?.achieved ?? 100, figure?.minimum ?? 100]);
        const floor = Math.max(0, Math.floor((Math.min(level.minimum ?? level.expected, ...lows) - 5) / 10) * 10);
        const y = (value: number) => TOP + ((100 - value) / (100 - floor || 1)) * (H - BOTTOM - TOP);
        const slot = (W - LEFT) / Math.max(points.length, 1);
        return (
          <figure key={level.id} style={{ margin: 0 }}>
            <figcaption style={{ font: token('font.heading.xsmall'), marginBottom: token('space.050') }}>{level.name}: achieved per period</figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${level.name}: achieved level per period against expected ${level.expected} %`} style={{ display: 'block', maxWidth: 520 }}>
              {[floor, (floor + 100) / 2, 100].map((tick) => (
                <text key={tick} x={LEFT - 4} y={y(tick) + 4} textAnchor="end" style={{ font: token('font.body.small'), fontSize: 9, fill: token('color.text.subtle') }}>
                  {tick}%
                </text>
              ))}
              {points.map(({ period, forecast, level: figure }, i) => {
                const achieved = figure?.achieved;
                const missed = figure && (figure.outcome === 'missed' || figure.outcome === 'below-minimum');
                const top = achieved === null || achieved === undefined ? H - BOTTOM : y(Math.max(achieved, floor));
                return (
                  <g key={period}>
                    <rect
                      x={LEFT + i * slot + slot * 0.15}
                      y={top}
                      width={slot * 0.7}
                      height={H - BOTTOM - top}
                      style={{ fill: missed ? token('color.background.danger.bold') : token('color.background.success.bold'), opacity: forecast ? 0.5 : 1 }}
                    />
                    <text x={LEFT + i * slot + slot / 2} y={H - 8} textAnchor="middle" style={{ fontSize: 8, fill: token('color.text.subtle') }}>
                      {period.slice(2)}
                    </text>
                  </g>
                );
              })}
              <line x1={LEFT} x2={W} y1={y(level.expected)} y2={y(level.expected)} strokeDasharray="4 3" style={{ stroke: token('color.border.brand'), strokeWidth: 1.5 }} />
              {level.minimum !== null ? <line x1={LEFT} x2={W} y1={y(level.minimum)} y2={y(level.minimum)} strokeDasharray="1 3" style={{ stroke: token('color.border.danger'), strokeWidth: 1.5 }} /> : null}
            </svg>
            <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
              Dashed: expected {level.expected} %{level.minimum !== null ? ` · dotted: minimum ${level.minimum} %` : ''} · red: missed · pale: open period
            </div>
            <table style={visuallyHidden}>
              <caption>{level.name}</caption>
              <tbody>
                {points.map(({ period, level: figure }) => (
                  <tr key={period}>
                    <th scope="row">{period}</th>
                    <td>{figure?.achieved === null || figure?.achieved === undefined ? 'no cycles' : `${figure.achieved} %`}</td>
                    <td>{figure?.outcome ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        );
      })}
    </div>
  );
}
