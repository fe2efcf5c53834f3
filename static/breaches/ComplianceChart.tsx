/**
 * Met on time per metric, grouped (by priority in Jira's order, tier, policy or customer): bars
 * for the eye, scaled to their frame, and the same figures in a table whose counts open the
 * clocks behind them.
 */
import { token } from '@atlaskit/tokens';
import type { AnswerOf } from '../../src/contract';

type Compliance = AnswerOf<'report', 'compliance'>;
export type ComplianceCell = Compliance['metrics'][string]['overall'];

const WIDTH = 300;
const LABEL = 90;
const FIGURES = 110;
const BAR = 18;

const linkStyle = { font: 'inherit', color: token('color.link'), background: 'none', border: 'none', padding: 0, cursor: 'pointer', textDecoration: 'underline' } as const;

export function ComplianceChart({ compliance, priorities, open }: { compliance: Compliance; priorities: readonly string[]; open: (metric: string, cell: ComplianceCell, met: boolean) => void }) {
  const rank = (key: string) => (compliance.by !== 'priority' ? 0 : priorities.includes(key) ? priorities.indexOf(key) : priorities.length);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: token('space.300') }}>
      {Object.entries(compliance.metrics).map(([metric, { name, internal, overall, groups }]) => {
        const cells = [overall, ...[...groups].sort((a, b) => rank(a.key) - rank(b.key) || a.label.localeCompare(b.label))];
        const height = cells.length * (BAR + 8);
        const count = (cell: ComplianceCell, met: boolean) => {
          const value = met ? cell.met : cell.late;
          return value ? (
            <button type="button" style={linkStyle} onClick={() => open(metric, cell, met)} aria-label={`${value} ${met ? 'met' : 'met late'}, ${name}, ${cell.label}: show them`}>
              {value}
            </button>
          ) : (
            '0'
          );
        };
        return (
          <figure key={metric} style={{ margin: 0, minWidth: 0 }} data-testid={`compliance-${metric}`}>
            <figcaption style={{ font: token('font.heading.small'), marginBottom: token('space.100') }}>
              {name}
              {internal ? ' (OLA, internal)' : ''}: {overall.percent === null ? 'no clock stopped in this period' : `${overall.percent}% met`}
            </figcaption>
            <svg viewBox={`0 0 ${LABEL + WIDTH + FIGURES} ${height}`} width="100%" style={{ display: 'block', maxWidth: 560 }} role="img" aria-label={`Met on time by ${compliance.by}, ${name}`}>
              {cells.map((cell, i) => (
                <g key={cell.key} transform={`translate(0 ${i * (BAR + 8)})`}>
                  <text x={0} y={BAR - 5} style={{ font: token('font.body.small'), fill: token('color.text') }}>
                    {cell.label.length > 12 ? `${cell.label.slice(0, 11)}…` : cell.label}
                  </text>
                  <rect x={LABEL} width={WIDTH} height={BAR} rx={3} style={{ fill: token('color.background.neutral') }} />
                  <rect x={LABEL} width={((cell.percent ?? 0) / 100) * WIDTH} height={BAR} rx={3} style={{ fill: cell.key === 'All' ? token('color.background.brand.bold') : token('color.background.success.bold') }} />
                  <text x={LABEL + WIDTH + 6} y={BAR - 5} style={{ font: token('font.body.small'), fill: token('color.text.subtle') }}>
                    {cell.percent === null ? '–' : `${cell.percent}%`} ({cell.met}/{cell.met + cell.late})
                  </text>
                </g>
              ))}
            </svg>
            <table style={{ font: token('font.body.small'), borderCollapse: 'collapse', marginTop: token('space.100') }}>
              <thead>
                <tr style={{ textAlign: 'left' }}>
                  <th style={{ paddingRight: token('space.150') }}>{compliance.by === 'agreement' ? 'Customer' : compliance.by[0]!.toUpperCase() + compliance.by.slice(1)}</th>
                  <th style={{ paddingRight: token('space.150') }}>Met</th>
                  <th style={{ paddingRight: token('space.150') }}>Met late</th>
                  <th>Met %</th>
                </tr>
              </thead>
              <tbody>
                {cells.map((cell) => (
                  <tr key={cell.key}>
                    <td style={{ paddingRight: token('space.150') }}>{cell.label}</td>
                    <td>{count(cell, true)}</td>
                    <td>{count(cell, false)}</td>
                    <td>{cell.percent === null ? '–' : `${cell.percent}%`}</td>
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
