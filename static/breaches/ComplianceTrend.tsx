/**
 * Met % per calendar month over the last 12 months (in the viewer's zone), per metric, against a
 * target level; a month an admin restated is marked. Admins restate closed days here, with a
 * reason; the restatements are listed with who, when and why.
 */
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf, ComplianceFilters } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { LoadFailed } from './LoadFailed';
import { formatInstant } from '../shared/format';
import { visuallyHidden } from '../shared/ui';

const call = resolvers('report');
type Trend = AnswerOf<'report', 'complianceTrend'>;
type Restatements = AnswerOf<'report', 'complianceRestatements'>;

const W = 340;
const H = 140;
const LEFT = 30;
const BOTTOM = 20;

export function ComplianceTrend({ context, filters, canAdmin }: { context: ViewContext; filters: ComplianceFilters; canAdmin: boolean }) {
  const [trend, setTrend] = useState<Trend>();
  const [log, setLog] = useState<Restatements>([]);
  const [error, setError] = useState<string>();
  const [goal, setGoal] = useState(95);
  const [restating, setRestating] = useState<{ from: string; to: string; reason: string }>();
  const key = JSON.stringify(filters);
  const load = useCallback(async () => {
    setError(undefined);
    setTrend(undefined);
    const [answer, restated] = await Promise.all([call('complianceTrend', { filters: JSON.parse(key) as ComplianceFilters, timeZone: context.timezone, months: 12 }), call('complianceRestatements')]);
    if (!answer.ok) return setError(answer.error.message);
    setTrend(answer.value);
    if (restated.ok) setLog(restated.value);
  }, [key, context.timezone]);
  useEffect(() => void load(), [load]);

  const restate = async () => {
    if (!restating) return;
    const answer = await call('restateCompliance', restating);
    if (!answer.ok) return setError(answer.error.message);
    setRestating(undefined);
    setLog([answer.value, ...log]);
  };

  return (
    <section aria-labelledby="trend-title" style={{ display: 'grid', gap: token('space.150'), minWidth: 0 }} data-testid="compliance-trend">
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="trend-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Compliance by month
        </h2>
        <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
          Target level %
          <input type="number" min={1} max={100} value={goal} onChange={(event) => setGoal(Number(event.target.value) || 95)} style={{ width: 80, font: token('font.body') }} />
        </label>
        {canAdmin && !restating ? <Button onClick={() => setRestating({ from: '', to: '', reason: '' })}>Restate days…</Button> : null}
      </div>
      {restating ? <RestateDaysForm value={restating} onChange={setRestating} onSubmit={() => void restate()} onCancel={() => setRestating(undefined)} /> : null}
      {error ? (
        <LoadFailed what="The monthly compliance" error={error} retry={() => void load()} testId="retry-trend" />
      ) : !trend ? (
        <Spinner label="Loading the monthly compliance" />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: token('space.200') }}>
          {Object.entries(trend.metrics).map(([metric, entry]) => (
            <TrendChart key={metric} metric={metric} {...entry} goal={goal} />
          ))}
        </div>
      )}
      <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>Dashed: the target level. * a month an admin restated. A day's figures are frozen a day after it ends.</p>
      {log.length ? (
        <ul style={{ margin: 0, font: token('font.body.small') }} data-testid="restatements">
          {log.map((entry) => (
            <li key={`${entry.at}-${entry.from}`}>
              {new Date(entry.from).toISOString().slice(0, 10)} to {new Date(entry.to - 1).toISOString().slice(0, 10)} restated by {entry.by.name} on {formatInstant(entry.at, context.locale, context.timezone)}: {entry.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

type Restating = { from: string; to: string; reason: string };

/** An admin's restatement of closed days: the UTC days and why. */
function RestateDaysForm({ value, onChange, onSubmit, onCancel }: { value: Restating; onChange: (value: Restating) => void; onSubmit: () => void; onCancel: () => void }) {
  return (
    <form onSubmit={(event) => (event.preventDefault(), onSubmit())} style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'end' }} aria-label="Restate compliance">
      <label style={{ display: 'grid', font: token('font.body.small') }}>
        From (UTC day)
        <input type="date" value={value.from} onChange={(event) => onChange({ ...value, from: event.target.value })} />
      </label>
      <label style={{ display: 'grid', font: token('font.body.small') }}>
        To (inclusive)
        <input type="date" value={value.to} onChange={(event) => onChange({ ...value, to: event.target.value })} />
      </label>
      <label style={{ display: 'grid', font: token('font.body.small'), minWidth: 240 }}>
        Why (kept with your name)
        <input value={value.reason} onChange={(event) => onChange({ ...value, reason: event.target.value })} />
      </label>
      <Button type="submit" appearance="warning" isDisabled={!value.from || !value.to || value.reason.trim().length < 3}>
        Restate from today's cycles
      </Button>
      <Button appearance="subtle" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  );
}

type TrendEntry = Trend['metrics'][string];

/** One metric's months as bars against the target level, with the same figures in a table for screen readers. */
function TrendChart({ metric, name, internal, months, goal }: TrendEntry & { metric: string; goal: number }) {
  const y = (percent: number) => 6 + ((100 - percent) / 100) * (H - BOTTOM - 6);
  const slot = (W - LEFT) / months.length;
  return (
    <figure style={{ margin: 0, minWidth: 0 }} data-testid={`trend-${metric}`}>
      <figcaption style={{ font: token('font.heading.xsmall') }}>
        {name}
        {internal ? ' (OLA)' : ''}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ display: 'block', maxWidth: 520 }} role="img" aria-label={`${name}: met % per month against ${goal} %`}>
        {[0, 50, 100].map((tick) => (
          <text key={tick} x={LEFT - 4} y={y(tick) + 3} textAnchor="end" style={{ fontSize: 8, fill: token('color.text.subtle') }}>
            {tick}%
          </text>
        ))}
        {months.map((month, i) => (
          <g key={month.month}>
            {month.percent !== null ? (
              <rect x={LEFT + i * slot + slot * 0.15} y={y(month.percent)} width={slot * 0.7} height={H - BOTTOM - y(month.percent)} style={{ fill: month.percent >= goal ? token('color.background.success.bold') : token('color.background.danger.bold') }} />
            ) : null}
            <text x={LEFT + i * slot + slot / 2} y={H - 6} textAnchor="middle" style={{ fontSize: 7, fill: token('color.text.subtle') }}>
              {month.month.slice(2)}
              {month.restated ? '*' : ''}
            </text>
          </g>
        ))}
        <line x1={LEFT} x2={W} y1={y(goal)} y2={y(goal)} strokeDasharray="4 3" style={{ stroke: token('color.border.brand'), strokeWidth: 1.5 }} />
      </svg>
      <table style={visuallyHidden}>
        <caption>{name} per month</caption>
        <tbody>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{month.month}</th>
              <td>{month.percent === null ? 'no clock stopped' : `${month.percent} % (${month.met} met, ${month.late} late)`}</td>
              <td>{month.restated ? 'restated' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
