/** One metric of the panel: its state and countdown, why the target is what it is, its history. */
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { type Calendar } from '../../src/domain/time/calendar';
import { liveMetric } from '../../src/domain/clocks/live';
import { nextWorkingInstant } from '../../src/domain/time/working-time';
import { type ViewContext } from '../shared/bridge';
import { formatCountdown, formatDuration, formatInstant } from '../shared/format';
import { LiveRegion, StatusLozenge, statusLabel, text } from '../shared/ui';
import { Timeline } from './Timeline';

type PanelView = AnswerOf<'panel', 'getSla'>;
type Evaluation = Extract<PanelView, { kind: 'sla' }>['evaluation'];
type MetricJson = Evaluation['metrics'][string];

type Omitted = Extract<PanelView, { kind: 'sla' }>['omitted'][string];

export function MetricCard(props: { result: MetricJson; calendar: Calendar; evaluatedAt: number; now: number; context: ViewContext; omitted: Omitted; onTurn: () => Promise<void> }) {
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
