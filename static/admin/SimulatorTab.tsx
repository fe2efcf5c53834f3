/** The simulator: when each metric of a policy would be due, and each escalation fire, for a sample issue. */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { type Draft } from './draft';
import { card, row, SinglePicker, TextField } from './fields';

const call = resolvers('admin');
type Simulated = Extract<AnswerOf<'admin', 'simulate'>, { ok: true }>['targets'][number];
type SimulatedEscalation = Extract<AnswerOf<'admin', 'simulate'>, { ok: true }>['escalations'][number];

export function SimulatorTab({ draft, priorities, context }: { draft: Draft; priorities: string[]; context: ViewContext }) {
  const [policyId, setPolicyId] = useState(draft.policies[0]?.id ?? '');
  const [priority, setPriority] = useState(priorities[1] ?? priorities[0] ?? '');
  const [tier, setTier] = useState(draft.tiers.at(-1)?.id ?? '');
  // A wall-clock time in the viewer's zone, as the datetime-local field shows it.
  const [createdAt, setCreatedAt] = useState(() => format(new TZDate(Date.now(), context.timezone), "yyyy-MM-dd'T'HH:mm"));
  const [result, setResult] = useState<{ targets?: Simulated[]; escalations?: SimulatedEscalation[]; error?: string }>({});
  const run = async () => {
    const [date, time] = createdAt.split('T') as [string, string];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [h, min] = time.split(':').map(Number) as [number, number];
    const instant = new TZDate(y, m - 1, d, h, min, context.timezone).toISOString();
    const answer = await call('simulate', { config: draft, policyId, priority, tier, createdAt: instant });
    if (!answer.ok) setResult({ error: answer.error.message });
    else if (!answer.value.ok) setResult({ error: answer.value.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
    else setResult({ targets: answer.value.targets, escalations: answer.value.escalations });
  };
  const when = (instant: string) => formatInstant(instant, context.locale, context.timezone);
  return (
    <section style={card} aria-label="Simulator">
      <p style={{ margin: 0, color: token('color.text.subtle') }}>When would each metric fall due if its clock started at a given time and nothing paused or stopped it? Uses the draft, saved or not.</p>
      <div style={row}>
        <div style={{ minWidth: 200 }}>
          <SinglePicker label="Policy" options={draft.policies.map((p) => ({ label: p.name, value: p.id }))} value={policyId} onChange={setPolicyId} />
        </div>
        <div style={{ minWidth: 160 }}>
          <SinglePicker label="Priority" options={priorities.map((p) => ({ label: p, value: p }))} value={priority} onChange={setPriority} />
        </div>
        <div style={{ minWidth: 160 }}>
          <SinglePicker label="Reporter" options={draft.tiers.map((t) => ({ label: t.name, value: t.id }))} value={tier} onChange={setTier} />
        </div>
        <TextField label={`Clock starts at (${context.timezone})`} type="datetime-local" value={createdAt} onChange={setCreatedAt} />
        <Button appearance="primary" onClick={() => void run()}>
          Simulate
        </Button>
      </div>
      {result.error ? <SectionMessage appearance="error">{result.error}</SectionMessage> : null}
      {result.targets ? <SimulatedTargets targets={result.targets} when={when} /> : null}
      {result.escalations?.length ? <SimulatedEscalations escalations={result.escalations} when={when} /> : null}
    </section>
  );
}

/** When each metric would be at risk and due. */
function SimulatedTargets({ targets, when }: { targets: Simulated[]; when: (instant: string) => string }) {
  return (
    <table data-testid="simulation" style={{ borderCollapse: 'collapse' }}>
      <thead>
        <tr style={{ textAlign: 'left' }}>
          <th>Metric</th>
          <th>Starts on</th>
          <th>Target</th>
          <th>Calendar</th>
          <th>At risk from</th>
          <th>Due</th>
        </tr>
      </thead>
      <tbody>
        {targets.map((target) => (
          <tr key={target.metric}>
            <td>
              {target.name}
              {target.kind === 'ola' ? ' (OLA)' : ''}
            </td>
            <td>{target.startsOn}</td>
            <td>{target.target}</td>
            <td>{target.calendar.name}</td>
            <td>{when(target.atRiskAt)}</td>
            <td>{when(target.dueAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** When each escalation rule would fire, and what it would say. */
function SimulatedEscalations({ escalations, when }: { escalations: SimulatedEscalation[]; when: (instant: string) => string }) {
  return (
    <table data-testid="simulated-escalations" style={{ borderCollapse: 'collapse' }}>
      <caption style={{ textAlign: 'left', font: token('font.heading.xsmall') }}>Escalations (texts for a sample issue)</caption>
      <thead>
        <tr style={{ textAlign: 'left' }}>
          <th>Rule</th>
          <th>Metric</th>
          <th>Fires</th>
          <th>What it does</th>
        </tr>
      </thead>
      <tbody>
        {escalations.map((escalation) => (
          <tr key={`${escalation.rule}-${escalation.metric}`}>
            <td>{escalation.ruleName}</td>
            <td>{escalation.metric}</td>
            <td>{when(escalation.firesAt)}</td>
            <td>
              {escalation.messages.map((message, i) => (
                <div key={i}>{message.text}</div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
