/** One page of the list: a row per issue and metric, with its status and the working time left or overdue. */
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';
import type { AnswerOf } from '../../src/contract';
import type { ViewContext } from '../shared/bridge';
import { formatDuration, formatInstant } from '../shared/format';
import { StatusLozenge, TableHead } from '../shared/ui';

type Row = AnswerOf<'report', 'breaches'>['rows'][number];

const cell = { padding: token('space.075') };

export function BreachList({ rows, context, stopped }: { rows: readonly Row[]; context: ViewContext; stopped: boolean }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="breaches" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <TableHead headings={['Issue', 'Summary', 'Priority', 'Tier', 'Metric', 'Status', stopped ? 'Stopped' : 'Overdue by / left', 'Assignee']} />
        <tbody>
          {rows.map((row) => (
            <BreachRow key={`${row.key}-${row.metric}-${row.stoppedAt ?? ''}`} row={row} context={context} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BreachRow({ row, context }: { row: Row; context: ViewContext }) {
  return (
    <tr data-testid={`row-${row.key}-${row.metric}`} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
      <td style={{ ...cell, whiteSpace: 'nowrap' }}>
        <a href={`/browse/${row.key}`} onClick={(event) => (event.preventDefault(), void router.open(`/browse/${row.key}`))} style={{ color: token('color.link') }}>
          {row.key}
        </a>
      </td>
      <td style={cell}>{row.summary}</td>
      <td style={cell}>{row.priority ?? '–'}</td>
      <td style={cell}>
        {row.vip ? <strong>{row.tier}</strong> : row.tier}
        {row.customer ? <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{row.customer}</div> : null}
      </td>
      <td style={cell}>
        {row.metricName}
        {row.internal ? ' (OLA)' : ''}
        {row.escalated ? ' · escalated' : ''}
      </td>
      <td style={cell}>
        <StatusLozenge status={row.status} />
      </td>
      <td style={{ ...cell, color: row.remainingMs < 0 ? token('color.text.danger') : token('color.text') }} title={row.dueAt ? `Due ${formatInstant(row.dueAt, context.locale, context.timezone)}` : undefined}>
        {row.stoppedAt ? formatInstant(row.stoppedAt, context.locale, context.timezone) : row.remainingMs < 0 ? `overdue by ${formatDuration(-row.remainingMs)}` : `${formatDuration(row.remainingMs)} of working time left`}
      </td>
      <td style={cell}>{row.assignee?.displayName ?? 'Unassigned'}</td>
    </tr>
  );
}
