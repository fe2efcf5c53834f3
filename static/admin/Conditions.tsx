/** A list of start or stop conditions ("any of"), each a kind and what it needs: statuses, who commented, which change. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { Condition } from '../../src/domain/config/conditions';
import type { ConfigError } from '../../src/domain/config/paths';
import { errorAt } from './draft';
import { MultiPicker, NativeSelect, row, TextField } from './fields';

const CONDITION_KINDS: { label: string; value: Condition['on'] }[] = [
  { label: 'Issue created', value: 'created' },
  { label: 'Status entered', value: 'status-entered' },
  { label: 'Status left', value: 'status-left' },
  { label: 'Resolution set', value: 'resolution-set' },
  { label: 'Resolution cleared', value: 'resolution-cleared' },
  { label: 'Comment', value: 'comment' },
  { label: 'Assignee', value: 'assignee' },
  { label: 'Field changed', value: 'field-changed' },
];

const COMMENT_BY = [
  { label: 'public, by an agent', value: 'agent' },
  { label: 'by the reporter', value: 'reporter' },
  { label: 'by a customer', value: 'customer' },
  { label: 'by the reporter or a customer', value: 'reporter-or-customer' },
];

const ASSIGNEE_CHANGE = [
  { label: 'set', value: 'set' },
  { label: 'changed', value: 'changed' },
  { label: 'cleared', value: 'cleared' },
  { label: 'any change', value: 'any' },
];

/** A new condition of a kind, with what it needs filled in so the draft stays close to valid. */
function conditionOf(kind: Condition['on'], statuses: readonly string[]): Condition {
  switch (kind) {
    case 'status-entered':
    case 'status-left':
      return { on: kind, status: statuses.slice(0, 1) };
    case 'comment':
      return { on: 'comment', by: 'agent' };
    case 'assignee':
      return { on: 'assignee', change: 'set' };
    case 'field-changed':
      return { on: 'field-changed', field: 'priority' };
    default:
      return { on: kind };
  }
}

export function Conditions({ title, metric, conditions, statuses, errors, at, onChange }: { title: string; metric: string; conditions: Condition[]; statuses: readonly string[]; errors: readonly ConfigError[]; at: string; onChange: (list: Condition[]) => void }) {
  const set = (i: number, condition: Condition) => onChange(conditions.map((old, j) => (j === i ? condition : old)));
  return (
    <fieldset style={{ border: `${token('border.width')} solid ${token('color.border')}`, borderRadius: token('radius.small'), display: 'grid', gap: token('space.075') }}>
      <legend style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold') }}>{title} (any of)</legend>
      {conditions.map((condition, i) => {
        const label = `${metric} ${title.toLowerCase()} condition ${i + 1}`;
        return (
          <div key={i} style={{ ...row, alignItems: 'center' }}>
            <NativeSelect label={label} options={CONDITION_KINDS} value={condition.on} onChange={(kind) => set(i, conditionOf(kind as Condition['on'], statuses))} />
            {condition.on === 'status-entered' || condition.on === 'status-left' ? (
              <div style={{ minWidth: 200, flex: 1 }}>
                <MultiPicker label={`${label}: statuses`} options={statuses} value={condition.status ?? []} onChange={(value) => set(i, { ...condition, status: value.length ? value : undefined })} />
              </div>
            ) : null}
            {condition.on === 'comment' ? <NativeSelect label={`${label}: by`} options={COMMENT_BY} value={condition.by} onChange={(by) => set(i, { on: 'comment', by: by as typeof condition.by })} /> : null}
            {condition.on === 'assignee' ? <NativeSelect label={`${label}: change`} options={ASSIGNEE_CHANGE} value={condition.change} onChange={(change) => set(i, { on: 'assignee', change: change as typeof condition.change })} /> : null}
            {condition.on === 'field-changed' ? <TextField label={`${label}: field`} value={condition.field} onChange={(field) => set(i, { on: 'field-changed', field })} width={180} /> : null}
            <Button appearance="subtle" spacing="compact" aria-label={`Remove ${label}`} onClick={() => onChange(conditions.filter((_, j) => j !== i))}>
              Remove
            </Button>
            {errorAt(errors, `${at}[${i}]`, true) ? <span role="alert" style={{ color: token('color.text.danger'), font: token('font.body.small') }}>{errorAt(errors, `${at}[${i}]`, true)}</span> : null}
          </div>
        );
      })}
      {errorAt(errors, at) ? <div role="alert" style={{ color: token('color.text.danger'), font: token('font.body.small') }}>{errorAt(errors, at)}</div> : null}
      <div>
        <Button spacing="compact" onClick={() => onChange([...conditions, conditionOf('status-entered', statuses)])}>
          Add condition
        </Button>
      </div>
    </fieldset>
  );
}
