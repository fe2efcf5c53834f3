/** Policies in order: scope, calendar, threshold, and their metrics with conditions and target matrices. */
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { Lookups } from '../../src/contract';
import type { Condition } from '../../src/domain/conditions';
import type { ConfigError } from '../../src/domain/config';
import { formatPath } from '../../src/domain/config';
import { edit, errorAt, move, newMetric, newPolicy, type Draft, type MetricDraft } from './draft';
import { EscalationsEditor } from './EscalationsEditor';
import { card, CUSTOM_FIELDS_LIST, listText, MultiPicker, NativeSelect, parseListText, row, SinglePicker, TextField } from './fields';

type Props = { draft: Draft; errors: readonly ConfigError[]; lookups: Lookups; onChange: (draft: Draft) => void };
type Policy = Draft['policies'][number];

export function PoliciesTab({ draft, errors, lookups, onChange }: Props) {
  const calendars = draft.calendars.map((calendar) => ({ label: calendar.name ?? calendar.id, value: calendar.id }));
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>The first policy whose scope holds an issue applies to it.</p>
      {draft.policies.map((policy, index) => {
        const at = `policies[${index}]`;
        const change = (fn: (p: Policy) => void) => onChange(edit(draft, (copy) => fn(copy.policies[index]!)));
        return (
          <section key={index} style={card} aria-label={`Policy ${index + 1}: ${policy.name}`} data-testid={`policy-${policy.id}`}>
            <div style={{ ...row, justifyContent: 'space-between' }}>
              <h3 style={{ margin: 0, font: token('font.heading.small') }}>
                {index + 1}. {policy.name}
              </h3>
              <Reorder label={`policy ${policy.name}`} index={index} count={draft.policies.length} onMove={(to) => onChange(edit(draft, (copy) => move(copy.policies, index, to)))} onRemove={() => onChange(edit(draft, (copy) => copy.policies.splice(index, 1)))} />
            </div>
            <div style={row}>
              <TextField label="Name" value={policy.name} onChange={(value) => change((p) => (p.name = value))} error={errorAt(errors, `${at}.name`)} />
              <TextField label="Id" value={policy.id} onChange={(value) => change((p) => (p.id = value))} error={errorAt(errors, `${at}.id`)} width={180} />
              <TextField label="At risk from (% of target)" type="number" value={String(policy.warnAtPercent ?? 75)} onChange={(value) => change((p) => (p.warnAtPercent = Number(value)))} error={errorAt(errors, `${at}.warnAtPercent`)} width={120} />
            </div>
            <Scope policy={policy} lookups={lookups} calendars={calendars} errors={errors} at={at} change={change} />
            <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Metrics</h4>
            {policy.metrics.map((metric, m) => (
              <MetricEditor
                key={m}
                metric={metric}
                index={m}
                count={policy.metrics.length}
                draft={draft}
                lookups={lookups}
                calendars={calendars}
                errors={errors}
                at={`${at}.metrics[${m}]`}
                change={(fn) => change((p) => fn(p.metrics[m]!))}
                onMove={(to) => change((p) => move(p.metrics, m, to))}
                onRemove={() => change((p) => p.metrics.splice(m, 1))}
              />
            ))}
            {errorAt(errors, `${at}.metrics`) ? <div role="alert" style={{ color: token('color.text.danger') }}>{errorAt(errors, `${at}.metrics`)}</div> : null}
            <AddMetric taken={policy.metrics.map((metric) => metric.id)} statuses={lookups.statuses} onAdd={(metric) => change((p) => p.metrics.push(metric))} />
            <EscalationsEditor policy={policy} at={at} errors={errors} priorities={lookups.priorities} change={change} />
          </section>
        );
      })}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => copy.policies.push(newPolicy(copy))))}>Add policy</Button>
      </div>
    </div>
  );
}

function Reorder({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }) {
  return (
    <div style={{ display: 'flex', gap: token('space.100') }}>
      <Button aria-label={`Move ${label} up`} onClick={() => onMove(index - 1)} isDisabled={index === 0}>
        Move up
      </Button>
      <Button aria-label={`Move ${label} down`} onClick={() => onMove(index + 1)} isDisabled={index === count - 1}>
        Move down
      </Button>
      <Button aria-label={`Remove ${label}`} appearance="subtle" onClick={() => window.confirm(`Remove ${label}?`) && onRemove()}>
        Remove
      </Button>
    </div>
  );
}

function Scope({ policy, lookups, calendars, errors, at, change }: { policy: Policy; lookups: Lookups; calendars: { label: string; value: string }[]; errors: readonly ConfigError[]; at: string; change: (fn: (p: Policy) => void) => void }) {
  /** A free list of the scope: removed when empty, so "any" stays the default. */
  const list = (key: 'requestTypes' | 'labels' | 'components', value: string) =>
    change((p) => {
      const values = parseListText(value);
      if (values.length) p.scope[key] = values;
      else delete p.scope[key];
    });
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.150') }}>
      <MultiPicker label="Projects" options={lookups.projects.map((project) => project.key)} value={policy.scope.projects} onChange={(value) => change((p) => (p.scope.projects = value))} error={errorAt(errors, `${at}.scope.projects`, true)} />
      <MultiPicker label="Issue types (all when empty)" options={lookups.issueTypes} value={policy.scope.issueTypes ?? []} onChange={(value) => change((p) => (value.length ? (p.scope.issueTypes = value) : delete p.scope.issueTypes))} error={errorAt(errors, `${at}.scope.issueTypes`, true)} />
      <SinglePicker label="Calendar" options={calendars} value={policy.calendar} onChange={(value) => change((p) => (p.calendar = value))} error={errorAt(errors, `${at}.calendar`)} />
      <TextField label="Request types (any when empty)" placeholder="Get IT help, Report a bug" value={listText(policy.scope.requestTypes)} onChange={(value) => list('requestTypes', value)} error={errorAt(errors, `${at}.scope.requestTypes`, true)} />
      <TextField label="Labels (any when empty)" value={listText(policy.scope.labels)} onChange={(value) => list('labels', value)} error={errorAt(errors, `${at}.scope.labels`, true)} />
      <TextField label="Components (any when empty)" value={listText(policy.scope.components)} onChange={(value) => list('components', value)} error={errorAt(errors, `${at}.scope.components`, true)} />
      <TextField
        label="Custom field (id) holds one of"
        list={CUSTOM_FIELDS_LIST}
        placeholder="customfield_10050: Gold, Platinum"
        value={policy.scope.field ? `${policy.scope.field.id}: ${listText(policy.scope.field.values)}` : ''}
        onChange={(value) =>
          change((p) => {
            const [id, values = ''] = value.split(':');
            if (id?.trim()) p.scope.field = { id: id.trim(), values: parseListText(values) };
            else delete p.scope.field;
          })
        }
        error={errorAt(errors, `${at}.scope.field`, true)}
      />
    </div>
  );
}

const PRESET_OPTIONS = [
  { label: 'Time to first response', value: 'response' },
  { label: 'Time to resolution', value: 'resolution' },
  { label: 'Time to next update', value: 'next-update' },
  { label: 'Time waiting for support', value: 'waiting-for-support' },
  { label: 'OLA: time in a team status', value: 'ola' },
] as const;

function AddMetric({ taken, statuses, onAdd }: { taken: string[]; statuses: readonly string[]; onAdd: (metric: MetricDraft) => void }) {
  return (
    <div style={row}>
      <NativeSelect
        label="Add a metric from a preset"
        options={[{ label: 'Add a metric…', value: '' }, ...PRESET_OPTIONS]}
        value=""
        onChange={(value) => {
          if (!value) return;
          const status = value === 'ola' ? (statuses.find((name) => /escalat|l2|team/i.test(name)) ?? statuses[0] ?? 'Escalated') : undefined;
          onAdd(newMetric(value as (typeof PRESET_OPTIONS)[number]['value'], status, taken));
        }}
      />
    </div>
  );
}

function MetricEditor(props: {
  metric: MetricDraft;
  index: number;
  count: number;
  draft: Draft;
  lookups: Lookups;
  calendars: { label: string; value: string }[];
  errors: readonly ConfigError[];
  at: string;
  change: (fn: (metric: MetricDraft) => void) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { metric, draft, lookups, calendars, errors, at, change } = props;
  return (
    <section style={{ ...card, background: token('elevation.surface') }} aria-label={`Metric ${metric.name}`} data-testid={`metric-${metric.id}`}>
      <div style={{ ...row, justifyContent: 'space-between' }}>
        <strong>
          {metric.name}
          {metric.kind === 'ola' ? ' (OLA, internal)' : ''}
        </strong>
        <Reorder label={`metric ${metric.name}`} index={props.index} count={props.count} onMove={props.onMove} onRemove={props.onRemove} />
      </div>
      <div style={row}>
        <TextField label="Metric name" value={metric.name} onChange={(value) => change((m) => (m.name = value))} error={errorAt(errors, `${at}.name`)} />
        <TextField label="Metric id" value={metric.id} onChange={(value) => change((m) => (m.id = value))} error={errorAt(errors, `${at}.id`)} width={160} />
        <label style={{ display: 'grid', gap: token('space.050') }}>
          <span style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>Kind</span>
          <NativeSelect
            label={`${metric.name} kind`}
            options={[
              { label: 'SLA (customer-facing)', value: 'sla' },
              { label: 'OLA (internal team)', value: 'ola' },
            ]}
            value={metric.kind ?? 'sla'}
            onChange={(value) => change((m) => (value === 'ola' ? (m.kind = 'ola') : delete m.kind))}
          />
        </label>
        <label style={{ display: 'grid', gap: token('space.050') }}>
          <span style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>Calendar</span>
          <NativeSelect label={`${metric.name} calendar`} options={[{ label: "Policy's calendar", value: '' }, ...calendars]} value={metric.calendar ?? ''} onChange={(value) => change((m) => (value ? (m.calendar = value) : delete m.calendar))} />
        </label>
        <label style={{ display: 'grid', gap: token('space.050') }}>
          <span style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>When started again</span>
          <NativeSelect
            label={`${metric.name} when started again`}
            options={[
              { label: 'Continue with the elapsed time', value: 'continue' },
              { label: 'Restart from zero', value: 'restart' },
            ]}
            value={metric.onRestart ?? 'continue'}
            onChange={(value) => change((m) => (m.onRestart = value as 'continue' | 'restart'))}
          />
        </label>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: token('space.150') }}>
        <Conditions title="Starts on" metric={metric.name} conditions={metric.start} statuses={lookups.statuses} errors={errors} at={`${at}.start`} onChange={(list) => change((m) => (m.start = list))} />
        <Conditions title="Stops on" metric={metric.name} conditions={metric.stop} statuses={lookups.statuses} errors={errors} at={`${at}.stop`} onChange={(list) => change((m) => (m.stop = list))} />
        <MultiPicker
          label="Paused while in status"
          options={lookups.statuses}
          value={metric.pause?.status ?? []}
          onChange={(value) => change((m) => (value.length || m.pause?.category ? (m.pause = { ...m.pause, status: value.length ? value : undefined }) : delete m.pause))}
          error={errorAt(errors, `${at}.pause`, true)}
        />
      </div>
      <Matrix metric={metric} tiers={draft.tiers} priorities={lookups.priorities} calendars={calendars} errors={errors} at={at} change={change} />
    </section>
  );
}

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

function Conditions({ title, metric, conditions, statuses, errors, at, onChange }: { title: string; metric: string; conditions: Condition[]; statuses: readonly string[]; errors: readonly ConfigError[]; at: string; onChange: (list: Condition[]) => void }) {
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

type Targets = MetricDraft['targets'];
type Cell = Targets[string];

/**
 * A priority's cell. Priority names come from Jira, and one may be `__proto__`: cells are read as
 * own properties only and written with `Object.fromEntries`, never `targets[name] = ...`.
 */
const cellOf = (targets: Targets, priority: string) => (Object.hasOwn(targets, priority) ? targets[priority] : undefined);
const withCell = (targets: Targets, priority: string, cell: Cell | undefined): Targets =>
  Object.fromEntries([...Object.entries(targets).filter(([name]) => name !== priority), ...(cell ? [[priority, cell] as const] : [])]);

function Matrix({ metric, tiers, priorities, calendars, errors, at, change }: { metric: MetricDraft; tiers: Draft['tiers']; priorities: string[]; calendars: { label: string; value: string }[]; errors: readonly ConfigError[]; at: string; change: (fn: (m: MetricDraft) => void) => void }) {
  const fallback = tiers.at(-1);
  const rows = [...new Set([...priorities, ...Object.keys(metric.targets).filter((key) => key !== '*'), '*'])];
  const set = (priority: string, field: string, value: string) =>
    change((m) => {
      const cell: Cell = { ...(cellOf(m.targets, priority) ?? {}) };
      if (value) cell[field] = value;
      else delete cell[field];
      m.targets = withCell(m.targets, priority, Object.keys(cell).length ? cell : undefined);
    });
  const path = (priority: string, field: string) => `${at}${formatPath(['targets', priority, field]).replace(/^(?!\[)/, '.')}`;
  const rowPath = (priority: string) => `${at}${formatPath(['targets', priority]).replace(/^(?!\[)/, '.')}`;
  const cellStyle = { padding: token('space.050'), verticalAlign: 'top' } as const;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label={`Targets of ${metric.name}`}>
        <thead>
          <tr style={{ font: token('font.body.small'), color: token('color.text.subtle'), textAlign: 'left' }}>
            <th style={cellStyle}>Priority</th>
            {tiers.map((tier) => (
              <th key={tier.id} style={cellStyle}>
                {tier.name}
                {tier === fallback ? ' (default)' : ''}
              </th>
            ))}
            <th style={cellStyle}>Calendar</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((priority) => {
            const cell = cellOf(metric.targets, priority);
            const rowError = errorAt(errors, rowPath(priority));
            return (
              <tr key={priority}>
                <th scope="row" style={{ ...cellStyle, textAlign: 'left', fontWeight: token('font.weight.medium') }}>
                  {priority === '*' ? 'Any other priority' : priority}
                  {rowError ? <div role="alert" style={{ font: token('font.body.small'), color: token('color.text.danger') }}>{rowError}</div> : null}
                </th>
                {tiers.map((tier) => {
                  const error = errorAt(errors, path(priority, tier.id));
                  const value = cell && Object.hasOwn(cell, tier.id) ? (cell[tier.id] ?? '') : '';
                  const isDefault = tier === fallback;
                  const mode = value === 'none' ? 'none' : value === '' ? (isDefault ? 'target' : 'same') : 'target';
                  return (
                    <td key={tier.id} style={cellStyle}>
                      <select
                        aria-label={`${priority === '*' ? 'Any other priority' : priority} ${metric.id} ${tier.name}: which target`}
                        value={mode}
                        onChange={(event) => {
                          const chosen = event.target.value;
                          // A target of its own starts from the default tier's, to edit.
                          const start = (fallback && cell?.[fallback.id] !== 'none' ? cell?.[fallback.id] : undefined) ?? '1h';
                          set(priority, tier.id, chosen === 'none' ? 'none' : chosen === 'same' ? '' : isDefault ? '1h' : start);
                        }}
                        style={{ font: token('font.body.small'), marginBottom: token('space.050'), maxWidth: '100%' }}
                      >
                        {isDefault ? null : <option value="same">Same as {fallback?.name ?? 'default'}</option>}
                        <option value="none">No target</option>
                        <option value="target">Target</option>
                      </select>
                      <Textfield
                        aria-label={`${priority === '*' ? 'Any other priority' : priority} ${metric.id} ${tier.name} target`}
                        value={value}
                        placeholder={tier === fallback ? 'none' : `as ${fallback?.name ?? 'default'}`}
                        isCompact
                        isInvalid={!!error}
                        onChange={(event) => set(priority, tier.id, (event.target as HTMLInputElement).value)}
                      />
                      {error ? <div role="alert" style={{ font: token('font.body.small'), color: token('color.text.danger') }}>{error}</div> : null}
                    </td>
                  );
                })}
                <td style={cellStyle}>
                  <NativeSelect label={`${priority} ${metric.id} calendar`} options={[{ label: "Metric's calendar", value: '' }, ...calendars]} value={cell?.calendar ?? ''} onChange={(value) => set(priority, 'calendar', value)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>
        Each tier has its own target, no target, or the same as the default tier ({fallback?.name ?? 'the last tier'}). A row left empty has no targets.
      </p>
    </div>
  );
}
