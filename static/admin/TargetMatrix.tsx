/** A metric's targets: a row per priority (and "any other priority"), a column per tier, and each row's calendar. */
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { ConfigError } from '../../src/domain/config/paths';
import { formatPath } from '../../src/domain/config/paths';
import { errorAt, type Draft, type MetricDraft } from './draft';
import { NativeSelect } from './fields';

type Targets = MetricDraft['targets'];
type Cell = Targets[string];

/**
 * A priority's cell. Priority names come from Jira, and one may be `__proto__`: cells are read as
 * own properties only and written with `Object.fromEntries`, never `targets[name] = ...`.
 */
const cellOf = (targets: Targets, priority: string) => (Object.hasOwn(targets, priority) ? targets[priority] : undefined);
const withCell = (targets: Targets, priority: string, cell: Cell | undefined): Targets =>
  Object.fromEntries([...Object.entries(targets).filter(([name]) => name !== priority), ...(cell ? [[priority, cell] as const] : [])]);

export function TargetMatrix({ metric, tiers, priorities, calendars, errors, at, change }: { metric: MetricDraft; tiers: Draft['tiers']; priorities: string[]; calendars: { label: string; value: string }[]; errors: readonly ConfigError[]; at: string; change: (fn: (m: MetricDraft) => void) => void }) {
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
