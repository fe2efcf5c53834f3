/** A policy's escalation rules: when each fires on a metric cycle, and what it does. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { ConfigError } from '../../src/domain/config/paths';
import type { EscalationAction, EscalationRule } from '../../src/domain/config/escalation-rules';
import { errorAt, move, type Draft } from './draft';
import { card, listText, NativeSelect, parseListText, row, TextField } from './fields';

type Policy = Draft['policies'][number];

const POINT_KINDS = [
  { label: '% of the target', value: 'percent' },
  { label: 'before it runs out', value: 'beforeDue' },
  { label: 'after the breach', value: 'afterBreach' },
] as const;

const ACTION_KINDS: { label: string; value: EscalationAction['type'] }[] = [
  { label: 'Notify', value: 'notify' },
  { label: 'Comment', value: 'comment' },
  { label: 'Raise priority', value: 'raise-priority' },
  { label: 'Assign', value: 'assign' },
  { label: 'Add label', value: 'add-label' },
];

function actionOf(type: EscalationAction['type']): EscalationAction {
  switch (type) {
    case 'notify':
      return { type, to: ['assignee'], subject: '{issue}: {metric} needs attention', body: '{remaining} left of {target}; due {due}.' };
    case 'comment':
      return { type, visibility: 'internal', body: '{metric}: {overdue} overdue.' };
    case 'raise-priority':
      return { type };
    case 'assign':
      return { type, accountId: '' };
    case 'add-label':
      return { type, label: 'sla-escalated' };
  }
}

export function EscalationsEditor({ policy, at, errors, priorities, change }: { policy: Policy; at: string; errors: readonly ConfigError[]; priorities: readonly string[]; change: (fn: (p: Policy) => void) => void }) {
  const rules = policy.escalations ?? [];
  const metrics = [{ label: 'Every metric', value: '*' }, ...policy.metrics.map((metric) => ({ label: metric.name, value: metric.id }))];
  const setRule = (r: number, fn: (rule: EscalationRule) => void) => change((p) => fn(p.escalations![r]!));
  const add = () =>
    change((p) => {
      let n = rules.length + 1;
      while (rules.some((rule) => rule.id === `rule-${n}`)) n++;
      p.escalations = [...(p.escalations ?? []), { id: `rule-${n}`, name: `Rule ${n}`, metric: policy.metrics[0]?.id ?? '*', at: { percent: 75 }, actions: [actionOf('notify')] }];
    });
  return (
    <section aria-label={`Escalations of ${policy.name}`} style={{ display: 'grid', gap: token('space.150') }}>
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Escalations</h4>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>
        Each rule fires once per metric cycle when the cycle reaches its point; a rule added later fires only for cycles still ahead of it, unless it applies to the past.
        Texts may name {'{issue}'}, {'{summary}'}, {'{metric}'}, {'{target}'}, {'{remaining}'}, {'{overdue}'} and {'{due}'}.
      </p>
      {rules.map((rule, r) => {
        const ruleAt = `${at}.escalations[${r}]`;
        const kind = rule.at.percent !== undefined ? 'percent' : rule.at.beforeDue !== undefined ? 'beforeDue' : 'afterBreach';
        const value = String(rule.at.percent ?? rule.at.beforeDue ?? rule.at.afterBreach ?? '');
        const setPoint = (nextKind: string, text: string) => setRule(r, (x) => (x.at = nextKind === 'percent' ? { percent: Number(text) } : { [nextKind]: text }));
        return (
          <div key={r} style={{ ...card, background: token('elevation.surface') }} data-testid={`rule-${rule.id}`}>
            <div style={{ ...row, justifyContent: 'space-between' }}>
              <strong>{rule.name ?? rule.id}</strong>
              <div style={{ display: 'flex', gap: token('space.100') }}>
                <Button onClick={() => change((p) => move(p.escalations!, r, r - 1))} isDisabled={r === 0}>
                  Move up
                </Button>
                <Button appearance="subtle" onClick={() => window.confirm(`Remove the rule ${rule.name ?? rule.id}?`) && change((p) => p.escalations!.splice(r, 1))}>
                  Remove
                </Button>
              </div>
            </div>
            <div style={row}>
              <TextField label="Rule name" value={rule.name ?? ''} onChange={(text) => setRule(r, (x) => (x.name = text || undefined))} error={errorAt(errors, `${ruleAt}.name`)} />
              <TextField label="Rule id" value={rule.id} onChange={(text) => setRule(r, (x) => (x.id = text))} error={errorAt(errors, `${ruleAt}.id`)} width={140} />
              <label style={{ display: 'grid', gap: token('space.050') }}>
                <span style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>Metric</span>
                <NativeSelect label={`${rule.id} metric`} options={metrics} value={rule.metric} onChange={(metric) => setRule(r, (x) => (x.metric = metric))} />
              </label>
              <TextField label="Fires at" value={value} onChange={(text) => setPoint(kind, text)} error={errorAt(errors, `${ruleAt}.at`, true)} width={100} />
              <label style={{ display: 'grid', gap: token('space.050') }}>
                <span style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>of</span>
                <NativeSelect label={`${rule.id} point`} options={POINT_KINDS} value={kind} onChange={(next) => setPoint(next, next === 'percent' ? '75' : '1h')} />
              </label>
              <label style={{ display: 'flex', gap: token('space.050'), alignItems: 'center' }}>
                <input type="checkbox" checked={rule.applyToPast === true} onChange={(event) => setRule(r, (x) => (event.target.checked ? (x.applyToPast = true) : delete x.applyToPast))} /> also for cycles already past it
              </label>
            </div>
            {rule.actions.map((action, a) => (
              <ActionRow
                key={a}
                label={`${rule.id} action ${a + 1}`}
                action={action}
                priorities={priorities}
                error={errorAt(errors, `${ruleAt}.actions[${a}]`, true)}
                onChange={(next) => setRule(r, (x) => (x.actions[a] = next))}
                onRemove={() => setRule(r, (x) => x.actions.splice(a, 1))}
              />
            ))}
            <div>
              <Button spacing="compact" onClick={() => setRule(r, (x) => x.actions.push(actionOf('notify')))}>
                Add action
              </Button>
            </div>
            {errorAt(errors, ruleAt, true) ? <div role="alert" style={{ color: token('color.text.danger'), font: token('font.body.small') }}>{errorAt(errors, ruleAt, true)}</div> : null}
          </div>
        );
      })}
      <div>
        <Button onClick={add}>Add escalation rule</Button>
      </div>
    </section>
  );
}

function ActionRow({ label, action, priorities, error, onChange, onRemove }: { label: string; action: EscalationAction; priorities: readonly string[]; error?: string; onChange: (action: EscalationAction) => void; onRemove: () => void }) {
  return (
    <div style={{ ...row, alignItems: 'end' }}>
      <NativeSelect label={label} options={ACTION_KINDS} value={action.type} onChange={(type) => onChange(actionOf(type as EscalationAction['type']))} />
      {action.type === 'notify' ? (
        <>
          <TextField label="To (assignee, reporter, watchers)" value={listText(action.to)} onChange={(text) => onChange({ ...action, to: parseListText(text) as ('assignee' | 'reporter' | 'watchers')[] })} width={220} />
          <TextField label="Groups" value={listText(action.groups)} onChange={(text) => onChange({ ...action, groups: parseListText(text) })} width={160} />
          <TextField label="Subject" value={action.subject} onChange={(subject) => onChange({ ...action, subject })} />
          <TextField label="Message" value={action.body} onChange={(body) => onChange({ ...action, body })} />
        </>
      ) : null}
      {action.type === 'comment' ? (
        <>
          <NativeSelect label={`${label} visibility`} options={[{ label: 'internal note', value: 'internal' }, { label: 'public comment', value: 'public' }]} value={action.visibility} onChange={(visibility) => onChange({ ...action, visibility: visibility as 'internal' | 'public' })} />
          <TextField label="Comment" value={action.body} onChange={(body) => onChange({ ...action, body })} />
        </>
      ) : null}
      {action.type === 'raise-priority' ? (
        <NativeSelect label={`${label} priority`} options={[{ label: 'one step up', value: '' }, ...priorities.map((priority) => ({ label: `to ${priority}`, value: priority }))]} value={action.to ?? ''} onChange={(to) => onChange(to ? { type: 'raise-priority', to } : { type: 'raise-priority' })} />
      ) : null}
      {action.type === 'assign' ? <TextField label="Assign to (account id)" value={action.accountId} onChange={(accountId) => onChange({ ...action, accountId })} /> : null}
      {action.type === 'add-label' ? <TextField label="Label" value={action.label} onChange={(text) => onChange({ ...action, label: text })} width={160} /> : null}
      <Button appearance="subtle" spacing="compact" aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove
      </Button>
      {error ? <span role="alert" style={{ color: token('color.text.danger'), font: token('font.body.small') }}>{error}</span> : null}
    </div>
  );
}
