/**
 * The cycles behind a statement's figure (a service level's counted, met, breached, excluded or
 * running cycles), a page at a time, with links to the issues; admins exclude a cycle from here,
 * with a reason. And the CSV of every cycle, read page by page with progress.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf, PayloadOf } from '../../src/contract';
import { statementCsvHeader, statementCsvRows } from '../../src/domain/reports/statement-csv';
import { resolvers, type ViewContext } from '../shared/bridge';
import { LoadFailed } from './LoadFailed';
import { formatInstant } from '../shared/format';
import { TableHead } from '../shared/ui';

const call = resolvers('report');
type LinesPage = AnswerOf<'report', 'statementLines'>;
type Line = LinesPage['lines'][number];
export type LinesQuery = Omit<PayloadOf<'report', 'statementLines'>, 'cursor'> & { title: string };

const OUTCOME: Record<Line['cls'], string> = { counted: '', excluded: 'Excluded', running: 'Running at the end', 'counted-earlier': 'Counted in an earlier period' };
const outcomeOf = (line: Line) => (line.cls === 'counted' ? (line.met ? 'Met' : 'Breached') : OUTCOME[line.cls]);

export function StatementLines({ query, context, canAdmin, onExcluded }: { query: LinesQuery; context: ViewContext; canAdmin: boolean; onExcluded: () => void }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const { title, ...payload } = query;
  // The request as text: a new query object with the same fields is the same request.
  const request = JSON.stringify(payload);

  const more = useCallback(
    async (from: string | undefined, reset: boolean) => {
      setLoading(true);
      setError(undefined);
      const answer = await call('statementLines', { ...(JSON.parse(request) as typeof payload), ...(from ? { cursor: from } : {}) });
      setLoading(false);
      if (!answer.ok) return setError(answer.error.message);
      setLines((previous) => [...(reset ? [] : previous), ...answer.value.lines]);
      setCursor(answer.value.cursor);
    },
    [request],
  );
  useEffect(() => void more(undefined, true), [more]);

  const [excluding, setExcluding] = useState<Excluding>();
  const exclude = async () => {
    if (!excluding) return;
    const answer = await call('excludeCycle', { agreement: payload.agreement, cycleKey: excluding.line.cycleKey, reason: excluding.reason });
    if (!answer.ok) return setError(answer.error.message);
    setLines((previous) => previous.map((candidate) => (candidate.cycleKey === excluding.line.cycleKey ? { ...candidate, exclusion: answer.value } : candidate)));
    setExcluding(undefined);
    onExcluded();
  };

  const when = (instant: number | null) => (instant === null ? '–' : formatInstant(instant, context.locale, context.timezone));
  return (
    <section aria-labelledby="lines-title" style={{ display: 'grid', gap: token('space.100') }} data-testid="statement-lines" className="no-print">
      <h3 id="lines-title" style={{ margin: 0, font: token('font.heading.small') }}>
        {title}
      </h3>
      {error ? (
        <LoadFailed what="The cycles" error={error} retry={() => void more(cursor ?? undefined, false)} />
      ) : null}
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <TableHead headings={['Issue', 'Metric', 'Priority', 'Started', 'Stopped', 'Outcome', 'Excluded', ...(canAdmin ? [''] : [])]} />
        <tbody>
          {lines.map((line) => (
            <tr key={line.cycleKey} data-testid={`line-${line.issueKey}`} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
              <td style={{ padding: token('space.075') }}>
                <a href={`/browse/${line.issueKey}`} onClick={(event) => (event.preventDefault(), void router.open(`/browse/${line.issueKey}`))} style={{ color: token('color.link') }}>
                  {line.issueKey}
                </a>
              </td>
              <td style={{ padding: token('space.075') }}>{line.metric}</td>
              <td style={{ padding: token('space.075') }}>{line.priority}</td>
              <td style={{ padding: token('space.075') }}>{when(line.startedAt)}</td>
              <td style={{ padding: token('space.075') }}>{when(line.stoppedAt)}</td>
              <td style={{ padding: token('space.075'), color: line.cls === 'counted' && !line.met ? token('color.text.danger') : token('color.text') }}>{outcomeOf(line)}</td>
              <td style={{ padding: token('space.075') }}>{line.exclusion ? `${line.exclusion.reason} (${line.exclusion.by.name})` : ''}</td>
              {canAdmin ? (
                <td style={{ padding: token('space.075') }}>
                  <ExcludeControl line={line} excluding={excluding} setExcluding={setExcluding} exclude={() => void exclude()} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {!lines.length && !loading && cursor === null ? <p style={{ margin: 0 }}>No cycle.</p> : null}
      {cursor ? (
        <Button isDisabled={loading} onClick={() => void more(cursor, false)}>
          {loading ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
    </section>
  );
}

type Excluding = { line: Line; reason: string } | undefined;

/** An admin's exclusion of a counted cycle: a button, then the reason asked in place. */
function ExcludeControl({ line, excluding, setExcluding, exclude }: { line: Line; excluding: Excluding; setExcluding: (value: Excluding) => void; exclude: () => void }) {
  if (excluding?.line.cycleKey !== line.cycleKey) {
    return !line.exclusion && line.cls === 'counted' ? (
      <Button appearance="subtle" onClick={() => setExcluding({ line, reason: '' })}>
        Exclude…
      </Button>
    ) : null;
  }
  return (
    <form onSubmit={(event) => (event.preventDefault(), exclude())} style={{ display: 'flex', gap: token('space.050'), alignItems: 'center', flexWrap: 'wrap' }} aria-label={`Exclude ${line.issueKey} from the agreement's statements`}>
      <input autoFocus aria-label="Why (kept with your name)" placeholder="Why (kept with your name)" value={excluding.reason} onChange={(event) => setExcluding({ line, reason: event.target.value })} style={{ font: token('font.body'), minWidth: 180 }} />
      <Button type="submit" appearance="warning" isDisabled={excluding.reason.trim().length < 3}>
        Exclude
      </Button>
      <Button appearance="subtle" onClick={() => setExcluding(undefined)}>
        Cancel
      </Button>
    </form>
  );
}

/** Every cycle of a statement as CSV, read page by page; `progress` hears how far it has come. */
export async function statementCsv(agreement: string, period: string, version: number, progress: (done: number, total: number | null) => void): Promise<string> {
  let text = statementCsvHeader();
  let cursor: string | undefined;
  let done = 0;
  do {
    const answer = await call('statementLines', { agreement, period, version, ...(cursor ? { cursor } : {}) });
    if (!answer.ok) throw new Error(answer.error.message);
    text += statementCsvRows(agreement, period, answer.value.lines.map((line) => ({ ...line, exclusionReason: line.exclusion?.reason ?? null })));
    done += answer.value.progress.done;
    progress(version > 0 ? answer.value.progress.done : done, answer.value.progress.total);
    cursor = answer.value.cursor ?? undefined;
  } while (cursor);
  return text;
}
