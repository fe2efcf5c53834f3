/**
 * The config document: calendars, customer tiers and an ordered list of SLA policies, each with
 * its metrics. It is the admin
 * page's import/export format, what the backend stores, and the CLI's input. This one zod schema
 * gives its type, its validation (every error names a JSON path and a reason) and its JSON Schema.
 */
import { z } from 'zod';
import type { AgreementConfig } from './agreement';
import { ConditionSchema, PauseSchema } from './conditions';
import { EscalationRuleSchema, MAX_NOTIFICATIONS_PER_CYCLE, notificationsOf } from './escalation-rules';
import { AgreementSchema, agreementProblems, overlappingAgreements } from './agreement';
import { TierRuleSchema } from './tiers';
import { CalendarSchema, Id, MAX_METRICS, TargetValue } from './parts';

/** Escalation rules of one policy: more is a mistake, and each is looked at on every evaluation. */
const MAX_ESCALATIONS = 20;
/** Agreements of one site: each is looked at when an issue's customer is decided. */
const MAX_AGREEMENTS = 100;

export const CONFIG_SCHEMA_VERSION = 2;

/** A tier id names a column of target cells, beside their `calendar`. */
const TierId = Id.refine((id) => id !== 'calendar', '"calendar" is reserved in target cells and cannot name a tier');

/** Per tier id a target; a tier left out takes the default (last) tier's. */
const TargetCell = z
  .object({ calendar: Id.optional().meta({ description: "Calendar id for this cell; the metric's (or the policy's) calendar when absent." }) })
  .catchall(TargetValue)
  .meta({ description: 'Tier id -> target ("30m" or "none"), and an optional calendar.' });

/** Priority name (or `*` for every priority without its own row) -> target per tier. */
const Targets = z.record(z.string().min(1), TargetCell).meta({ description: 'Priority name, or "*" for every other priority -> {tierId: target, calendar?}' });

export const MetricSchema = z.strictObject({
  // A letter first keeps metrics in the policy's order wherever they are keyed by id.
  id: Id.refine((id) => /^[A-Za-z]/.test(id), 'must start with a letter'),
  name: z.string().min(1, 'must not be empty'),
  kind: z.enum(['sla', 'ola']).optional().meta({ description: 'ola: an internal team clock, shown to agents only and reported apart (default sla).' }),
  start: z.array(ConditionSchema).min(1, 'must name at least one condition').meta({ description: 'Starts the clock (or starts it again once stopped).' }),
  pause: PauseSchema.optional(),
  stop: z.array(ConditionSchema).min(1, 'must name at least one condition'),
  onRestart: z.enum(['continue', 'restart']).optional().meta({ description: 'A start after a stop: resume with the elapsed time (default) or start a new cycle from zero.' }),
  calendar: Id.optional().meta({ description: "Calendar of this metric's targets; the policy's when absent." }),
  warnAtPercent: z.number().gt(0).max(100).optional().meta({ description: "At risk from this share of the target; the policy's when absent." }),
  targets: Targets,
});

const Scope = z.strictObject({
  projects: z.array(z.string().min(1)).min(1, 'must name at least one project key'),
  issueTypes: z.array(z.string().min(1)).optional().meta({ description: 'Issue type names; every type when absent.' }),
  requestTypes: z.array(z.string().min(1)).optional().meta({ description: 'Jira Service Management request type names; any (or none) when absent.' }),
  labels: z.array(z.string().min(1)).optional().meta({ description: 'The issue has at least one of these labels.' }),
  components: z.array(z.string().min(1)).optional().meta({ description: 'The issue has at least one of these components.' }),
  field: z
    .strictObject({ id: z.string().regex(/^customfield_\d+$/, 'must be a custom field id such as customfield_10050'), values: z.array(z.string().min(1)).min(1, 'must name at least one') })
    .optional()
    .meta({ description: 'A custom field holds one of these values.' }),
});

export const PolicySchema = z.strictObject({
  id: Id,
  name: z.string().min(1, 'must not be empty'),
  scope: Scope,
  calendar: Id,
  warnAtPercent: z.number().gt(0).max(100).optional().meta({ description: 'At risk from this share of the target (default 75).' }),
  metrics: z.array(MetricSchema).min(1, 'must hold at least one metric').max(MAX_METRICS, `holds at most ${MAX_METRICS} metrics`),
  escalations: z.array(EscalationRuleSchema).max(MAX_ESCALATIONS, `holds at most ${MAX_ESCALATIONS} rules`).optional().meta({ description: 'What to do at points of a metric cycle; each rule fires once per cycle.' }),
});

export const TierSchema = z.strictObject({
  id: TierId,
  name: z.string().min(1, 'must not be empty'),
  rules: z.array(TierRuleSchema).optional().meta({ description: 'Any rule that holds places the reporter in this tier.' }),
});

export const ConfigSchema = z
  .strictObject({
    schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
    calendars: z.array(CalendarSchema),
    tiers: z
      .array(TierSchema)
      .min(1, 'must hold at least one tier')
      .meta({ description: 'Ordered: the first tier whose rules hold decides; the last is the default and has no rules.' }),
    policies: z.array(PolicySchema),
    agreements: z
      .array(AgreementSchema)
      .max(MAX_AGREEMENTS, `holds at most ${MAX_AGREEMENTS} agreements`)
      .optional()
      .meta({ description: 'Customer agreements: service levels per customer, service credits and earn-backs (see README).' }),
  })
  .superRefine((config, ctx) => {
    const known = new Set<string>();
    config.calendars.forEach((calendar, i) => {
      if (known.has(calendar.id)) ctx.addIssue({ code: 'custom', path: ['calendars', i, 'id'], message: `duplicate calendar id "${calendar.id}"` });
      known.add(calendar.id);
    });
    const tierIds = new Set<string>();
    config.tiers.forEach((tier, i) => {
      if (tierIds.has(tier.id)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `duplicate tier id "${tier.id}"` });
      tierIds.add(tier.id);
    });
    const fallback = config.tiers.at(-1);
    if (fallback?.rules?.length) ctx.addIssue({ code: 'custom', path: ['tiers', config.tiers.length - 1, 'rules'], message: 'the last tier is the default and takes no rules' });
    const policyIds = new Set<string>();
    config.policies.forEach((policy, i) => {
      if (policyIds.has(policy.id)) ctx.addIssue({ code: 'custom', path: ['policies', i, 'id'], message: `duplicate policy id "${policy.id}"` });
      policyIds.add(policy.id);
      const unknown = (id: string | undefined, path: (string | number)[]) => {
        if (id !== undefined && !known.has(id)) ctx.addIssue({ code: 'custom', path, message: `unknown calendar "${id}"` });
      };
      unknown(policy.calendar, ['policies', i, 'calendar']);
      const metricIds = new Set<string>();
      policy.metrics.forEach((metric, m) => {
        const at = ['policies', i, 'metrics', m];
        if (metricIds.has(metric.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate metric id "${metric.id}"` });
        metricIds.add(metric.id);
        unknown(metric.calendar, [...at, 'calendar']);
        for (const [priority, cell] of Object.entries(metric.targets)) {
          unknown(cell.calendar, [...at, 'targets', priority, 'calendar']);
          for (const key of Object.keys(cell)) {
            if (key !== 'calendar' && !tierIds.has(key)) ctx.addIssue({ code: 'custom', path: [...at, 'targets', priority, key], message: `unknown tier "${key}"` });
          }
          if (fallback && !Object.hasOwn(cell, fallback.id)) {
            ctx.addIssue({ code: 'custom', path: [...at, 'targets', priority], message: `must give the default tier "${fallback.id}" a target (or "none")` });
          }
        }
      });
      const ruleIds = new Set<string>();
      (policy.escalations ?? []).forEach((rule, r) => {
        const at = ['policies', i, 'escalations', r];
        if (ruleIds.has(rule.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate rule id "${rule.id}"` });
        ruleIds.add(rule.id);
        if (rule.metric !== '*' && !metricIds.has(rule.metric)) ctx.addIssue({ code: 'custom', path: [...at, 'metric'], message: `unknown metric "${rule.metric}"` });
        rule.when?.tiers?.forEach((tier, t) => {
          if (!tierIds.has(tier)) ctx.addIssue({ code: 'custom', path: [...at, 'when', 'tiers', t], message: `unknown tier "${tier}"` });
        });
      });
      for (const metric of metricIds) {
        const sent = (policy.escalations ?? []).filter((rule) => rule.metric === '*' || rule.metric === metric).reduce((sum, rule) => sum + notificationsOf(rule), 0);
        if (sent > MAX_NOTIFICATIONS_PER_CYCLE) {
          ctx.addIssue({ code: 'custom', path: ['policies', i, 'escalations'], message: `may send ${sent} notifications for one issue's ${metric} cycle, more than ${MAX_NOTIFICATIONS_PER_CYCLE}: name fewer people, or notify in fewer rules` });
        }
      }
    });
    checkAgreements(config, tierIds, ctx);
  });

function checkAgreements(config: { policies: PolicyConfig[]; agreements?: AgreementConfig[] }, tiers: ReadonlySet<string>, ctx: z.RefinementCtx) {
  const agreements = config.agreements ?? [];
  const metrics = config.policies.flatMap((policy) => policy.metrics);
  const known = {
    tiers,
    slaMetrics: new Set(metrics.filter((metric) => (metric.kind ?? 'sla') === 'sla').map((metric) => metric.id)),
    olaMetrics: new Set(metrics.filter((metric) => metric.kind === 'ola').map((metric) => metric.id)),
  };
  const ids = new Set<string>();
  agreements.forEach((agreement, i) => {
    if (ids.has(agreement.id)) ctx.addIssue({ code: 'custom', path: ['agreements', i, 'id'], message: `duplicate agreement id "${agreement.id}"` });
    ids.add(agreement.id);
    for (const problem of agreementProblems(agreement, known)) ctx.addIssue({ code: 'custom', path: ['agreements', i, ...problem.path], message: problem.message });
  });
  for (const { index, other } of overlappingAgreements(agreements)) {
    ctx.addIssue({ code: 'custom', path: ['agreements', index, 'validFrom'], message: `overlaps agreement "${agreements[other]!.id}" of the same customer` });
  }
}

export type Config = z.infer<typeof ConfigSchema>;
export type CalendarConfig = z.infer<typeof CalendarSchema>;
export type PolicyConfig = z.infer<typeof PolicySchema>;
export type MetricConfig = z.infer<typeof MetricSchema>;
export type TierConfig = z.infer<typeof TierSchema>;
export type TargetCellConfig = MetricConfig['targets'][string];

/** The config document's JSON Schema, generated from {@link ConfigSchema}. */
export function configJsonSchema(): object {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'SLA config document',
  };
}
