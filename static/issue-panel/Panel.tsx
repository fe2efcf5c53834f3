/**
 * The agent's SLA panel: per metric a state, a countdown that ticks only while the clock really
 * runs (the shared domain code counts working time on the same calendar as the server), and why
 * the target is what it is.
 */
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { compileCalendar } from '../../src/domain/time/calendar';
import { onIssueChanged, resolvers, viewContext, type ViewContext } from '../shared/bridge';

const call = resolvers('panel');
type PanelView = AnswerOf<'panel', 'getSla'>;
import { formatInstant } from '../shared/format';
import { Notice, PlainButton, text } from '../shared/ui';
import { MetricCard } from './MetricCard';
import { Agreement } from './PanelAgreement';
import { Escalations } from './PanelEscalations';

type Loaded = { view: PanelView; fetchedAt: number };
type State = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Loaded);

const REFRESH_MS = 60_000;

export function Panel() {
  const [context, setContext] = useState<ViewContext>();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(() => performance.now());

  const load = useCallback(async () => {
    const answer = await call('getSla');
    setState(answer.ok ? { kind: 'ready', view: answer.value, fetchedAt: performance.now() } : { kind: 'error', message: answer.error.message });
  }, []);

  useEffect(() => {
    void viewContext().then(setContext);
    void load();
    // The issue view says when the issue changed (an update or a comment); the timer catches what
    // it does not say (Jira does not promise every event, nor the viewer's own changes).
    const changed = onIssueChanged(() => void load());
    const refresh = setInterval(() => void load(), REFRESH_MS);
    const tick = setInterval(() => setNow(performance.now()), 1000);
    return () => {
      changed();
      clearInterval(refresh);
      clearInterval(tick);
    };
  }, [load]);

  if (state.kind === 'loading' || !context) {
    return (
      <div style={{ padding: token('space.200') }} aria-busy="true">
        <Spinner label="Loading the SLA" />
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <Notice kind="error" title="The SLA could not be loaded">
        <p>{state.message}</p>
        <PlainButton onClick={() => void load()}>Try again</PlainButton>
      </Notice>
    );
  }
  return <Ready loaded={state} context={context} now={now} reload={load} />;
}

function Ready({ loaded, context, now, reload }: { loaded: Loaded; context: ViewContext; now: number; reload: () => Promise<void> }) {
  const { view } = loaded;
  const calendars = useMemo(() => new Map(view.kind === 'sla' ? view.calendars.map((spec) => [spec.id, compileCalendar(spec)]) : []), [view]);
  if (view.kind === 'not-found') {
    return <Notice title="Issue not found">You cannot see {view.issueKey}, or it no longer exists.</Notice>;
  }
  const { evaluation } = view;
  const results = Object.values(evaluation.metrics);
  if (!evaluation.policy || !results.length) {
    return (
      <Notice title="No SLA applies to this issue">
        {evaluation.notes.map((note) => (
          <p key={note}>{note}</p>
        ))}
      </Notice>
    );
  }
  const serverNow = Date.parse(evaluation.evaluatedAt) + (now - loaded.fetchedAt);
  return (
    <div style={{ display: 'grid', gap: token('space.200'), padding: token('space.050') }}>
      {results.map((result) => {
        const calendar = calendars.get(result.countingOn);
        return calendar ? (
          <MetricCard key={result.metric} result={result} calendar={calendar} evaluatedAt={Date.parse(evaluation.evaluatedAt)} now={serverNow} context={context} omitted={view.omitted[result.metric]} onTurn={reload} />
        ) : null;
      })}
      {evaluation.notes.map((note) => (
        <p key={note} style={text.subtle}>
          {note}
        </p>
      ))}
      {view.escalations ? <Escalations escalations={view.escalations} metrics={evaluation.metrics} when={(instant) => formatInstant(instant, context.locale, context.timezone)} /> : null}
      {view.agreement ? <Agreement agreement={view.agreement} locale={context.locale} /> : null}
      <p style={text.subtle} data-testid="tier">
        Policy “{evaluation.policy.name}” · {evaluation.tierName} reporter ({evaluation.tierReason})
        {evaluation.tierChanges.length > 1 ? ` · tier changed ${evaluation.tierChanges.length - 1} time${evaluation.tierChanges.length > 2 ? 's' : ''} with the reporter` : ''}
      </p>
    </div>
  );
}
