/**
 * Met on time, per metric and priority (in Jira's priority order): bars for the eye, scaled to
 * their frame, and the same figures in a table for everyone.
 */
import { token } from '@atlaskit/tokens';
import type { AnswerOf } from '../../src/contract';

type Compliance = AnswerOf<'report', 'compliance'>;

const WIDTH = 300;
const LABEL = 70;
const FIGURES = 110;
const BAR = 18;

export function ComplianceChart({ compliance, priorities }: { compliance: Compliance; priorities: readonly string[] }) {
  const rank = (priority: string) => (priorities.includes(priority) ? priorities.indexOf(priority) : priorities.length);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: token('space.300') }}>
      {Object.entries(compliance.metrics).map(([metric, { name, internal, overall, byPriority }]) => {
        const cells = [overall, ...[...byPriority].sort((a, b) => rank(a.priority) - rank(b.priority))];
        const height = cells.length * (BAR + 8);
        return (
          <figure key={metric} style={{ margin: 0, minWidth: 0 }} data-testid={`compliance-${metric}`}>
            <figcaption style={{ font: token('font.heading.small'), marginBottom: token('space.100') }}>
              {name}
              {internal ? ' (OLA, internal)' : ''}: {overall.percent === null ? 'no clock stopped in this period' : `${overall.percent}% met`}
            </figcaption>
            <svg viewBox={`0 0 ${LABEL + WIDTH + FIGURES} ${height}`} width="100%" style={{ display: 'block', maxWidth: 560 }} role="img" aria-label={`Met on time by priority, ${name}`}>
              {cells.map((cell, i) => {
                const y = i * (BAR + 8);
                const width = ((cell.percent ?? 0) / 100) * WIDTH;
                return (
                  <g key={cell.priority} transform={`translate(0 ${y})`}>
                    <text x={0} y={BAR - 5} style={{ font: token('font.body.small'), fill: token('color.text') }}>
                      {cell.priority}
                    </text>
                    <rect x={LABEL} width={WIDTH} height={BAR} rx={3} style={{ fill: token('color.background.neutral') }} />
                    <rect x={LABEL} width={width} height={BAR} rx={3} style={{ fill: cell.priority === 'All' ? token('color.background.brand.bold') : token('color.background.success.bold') }} />
                    <text x={LABEL + WIDTH + 6} y={BAR - 5} style={{ font: token('font.body.small'), fill: token('color.text.subtle') }}>
                      {cell.percent === null ? '–' : `${cell.percent}%`} ({cell.met}/{cell.met + cell.late})
                    </text>
                  </g>
                );
              })}
            </svg>
            <table style={{ font: token('font.body.small'), borderCollapse: 'collapse', marginTop: token('space.100') }}>
              <thead>
                <tr style={{ textAlign: 'left' }}>
                  <th style={{ paddingRight: token('space.150') }}>Priority</th>
                  <th style={{ paddingRight: token('space.150') }}>Met</th>
                  <th style={{ paddingRight: token('space.150') }}>Met late</th>
                  <th>Met %</th>
                </tr>
              </thead>
              <tbody>
                {cells.map((cell) => (
                  <tr key={cell.priority}>
                    <td style={{ paddingRight: token('space.150') }}>{cell.priority}</td>
                    <td>{cell.met}</td>
                    <td>{cell.late}</td>
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
