/** A metric of a policy: name, id, kind, calendar, restart rule, start / pause / stop conditions and its target matrix; and adding one from a preset. */
import { token } from '@atlaskit/tokens';
import type { Lookups } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config/paths';
import { Conditions } from './Conditions';
import { errorAt, newMetric, type Draft, type MetricDraft } from './draft';
import { card, MultiPicker, NativeSelect, row, TextField } from './fields';
import { Reorder } from './Reorder';
import { TargetMatrix } from './TargetMatrix';

const PRESET_OPTIONS = [
  { label: 'Time to first response', value: 'response' },
  { label: 'Time to resolution', value: 'resolution' },
  { label: 'Time to next update', value: 'next-update' },
  { label: 'Time waiting for support', value: 'waiting-for-support' },
  { label: 'OLA: time in a team status', value: 'ola' },
] as const;

export function AddMetric({ taken, statuses, onAdd }: { taken: string[]; statuses: readonly string[]; onAdd: (metric: MetricDraft) => void }) {
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

export function MetricEditor(props: {
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
      <TargetMatrix metric={metric} tiers={draft.tiers} priorities={lookups.priorities} calendars={calendars} errors={errors} at={at} change={change} />
    </section>
  );
}
