/**
 * The admin's working copy of the config: edits are pure functions of the draft, checked on every
 * change with the same zod schema the server uses, errors kept by JSON path for the fields to show.
 */
import type { Config } from '../../src/domain/config/schema';
import { validateConfig } from '../../src/domain/config/validate';
import type { ConfigError } from '../../src/domain/config/paths';
import { olaPreset, PRESETS } from '../../src/domain/config/metric-presets';

export type Draft = Config;

export function edit(draft: Draft, change: (copy: Draft) => void): Draft {
  const copy = structuredClone(draft);
  change(copy);
  return copy;
}

export function problems(draft: Draft): ConfigError[] {
  const result = validateConfig(draft);
  return result.ok ? [] : result.errors;
}

/** The first problem at `path`, or (with `within`) at or below it. */
export function errorAt(errors: readonly ConfigError[], path: string, within = false): string | undefined {
  return errors.find((error) => error.path === path || (within && (error.path.startsWith(`${path}.`) || error.path.startsWith(`${path}[`))))?.message;
}

export function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}

/** `"09:00-12:30, 13:30-18:00"` ⇄ `["09:00-12:30", "13:30-18:00"]`. */

export function newPolicy(draft: Draft): Draft['policies'][number] {
  let n = draft.policies.length + 1;
  while (draft.policies.some((policy) => policy.id === `policy-${n}`)) n++;
  return {
    id: `policy-${n}`,
    name: `New policy ${n}`,
    scope: { projects: [] },
    calendar: draft.calendars[0]?.id ?? '',
    warnAtPercent: 75,
    metrics: [newMetric('response'), newMetric('resolution')],
  };
}

export type MetricDraft = Draft['policies'][number]['metrics'][number];

/** A metric from a preset (`ola` takes the team's status), with no targets yet. */
export function newMetric(preset: keyof typeof PRESETS | 'ola', status = 'Escalated to L2', taken: readonly string[] = []): MetricDraft {
  const base = preset === 'ola' ? olaPreset(status) : PRESETS[preset];
  let id = base.id;
  for (let n = 2; taken.includes(id); n++) id = `${base.id}-${n}`;
  return structuredClone({ ...base, id, targets: {} });
}

export function newTier(draft: Draft): Draft['tiers'][number] {
  let n = draft.tiers.length;
  while (draft.tiers.some((tier) => tier.id === `tier-${n}`)) n++;
  return { id: `tier-${n}`, name: `Tier ${n}`, rules: [] };
}

export function newCalendar(draft: Draft): Draft['calendars'][number] {
  let n = draft.calendars.length + 1;
  while (draft.calendars.some((calendar) => calendar.id === `calendar-${n}`)) n++;
  const day = ['09:00-17:00'];
  return { id: `calendar-${n}`, name: `Calendar ${n}`, timeZone: 'UTC', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: [] };
}

/** An agreement from the first of next month, for a customer to name, with one service level. */
export function newAgreement(draft: Draft): NonNullable<Draft['agreements']>[number] {
  let n = (draft.agreements?.length ?? 0) + 1;
  while (draft.agreements?.some((agreement) => agreement.id === `agreement-${n}`)) n++;
  const today = new Date();
  const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const metric = draft.policies.flatMap((policy) => policy.metrics).find((candidate) => (candidate.kind ?? 'sla') === 'sla')?.id ?? 'response';
  return {
    id: `agreement-${n}`,
    name: `Agreement ${n}`,
    customer: { name: `Customer ${n}`, rules: [] },
    validFrom: next,
    period: 'month',
    timeZone: draft.calendars[0]?.timeZone ?? 'UTC',
    fee: { amount: 0, currency: 'EUR' },
    credits: { atRiskPercent: 10 },
    serviceLevels: [{ id: metric, metric, expected: 95, share: 100 }],
  };
}

export function newServiceLevel(agreement: NonNullable<Draft['agreements']>[number], metric: string): NonNullable<Draft['agreements']>[number]['serviceLevels'][number] {
  let id = metric;
  for (let n = 2; agreement.serviceLevels.some((level) => level.id === id); n++) id = `${metric}-${n}`;
  return { id, metric, expected: 95, share: 50 };
}
