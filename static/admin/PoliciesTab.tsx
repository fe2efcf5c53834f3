/** Policies in order: scope, calendar, threshold, and their metrics with conditions and target matrices. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { Lookups } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config/paths';
import { edit, errorAt, move, newPolicy, type Draft } from './draft';
import { EscalationsEditor } from './EscalationsEditor';
import { card, row, TextField } from './fields';
import { AddMetric, MetricEditor } from './MetricEditor';
import { PolicyScope } from './PolicyScope';
import { Reorder } from './Reorder';

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
            <PolicyScope policy={policy} lookups={lookups} calendars={calendars} errors={errors} at={at} change={change} />
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
