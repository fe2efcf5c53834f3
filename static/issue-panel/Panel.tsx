/**
 * The agent's SLA panel: per metric a state, a countdown that ticks only while the clock really
 * runs (the shared domain code counts working time on the same calendar as the server), and why
 * the target is what it is.
 */
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { compileCalendar, type Calendar } from '../../src/domain/calendar';
import { liveMetric } from '../../src/domain/live';
import { nextWorkingInstant } from '../../src/domain/working-time';
import { onIssueChanged, resolvers, viewContext, type ViewContext } from '../shared/bridge';

const call = resolvers('panel');
type PanelView = AnswerOf<'panel', 'getSla'>;
import { formatCountdown, formatDuration, formatInstant } from '../shared/format';
import { LiveRegion, Notice, PlainButton, StatusLozenge, statusLabel, text } from '../shared/ui';
import { Timeline } from './Timeline';

type Loaded = { view: PanelView; fetchedAt: number };
type State = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Loaded);
type Evaluation = Extract<PanelView, { kind: 'sla' }>['evaluation'];
type MetricJson = Evaluation['metrics'][string];

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
        const calendar = calendars.get(result.explanation.calendar.id);
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

type Omitted = Extract<PanelView, { kind: 'sla' }>['omitted'][string];

function MetricCard(props: { result: MetricJson; calendar: Calendar; evaluatedAt: number; now: number; context: ViewContext; omitted: Omitted; onTurn: () => Promise<void> }) {
  const { result, calendar, evaluatedAt, now, context, omitted, onTurn } = props;
  const metric = result.metric;
  const iso = (value: string | null) => (value === null ? null : Date.parse(value));
  const live = liveMetric({ ...result, dueAt: iso(result.dueAt), atRiskAt: iso(result.atRiskAt) }, calendar, evaluatedAt, now);
  const lastStatus = useRef(live.status);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (live.status === lastStatus.current) return;
    lastStatus.current = live.status;
    setAnnouncement(`${result.name} is now ${statusLabel(live.status).toLowerCase()}`);
    // A deadline passed: ask the server, which also flags it for everyone else.
    void onTurn();
  }, [live.status, result.name, onTurn]);
  const when = (instant: string | null) => (instant ? formatInstant(instant, context.locale, context.timezone) : '');
  const resumesNote = resumes(result, calendar, now, when);
  const { explanation } = result;

  return (
    <section aria-labelledby={`${metric}-title`} data-testid={`metric-${metric}`} style={{ display: 'grid', gap: token('space.075') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: token('space.100') }}>
        <h3 id={`${metric}-title`} style={{ margin: 0, font: token('font.heading.xsmall'), color: token('color.text') }}>
          {result.name}
          {result.kind === 'ola' ? <span style={{ ...text.subtle, marginLeft: token('space.075') }}>internal OLA</span> : null}
        </h3>
        <StatusLozenge status={live.status} />
      </div>
      <div data-testid={`countdown-${metric}`} data-remaining-ms={live.remainingMs} style={{ font: token('font.heading.medium'), color: live.remainingMs < 0 ? token('color.text.danger') : token('color.text') }}>
        {headline(live.status, live.remainingMs, result)}
      </div>
      <div style={text.subtle}>{detail(live.status, result, when)}</div>
      {resumesNote ? (
        <div style={text.subtle} data-testid={`resumes-${metric}`}>
          {resumesNote}
        </div>
      ) : null}
      <div style={text.subtle} data-testid={`why-${metric}`}>
        {explanation.summary}
      </div>
      <History result={result} when={when} />
      <Timeline intervals={explanation.intervals} until={now} locale={context.locale} timeZone={context.timezone} stoppedAt={result.stoppedAt} />
      {omitted?.intervals ? (
        <div style={text.subtle} data-testid={`omitted-${metric}`}>
          {omitted.intervals} earlier stretches ({formatDuration(omitted.workedMs)} of working time) not listed
        </div>
      ) : null}
      <LiveRegion message={announcement} />
    </section>
  );
}

function headline(status: string, remainingMs: number, result: MetricJson): string {
  switch (status) {
    case 'met':
      return `Met in ${formatDuration(result.elapsedMs)}`;
    case 'met-late':
      return `Met late, ${formatDuration(result.elapsedMs - result.targetMs)} over`;
    case 'paused':
      return remainingMs < 0 ? `Overdue by ${formatDuration(-remainingMs)}` : `${formatDuration(remainingMs)} left`;
    default:
      return remainingMs < 0 ? `Overdue by ${formatCountdown(remainingMs)}` : `${formatCountdown(remainingMs)} left`;
  }
}

function detail(status: string, result: MetricJson, when: (instant: string | null) => string): string {
  if (result.state === 'stopped') return `Stopped ${when(result.stoppedAt)}: ${result.explanation.stopReason ?? ''}`;
  if (status === 'paused') {
    const since = result.explanation.intervals.at(-1)?.from ?? null;
    return `Paused by the status “${result.explanation.pausedBy ?? ''}”${since ? ` since ${when(since)}` : ''}: the clock waits while the issue is there`;
  }
  if (result.breachedAt) return `Breached ${when(result.breachedAt)}`;
  return result.dueAt ? `Due ${when(result.dueAt)}` : '';
}

/** A running clock outside working hours: "Outside working hours: resumes Mon 09:00". */
function resumes(result: MetricJson, calendar: Calendar, now: number, when: (instant: string | null) => string): string | null {
  if (result.state !== 'running') return null;
  const next = nextWorkingInstant(calendar, now);
  return next !== null && next > now ? `Outside working hours: the clock resumes ${when(new Date(next).toISOString())}` : null;
}

/** Earlier cycles and priority changes, which explain a target or a verdict that is not the obvious one. */
function History({ result, when }: { result: MetricJson; when: (instant: string | null) => string }) {
  const { previousCycles, priorityChanges } = result.explanation;
  if (!previousCycles.length && !priorityChanges.length) return null;
  return (
    <details data-testid={`history-${result.metric}`}>
      <summary style={text.subtle}>
        {[previousCycles.length ? `${previousCycles.length} earlier cycle${previousCycles.length > 1 ? 's' : ''}` : '', priorityChanges.length ? `${priorityChanges.length} priority change${priorityChanges.length > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ')}
      </summary>
      <ul style={{ margin: 0, ...text.subtle }}>
        {previousCycles.map((cycle) => (
          <li key={`cycle-${cycle.from}`}>
            Cycle {when(cycle.from)} – {when(cycle.to)}: {formatDuration(cycle.elapsedMs)}
            {cycle.targetMs === null ? '' : ` of ${formatDuration(cycle.targetMs)}`}
            {cycle.breachedAt ? `, breached ${when(cycle.breachedAt)}` : ', met'}
          </li>
        ))}
        {priorityChanges.map((change) => (
          <li key={`priority-${change.at}-${change.to}`}>
            {when(change.at)}: priority {change.from ?? '(none)'} → {change.to ?? '(none)'}
          </li>
        ))}
      </ul>
    </details>
  );
}

type EscalationsJson = NonNullable<Extract<PanelView, { kind: 'sla' }>['escalations']>;

/** What escalated on this issue, with each action's outcome, and what is due next (agents only). */
function Escalations({ escalations, metrics, when }: { escalations: EscalationsJson; metrics: Evaluation['metrics']; when: (instant: string) => string }) {
  const metricName = (id: string) => metrics[id]?.name ?? id;
  if (!escalations.fired.length && !escalations.next) return null;
  return (
    <section aria-labelledby="escalations-title" data-testid="escalations" style={{ display: 'grid', gap: token('space.050') }}>
      <h3 id="escalations-title" style={{ margin: 0, font: token('font.heading.xsmall'), color: token('color.text') }}>
        Escalations
      </h3>
      {escalations.next ? (
        <div style={text.subtle} data-testid="escalation-next">
          Next: {escalations.next.ruleName} ({metricName(escalations.next.metric)}) at {when(escalations.next.dueAt)}
        </div>
      ) : null}
      <ul style={{ margin: 0, paddingLeft: token('space.200') }}>
        {escalations.fired.map((fired) => (
          <li key={`${fired.rule}-${fired.metric}-${fired.reachedAt}`} data-testid={`escalation-${fired.rule}`}>
            {when(fired.firedAt)}: {fired.ruleName} ({metricName(fired.metric)}),{' '}
            {fired.status === 'done' ? 'done' : fired.status === 'firing' ? 'in progress' : `failed: ${fired.actions.filter((action) => action.outcome === 'failed').map((action) => `${action.type}: ${action.reason ?? ''}`).join('; ')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

type AgreementJson = NonNullable<Extract<PanelView, { kind: 'sla' }>['agreement']>;

/** The customer's agreement, and whether this issue's breach costs a service credit this period (agents only). */
function Agreement({ agreement, locale }: { agreement: AgreementJson; locale: string }) {
  const money = (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: agreement.currency }).format(cents / 100);
  const verdict = (level: AgreementJson['levels'][number]) => {
    if (level.costsCredit === null) return 'no forecast yet for this period';
    const breached = level.cycleStatus === 'breached' || level.cycleStatus === 'met-late';
    if (breached) return level.costsCredit ? `this breach costs a credit (${money(level.charged ?? 0)} so far this period)` : `this breach costs no credit: the level still meets ${level.expected} %`;
    return level.costsCredit ? 'a breach here would cost a credit' : `${level.headroom} more breaches before a credit`;
  };
  return (
    <section aria-labelledby="agreement-title" data-testid="agreement" style={{ display: 'grid', gap: token('space.050') }}>
      <h3 id="agreement-title" style={{ margin: 0, font: token('font.heading.xsmall'), color: token('color.text') }}>
        Agreement: {agreement.customer}
      </h3>
      <div style={text.subtle}>
        {agreement.name} ({agreement.reason}) · {agreement.period}
      </div>
      <ul style={{ margin: 0, paddingLeft: token('space.200') }}>
        {agreement.levels.map((level) => (
          <li key={level.id} data-testid={`agreement-${level.id}`}>
            {level.name}: {level.achieved === null ? 'no cycle counted yet' : `${level.achieved} % met`} of {level.expected} % expected; {verdict(level)}
          </li>
        ))}
      </ul>
    </section>
  );
}
