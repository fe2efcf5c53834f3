/**
 * Customer agreements: who the customer is, when the agreement holds, the tier it gives, how its
 * service is measured and what a miss costs (service levels, credits, earn-back). Checked on every
 * change with the server's schema; each problem shows at its field.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { AgreementConfig, ServiceLevelConfig } from '../../src/domain/config/agreement';
import type { ConfigError } from '../../src/domain/config/paths';
import { edit, errorAt, newAgreement, newServiceLevel, type Draft } from './draft';
import { card, listText, NativeSelect, parseListText, row, TextField } from './fields';
import { RulesEditor } from './RulesEditor';

/** A number field's text ⇄ the number (empty: absent). */
const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));
const parseNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function AgreementsTab({ draft, errors, priorities, onChange }: { draft: Draft; errors: readonly ConfigError[]; priorities: readonly string[]; onChange: (draft: Draft) => void }) {
  const agreements = draft.agreements ?? [];
  const customerMetrics = [...new Map(draft.policies.flatMap((policy) => policy.metrics.filter((metric) => (metric.kind ?? 'sla') === 'sla').map((metric) => [metric.id, metric.name] as const))).entries()];
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>
        An agreement measures a customer's service per month or quarter and turns misses into service credits. Statements are written when each period ends; managers find them on the SLA breaches page.
      </p>
      {agreements.map((agreement, index) => (
        <AgreementCard
          key={index}
          agreement={agreement}
          index={index}
          draft={draft}
          errors={errors}
          priorities={priorities}
          customerMetrics={customerMetrics}
          change={(fn) => onChange(edit(draft, (copy) => fn(copy.agreements![index]!)))}
          remove={() => onChange(edit(draft, (copy) => copy.agreements!.splice(index, 1)))}
        />
      ))}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => (copy.agreements = [...(copy.agreements ?? []), newAgreement(copy)])))} testId="add-agreement">
          Add agreement
        </Button>
      </div>
    </div>
  );
}

type Change = (fn: (agreement: AgreementConfig) => void) => void;
type Metrics = readonly (readonly [string, string])[];

/** One agreement: its names, customer, validity, tier, fee and credits, and service levels. */
function AgreementCard(props: { agreement: AgreementConfig; index: number; draft: Draft; errors: readonly ConfigError[]; priorities: readonly string[]; customerMetrics: Metrics; change: Change; remove: () => void }) {
  const { agreement, index, draft, errors, priorities, customerMetrics, change } = props;
  const at = `agreements[${index}]`;
  return (
    <section style={card} aria-label={`Agreement ${agreement.name}`} data-testid={`agreement-${agreement.id}`}>
      <div style={{ ...row, justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>
          {agreement.customer.name}: {agreement.name}
        </h3>
        <Button appearance="subtle" onClick={() => window.confirm(`Remove the agreement ${agreement.name}? Its closed statements stay readable; no new ones are written.`) && props.remove()}>
          Remove agreement
        </Button>
      </div>
      <div style={row}>
        <TextField label="Agreement name" value={agreement.name} onChange={(value) => change((a) => (a.name = value))} error={errorAt(errors, `${at}.name`)} />
        <TextField label="Agreement id" value={agreement.id} onChange={(value) => change((a) => (a.id = value))} error={errorAt(errors, `${at}.id`)} width={160} />
        <TextField label="Customer name" value={agreement.customer.name} onChange={(value) => change((a) => (a.customer.name = value))} error={errorAt(errors, `${at}.customer.name`)} />
      </div>
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Who the customer is</h4>
      <RulesEditor rules={agreement.customer.rules} owner={agreement.customer.name} error={errorAt(errors, `${at}.customer.rules`, true)} onChange={(rules) => change((a) => (a.customer.rules = rules))} />
      <div style={row}>
        <TextField label="Valid from (first day of a period)" type="date" value={agreement.validFrom} onChange={(value) => change((a) => (a.validFrom = value))} error={errorAt(errors, `${at}.validFrom`)} />
        <TextField label="Valid to (last day; empty: open-ended)" type="date" value={agreement.validTo ?? ''} onChange={(value) => change((a) => (value ? (a.validTo = value) : delete a.validTo))} error={errorAt(errors, `${at}.validTo`)} />
        <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
          Measured per
          <NativeSelect label="Measured per" value={agreement.period} options={[{ value: 'month', label: 'Calendar month' }, { value: 'quarter', label: 'Calendar quarter' }]} onChange={(value) => change((a) => (a.period = value as AgreementConfig['period']))} />
        </label>
        <TextField label="Time zone of the periods" value={agreement.timeZone} onChange={(value) => change((a) => (a.timeZone = value))} error={errorAt(errors, `${at}.timeZone`)} width={200} />
        <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
          Tier of its issues
          <NativeSelect
            label="Tier of its issues"
            value={agreement.tier ?? ''}
            options={[{ value: '', label: 'As the tier rules decide' }, ...draft.tiers.map((tier) => ({ value: tier.id, label: tier.name }))]}
            onChange={(value) => change((a) => (value ? (a.tier = value) : delete a.tier))}
          />
        </label>
      </div>
      <FeeAndCredits agreement={agreement} errors={errors} at={at} change={change} />
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Service levels</h4>
      {errorAt(errors, `${at}.serviceLevels`) ? <p style={{ margin: 0, color: token('color.text.danger') }}>{errorAt(errors, `${at}.serviceLevels`)}</p> : null}
      {agreement.serviceLevels.map((level, l) => (
        <ServiceLevelRow
          key={l}
          level={level}
          errors={errors}
          at={`${at}.serviceLevels[${l}]`}
          priorities={priorities}
          customerMetrics={customerMetrics}
          removable={agreement.serviceLevels.length > 1}
          setLevel={(fn) => change((a) => fn(a.serviceLevels[l]!))}
          remove={() => change((a) => a.serviceLevels.splice(l, 1))}
        />
      ))}
      <div>
        <Button onClick={() => change((a) => a.serviceLevels.push(newServiceLevel(a, customerMetrics[0]?.[0] ?? 'response')))}>Add service level</Button>
      </div>
    </section>
  );
}

/** What the agreement costs and what a miss costs: fee, amount at risk, cap, earn-back, credit steps. */
function FeeAndCredits({ agreement, errors, at, change }: { agreement: AgreementConfig; errors: readonly ConfigError[]; at: string; change: Change }) {
  return (
    <>
      <h4 style={{ margin: 0, font: token('font.heading.xsmall') }}>Fee and credits</h4>
      <div style={row}>
        <TextField label="Fee per period" type="number" value={numberText(agreement.fee.amount)} onChange={(value) => change((a) => (a.fee.amount = parseNumber(value) ?? 0))} error={errorAt(errors, `${at}.fee.amount`)} width={140} />
        <TextField label="Currency" value={agreement.fee.currency} onChange={(value) => change((a) => (a.fee.currency = value.toUpperCase()))} error={errorAt(errors, `${at}.fee.currency`)} width={90} />
        <TextField label="At risk (% of fee)" type="number" value={numberText(agreement.credits.atRiskPercent)} onChange={(value) => change((a) => (a.credits.atRiskPercent = parseNumber(value) ?? 0))} error={errorAt(errors, `${at}.credits.atRiskPercent`)} width={140} />
        <TextField label="Cap (% of fee; empty: the amount at risk)" type="number" value={numberText(agreement.credits.capPercent)} onChange={(value) => change((a) => (parseNumber(value) === undefined ? delete a.credits.capPercent : (a.credits.capPercent = parseNumber(value))))} error={errorAt(errors, `${at}.credits.capPercent`)} width={200} />
        <TextField
          label="Earn back after N good periods (empty: none)"
          type="number"
          value={numberText(agreement.earnBack?.periods)}
          onChange={(value) => change((a) => (parseNumber(value) === undefined ? delete a.earnBack : (a.earnBack = { periods: parseNumber(value)! })))}
          error={errorAt(errors, `${at}.earnBack.periods`)}
          width={220}
        />
      </div>
      <TextField
        label="Credit steps: percent of a level's share a miss costs, by how far below (default: below expected 100, below minimum 200)"
        placeholder="expected: 100, minimum: 200, 80: 300"
        value={(agreement.credits.steps ?? []).map((step) => `${step.below}: ${step.percentOfShare}`).join(', ')}
        onChange={(value) =>
          change((a) => {
            const steps = parseListText(value).map((part) => {
              const [below = '', percent = ''] = part.split(':').map((piece) => piece.trim());
              const threshold: 'expected' | 'minimum' | number = below === 'expected' || below === 'minimum' ? below : Number(below);
              return { below: threshold, percentOfShare: Number(percent) };
            });
            if (steps.length) a.credits.steps = steps;
            else delete a.credits.steps;
          })
        }
        error={errorAt(errors, `${at}.credits.steps`, true)}
      />
    </>
  );
}

/** One service level: the metric (and priorities) it counts, the levels expected and at minimum, its share. */
function ServiceLevelRow(props: { level: ServiceLevelConfig; errors: readonly ConfigError[]; at: string; priorities: readonly string[]; customerMetrics: Metrics; removable: boolean; setLevel: (fn: (level: ServiceLevelConfig) => void) => void; remove: () => void }) {
  const { level, errors, at: lat, priorities, customerMetrics, setLevel } = props;
  return (
    <div style={{ ...row, borderTop: `${token('border.width')} solid ${token('color.border')}`, paddingTop: token('space.100') }} data-testid={`service-level-${level.id}`}>
      <TextField label="Name" value={level.name ?? ''} onChange={(value) => setLevel((lv) => (value ? (lv.name = value) : delete lv.name))} width={160} />
      <TextField label="Id" value={level.id} onChange={(value) => setLevel((lv) => (lv.id = value))} error={errorAt(errors, `${lat}.id`)} width={120} />
      <label style={{ display: 'grid', font: token('font.body.small'), color: token('color.text.subtle') }}>
        Metric
        <NativeSelect label={`Metric of ${level.name ?? level.id}`} value={level.metric} options={[...(customerMetrics.some(([id]) => id === level.metric) ? [] : [{ value: level.metric, label: `${level.metric} (unknown)` }]), ...customerMetrics.map(([value, label]) => ({ value, label }))]} onChange={(value) => setLevel((lv) => (lv.metric = value))} />
        {errorAt(errors, `${lat}.metric`) ? <span style={{ color: token('color.text.danger') }}>{errorAt(errors, `${lat}.metric`)}</span> : null}
      </label>
      <TextField label={`Priorities (empty: all; ${priorities.slice(0, 3).join(', ')}…)`} value={listText(level.priorities)} onChange={(value) => setLevel((lv) => (parseListText(value).length ? (lv.priorities = parseListText(value)) : delete lv.priorities))} width={200} />
      <TextField label="Expected %" type="number" value={numberText(level.expected)} onChange={(value) => setLevel((lv) => (lv.expected = parseNumber(value) ?? 0))} error={errorAt(errors, `${lat}.expected`)} width={100} />
      <TextField label="Minimum %" type="number" value={numberText(level.minimum)} onChange={(value) => setLevel((lv) => (parseNumber(value) === undefined ? delete lv.minimum : (lv.minimum = parseNumber(value))))} error={errorAt(errors, `${lat}.minimum`)} width={100} />
      <TextField label="Share of the amount at risk %" type="number" value={numberText(level.share)} onChange={(value) => setLevel((lv) => (lv.share = parseNumber(value) ?? 0))} error={errorAt(errors, `${lat}.share`)} width={120} />
      <Button appearance="subtle" isDisabled={!props.removable} onClick={() => window.confirm(`Remove the service level ${level.name ?? level.id}?`) && props.remove()}>
        Remove
      </Button>
    </div>
  );
}
