/** Customer tiers, the simulator, the audit history and JSON import / export. */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import { token } from '@atlaskit/tokens';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config';
import { resolvers, type ViewContext } from '../shared/bridge';

const call = resolvers('admin');
import { formatInstant } from '../shared/format';
import { edit, errorAt, move, newTier, type Draft } from './draft';
import { card, row, SinglePicker, TextField } from './fields';
import { PersonName } from './PersonName';
import { RulesEditor } from './RulesEditor';

type TierDraft = Draft['tiers'][number];

/** Customer tiers in order: the first whose rules hold decides; the last is the default and has no rules. */
export function TiersTab({ draft, errors, onChange }: { draft: Draft; errors: readonly ConfigError[]; onChange: (draft: Draft) => void }) {
  const change = (index: number, fn: (tier: TierDraft) => void) => onChange(edit(draft, (copy) => fn(copy.tiers[index]!)));
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>
        A reporter is in the first tier whose rules hold (any rule of a tier is enough); the last tier is the default. Target cells name tiers by id.
      </p>
      {draft.tiers.map((tier, index) => {
        const last = index === draft.tiers.length - 1;
        const at = `tiers[${index}]`;
        return (
          <section key={index} style={card} aria-label={`Tier ${tier.name}`} data-testid={`tier-${tier.id}`}>
            <div style={{ ...row, justifyContent: 'space-between' }}>
              <h3 style={{ margin: 0, font: token('font.heading.small') }}>
                {index + 1}. {tier.name}
                {last ? ' (default)' : ''}
              </h3>
              <div style={{ display: 'flex', gap: token('space.100') }}>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.tiers, index, index - 1)))} isDisabled={index === 0}>
                  Move up
                </Button>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.tiers, index, index + 1)))} isDisabled={last}>
                  Move down
                </Button>
                <Button appearance="subtle" isDisabled={draft.tiers.length === 1} onClick={() => window.confirm(`Remove the tier ${tier.name}? Target cells that name it become errors to fix.`) && onChange(edit(draft, (copy) => copy.tiers.splice(index, 1)))}>
                  Remove
                </Button>
              </div>
            </div>
            <div style={row}>
              <TextField label="Tier name" value={tier.name} onChange={(value) => change(index, (t) => (t.name = value))} error={errorAt(errors, `${at}.name`)} />
              <TextField label="Tier id" value={tier.id} onChange={(value) => change(index, (t) => (t.id = value))} error={errorAt(errors, `${at}.id`)} width={160} />
            </div>
            {last ? (
              <p style={{ margin: 0, color: token('color.text.subtle') }}>Everyone no earlier tier takes.</p>
            ) : (
              <RulesEditor rules={tier.rules ?? []} owner={tier.name} error={errorAt(errors, `${at}.rules`, true)} onChange={(rules) => change(index, (t) => (t.rules = rules))} />
            )}
          </section>
        );
      })}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => copy.tiers.splice(copy.tiers.length - 1, 0, newTier(copy))))}>Add tier</Button>
      </div>
    </div>
  );
}

type ConfigVersion = AnswerOf<'admin', 'getConfig'>;
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
      {result.targets ? (
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
            {result.targets.map((target) => (
              <tr key={target.metric}>
                <td>
                  {target.name}
                  {target.kind === 'ola' ? ' (OLA)' : ''}
                </td>
                <td>{target.startsOn}</td>
                <td>{target.target}</td>
                <td>{target.calendar.name}</td>
                <td>{formatInstant(target.atRiskAt, context.locale, context.timezone)}</td>
                <td>{formatInstant(target.dueAt, context.locale, context.timezone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result.escalations?.length ? (
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
            {result.escalations.map((escalation) => (
              <tr key={`${escalation.rule}-${escalation.metric}`}>
                <td>{escalation.ruleName}</td>
                <td>{escalation.metric}</td>
                <td>{formatInstant(escalation.firesAt, context.locale, context.timezone)}</td>
                <td>
                  {escalation.messages.map((message, i) => (
                    <div key={i}>{message.text}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function HistoryTab({ history, context, onRestore }: { history: ConfigVersion[]; context: ViewContext; onRestore: (version: number) => void }) {
  if (!history.length) return <p>No saved versions yet.</p>;
  return (
    <ol style={{ display: 'grid', gap: token('space.150'), listStyle: 'none', padding: 0 }}>
      {history.map((version, index) => (
        <li key={version.version} style={card}>
          <div style={{ ...row, justifyContent: 'space-between' }}>
            <strong>
              Version {version.version}
              {version.restoredFrom ? ` (restores version ${version.restoredFrom})` : ''}
            </strong>
            <span style={{ color: token('color.text.subtle') }}>
              {formatInstant(version.savedAt, context.locale, context.timezone)} by {version.savedBy ? <PersonName accountId={version.savedBy} /> : 'the app'}
            </span>
            {index > 0 ? <Button onClick={() => onRestore(version.version)}>Restore version {version.version}</Button> : <span>Current</span>}
          </div>
          <ul style={{ margin: 0, font: token('font.code') }}>
            {version.changes.length ? version.changes.map((line) => <li key={line}>{line}</li>) : <li>(no changes)</li>}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export function JsonTab({ draft, onImport }: { draft: Draft; onImport: (value: unknown) => string | undefined }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const load = (source: string) => {
    try {
      const refusal = onImport(JSON.parse(source));
      setError(refusal ?? '');
      if (!refusal) setText('');
    } catch (problem) {
      setError(`Not JSON: ${(problem as Error).message}`);
    }
  };
  const exported = JSON.stringify(draft, null, 2);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: token('space.200') }}>
      <section style={card} aria-label="Export">
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>Export</h3>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>The draft in the config format the CLI reads (`sla validate --config`).</p>
        <TextArea value={exported} isReadOnly minimumRows={16} aria-label="Config JSON" />
        <div>
          <Button onClick={() => download(exported)}>Download sla-config.json</Button>
        </div>
      </section>
      <section style={card} aria-label="Import">
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>Import</h3>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>Replaces the draft; problems show on the tabs before anything is saved.</p>
        <TextArea value={text} onChange={(event) => setText(event.target.value)} minimumRows={12} aria-label="Config JSON to import" />
        <div style={row}>
          <Button isDisabled={!text.trim()} onClick={() => load(text)}>
            Import text
          </Button>
          <label>
            or a file <input type="file" accept=".json,application/json" onChange={(event) => event.target.files?.[0]?.text().then(load)} />
          </label>
        </div>
        {error ? <SectionMessage appearance="error">{error}</SectionMessage> : null}
      </section>
    </div>
  );
}

function download(text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = 'sla-config.json';
  link.click();
  URL.revokeObjectURL(link.href);
}
