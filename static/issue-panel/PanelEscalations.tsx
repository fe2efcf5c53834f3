/** The escalations that fired on the issue and the next one due: for agents only. */
import { token } from '@atlaskit/tokens';
import type { AnswerOf } from '../../src/contract';
import { text } from '../shared/ui';

type PanelView = AnswerOf<'panel', 'getSla'>;
type Evaluation = Extract<PanelView, { kind: 'sla' }>['evaluation'];
type EscalationsJson = NonNullable<Extract<PanelView, { kind: 'sla' }>['escalations']>;

/** What escalated on this issue, with each action's outcome, and what is due next (agents only). */
export function Escalations({ escalations, metrics, when }: { escalations: EscalationsJson; metrics: Evaluation['metrics']; when: (instant: string) => string }) {
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
            {fired.status === 'done' ? 'done' : fired.status === 'firing' ? 'in progress' : fired.status === 'deferred' ? 'notification deferred to the next hour' : `failed: ${fired.actions.filter((action) => action.outcome === 'failed').map((action) => `${action.type}: ${action.reason ?? ''}`).join('; ')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
