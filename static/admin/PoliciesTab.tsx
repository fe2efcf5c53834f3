/** Policies in order: scope, calendar, pauses, threshold, reopen behaviour and the target matrix. */
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { Lookups } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config';
import { edit, errorAt, move, newPolicy, type Draft } from './draft';
import { card, MultiPicker, row, SinglePicker, TextField } from './fields';

type Props = { draft: Draft; errors: readonly ConfigError[]; lookups: Lookups; onChange: (draft: Draft) => void };

export function PoliciesTab({ draft, errors, lookups, onChange }: Props) {
  const calendars = [{ label: 'Policy calendar', value: '' }, ...draft.calendars.map((calendar) => ({ label: calendar.name ?? calendar.id, value: calendar.id }))];
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>The first policy whose scope holds an issue's project and type applies to it.</p>
      {draft.policies.map((policy, index) => {
        const at = `policies[${index}]`;
        const change = (fn: (p: Draft['policies'][number]) => void) => onChange(edit(draft, (copy) => fn(copy.policies[index]!)));
        const priorities = [...new Set([...lookups.priorities, ...Object.keys(policy.response.targets), ...Object.keys(policy.resolution.targets)])];
        return (
          <section key={index} style={card} aria-label={`Policy ${index + 1}: ${policy.name}`} data-testid={`policy-${policy.id}`}>
            <div style={{ ...row, justifyContent: 'space-between' }}>
              <h3 style={{ margin: 0, font: token('font.heading.small') }}>
                {index + 1}. {policy.name}
              </h3>
              <div style={{ display: 'flex', gap: token('space.100') }}>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.policies, index, index - 1)))} isDisabled={index === 0}>
                  Move up
                </Button>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.policies, index, index + 1)))} isDisabled={index === draft.policies.length - 1}>
                  Move down
                </Button>
                <Button appearance="subtle" onClick={() => onChange(edit(draft, (copy) => copy.policies.splice(index, 1)))}>
                  Remove
                </Button>
              </div>
            </div>
            <div style={row}>
              <TextField label="Name" value={policy.name} onChange={(value) => change((p) => (p.name = value))} error={errorAt(errors, `${at}.name`)} />
              <TextField label="Id" value={policy.id} onChange={(value) => change((p) => (p.id = value))} error={errorAt(errors, `${at}.id`)} width={180} />
              <TextField
                label="At risk from (% of target)"
                type="number"
                value={String(policy.warnAtPercent ?? 75)}
                onChange={(value) => change((p) => (p.warnAtPercent = Number(value)))}
                error={errorAt(errors, `${at}.warnAtPercent`)}
                width={120}
              />
            </div>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.150') }}>
              <MultiPicker
                label="Projects"
                options={lookups.projects.map((project) => project.key)}
                value={policy.scope.projects}
                onChange={(value) => change((p) => (p.scope.projects = value))}
                error={errorAt(errors, `${at}.scope.projects`, true)}
              />
              <MultiPicker
                label="Issue types (all when empty)"
                options={lookups.issueTypes}
                value={policy.scope.issueTypes ?? []}
                onChange={(value) => change((p) => (value.length ? (p.scope.issueTypes = value) : delete p.scope.issueTypes))}
                error={errorAt(errors, `${at}.scope.issueTypes`, true)}
              />
              <SinglePicker label="Calendar" options={calendars.slice(1)} value={policy.calendar} onChange={(value) => change((p) => (p.calendar = value))} error={errorAt(errors, `${at}.calendar`)} />
              <MultiPicker
                label="Pause while in status"
                options={lookups.statuses}
                value={policy.pauseStatuses ?? []}
                onChange={(value) => change((p) => (p.pauseStatuses = value))}
                error={errorAt(errors, `${at}.pauseStatuses`, true)}
              />
              <SinglePicker
                label="When a resolution is cleared"
                options={[
                  { label: 'Continue with the elapsed time', value: 'continue' },
                  { label: 'Restart from zero', value: 'restart' },
                ]}
                value={policy.resolution.onReopen ?? 'continue'}
                onChange={(value) => change((p) => (p.resolution.onReopen = value as 'continue' | 'restart'))}
              />
            </div>
            <Matrix policy={policy} priorities={priorities} calendars={calendars} errors={errors} at={at} change={change} />
          </section>
        );
      })}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => copy.policies.push(newPolicy(copy))))}>Add policy</Button>
      </div>
    </div>
  );
}

type Policy = Draft['policies'][number];
type Metric = 'response' | 'resolution';
type Targets = Policy['response']['targets'];

/**
 * A priority's cell. Priority names come from Jira, and one may be `__proto__`: cells are read as
 * own properties only and written with `Object.fromEntries`, never `targets[name] = ...`.
 */
const cellOf = (targets: Targets, priority: string) => (Object.hasOwn(targets, priority) ? targets[priority] : undefined);
const withCell = (targets: Targets, priority: string, cell: Targets[string] | undefined): Targets =>
  Object.fromEntries([...Object.entries(targets).filter(([name]) => name !== priority), ...(cell ? [[priority, cell] as const] : [])]);

function Matrix({ policy, priorities, calendars, errors, at, change }: { policy: Policy; priorities: string[]; calendars: { label: string; value: string }[]; errors: readonly ConfigError[]; at: string; change: (fn: (p: Policy) => void) => void }) {
  const set = (metric: Metric, priority: string, field: 'vip' | 'standard' | 'calendar', value: string) =>
    change((p) => {
      const cell = { ...(cellOf(p[metric].targets, priority) ?? { vip: '', standard: '' }) };
      if (field === 'calendar') {
        if (value) cell.calendar = value;
        else delete cell.calendar;
      } else cell[field] = value;
      p[metric].targets = withCell(p[metric].targets, priority, cell.vip || cell.standard || cell.calendar ? cell : undefined);
    });
  const path = (metric: Metric, priority: string, field: string) => `${at}.${metric}.targets${/^[A-Za-z_$][\w$]*$/.test(priority) ? `.${priority}` : `[${JSON.stringify(priority)}]`}.${field}`;
  const cellStyle = { padding: token('space.050'), verticalAlign: 'top' } as const;
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label={`Targets of ${policy.name}`}>
      <thead>
        <tr style={{ font: token('font.body.small'), color: token('color.text.subtle'), textAlign: 'left' }}>
          <th style={cellStyle}>Priority</th>
          <th style={cellStyle}>Response VIP</th>
          <th style={cellStyle}>Response standard</th>
          <th style={cellStyle}>Response calendar</th>
          <th style={cellStyle}>Resolution VIP</th>
          <th style={cellStyle}>Resolution standard</th>
          <th style={cellStyle}>Resolution calendar</th>
        </tr>
      </thead>
      <tbody>
        {priorities.map((priority) => (
          <tr key={priority}>
            <th scope="row" style={{ ...cellStyle, textAlign: 'left', fontWeight: token('font.weight.medium') }}>
              {priority}
            </th>
            {(['response', 'resolution'] as const).flatMap((metric) => {
              const cell = cellOf(policy[metric].targets, priority);
              return [
                ...(['vip', 'standard'] as const).map((tier) => {
                  const error = errorAt(errors, path(metric, priority, tier));
                  return (
                    <td key={`${metric}-${tier}`} style={cellStyle}>
                      <Textfield
                        aria-label={`${priority} ${metric} ${tier === 'vip' ? 'VIP' : 'standard'} target`}
                        value={cell?.[tier] ?? ''}
                        placeholder="none"
                        isCompact
                        isInvalid={!!error}
                        onChange={(event) => set(metric, priority, tier, (event.target as HTMLInputElement).value)}
                      />
                      {error ? (
                        <div role="alert" style={{ font: token('font.body.small'), color: token('color.text.danger') }}>
                          {error}
                        </div>
                      ) : null}
                    </td>
                  );
                }),
                <td key={`${metric}-calendar`} style={cellStyle}>
                  <select
                    aria-label={`${priority} ${metric} calendar`}
                    value={cell?.calendar ?? ''}
                    onChange={(event) => set(metric, priority, 'calendar', event.target.value)}
                    style={{ font: token('font.body'), padding: token('space.050'), borderRadius: token('radius.small'), border: `${token('border.width')} solid ${token('color.border.input')}`, background: token('color.background.input'), color: token('color.text') }}
                  >
                    {calendars.map((calendar) => (
                      <option key={calendar.value} value={calendar.value}>
                        {calendar.label}
                      </option>
                    ))}
                  </select>
                </td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
