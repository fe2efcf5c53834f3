/** The latest escalations and what each did, failures with Jira's reason: for managers and admins to follow up. */
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { TableHead } from '../shared/ui';

const call = resolvers('report');
type Row = AnswerOf<'report', 'escalationLog'>[number];

export function EscalationLog({ context, open }: { context: ViewContext; open: (key: string) => void }) {
  const [failedOnly, setFailedOnly] = useState(false);
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    setError(undefined);
    const answer = await call('escalationLog', { failedOnly });
    if (answer.ok) setRows(answer.value);
    else setError(answer.error.message);
  }, [failedOnly]);
  useEffect(() => void load(), [load]);
  const when = (instant: string) => formatInstant(instant, context.locale, context.timezone);
  return (
    <section aria-labelledby="escalations-title" style={{ display: 'grid', gap: token('space.150') }} data-testid="escalation-log">
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="escalations-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Escalation log
        </h2>
        <label style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
          <input type="checkbox" checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)} /> failures only
        </label>
      </div>
      {error ? (
        <div role="alert" style={{ color: token('color.text.danger') }}>
          The escalation log could not be loaded: {error} <button onClick={() => void load()}>Try again</button>
        </div>
      ) : !rows ? (
        <p>Loading the escalation log…</p>
      ) : !rows.length ? (
        <p style={{ color: token('color.text.subtle') }}>Nothing escalated{failedOnly ? ' without success' : ''}.</p>
      ) : (
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <TableHead headings={['Fired', 'Issue', 'Rule', 'Metric', 'Outcome']} />
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.issueKey}-${row.rule}-${row.metric}-${row.reachedAt}`} style={{ borderTop: `${token('border.width')} solid ${token('color.border')}` }}>
                <td style={{ padding: token('space.075') }}>{when(row.firedAt)}</td>
                <td style={{ padding: token('space.075') }}>
                  <a href={`/browse/${row.issueKey}`} onClick={(event) => (event.preventDefault(), open(row.issueKey))} style={{ color: token('color.link') }}>
                    {row.issueKey}
                  </a>
                </td>
                <td style={{ padding: token('space.075') }}>{row.ruleName}</td>
                <td style={{ padding: token('space.075') }}>{row.metric}</td>
                <td style={{ padding: token('space.075'), color: row.status === 'failed' ? token('color.text.danger') : token('color.text') }}>
                  {row.status === 'failed'
                    ? `failed: ${row.actions.filter((action) => action.outcome === 'failed').map((action) => `${action.type} (${action.reason ?? ''})`).join('; ')}${row.retryAt ? `; tried again ${when(row.retryAt)}` : ''}`
                    : row.status === 'deferred'
                      ? `deferred: notifications wait for the next hour's budget${row.retryAt ? ` (${when(row.retryAt)})` : ''}`
                      : row.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
