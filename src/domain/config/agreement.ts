/**
 * Customer agreements: who the customer is (the rule forms of tiers), when the agreement holds,
 * the tier it gives its customer's issues, how its service is measured (per calendar month or
 * quarter in its own zone) and what a miss costs (service credits, earned back by good periods).
 *
 * Money is kept in hundredths of the currency unit ("cents"), percentages in hundredths of a
 * percent, both as integers, so every figure of a statement is exact.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { Id } from './parts';
import { endsPeriod, startsPeriod, type PeriodUnit } from '../time/period';
import { compileTier, TierRuleSchema, type TierFacts, type TierRule } from './tiers';
import { isValidTimeZone } from '../time/time-zone';
import { hasTwoDecimalsAtMost, hundredthsOf } from './decimal';


const Percent = z
  .number()
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100')
  .refine(hasTwoDecimalsAtMost, 'takes at most two decimals');

const LocalDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const ServiceLevelSchema = z
  .strictObject({
    id: Id,
    name: z.string().min(1, 'must not be empty').optional(),
    metric: Id.meta({ description: 'A customer metric (not an OLA) of the policies.' }),
    priorities: z.array(z.string().min(1)).min(1, 'must name at least one').optional().meta({ description: 'Only cycles of issues at these priorities; every priority when absent.' }),
    expected: Percent.refine((level) => level > 0, 'must be above 0').meta({ description: 'Share of counted cycles that must be met (e.g. 95).' }),
    minimum: Percent.optional().meta({ description: 'Below this level a miss costs the minimum step (e.g. 90).' }),
    share: z
      .number()
      .gt(0, 'must be above 0')
      .max(100, 'must be at most 100')
      .refine(hasTwoDecimalsAtMost, 'takes at most two decimals')
      .meta({ description: 'Percent of the amount at risk this service level carries (shares may add up to more than 100: the cap applies).' }),
  })
  .superRefine((level, ctx) => {
    if (level.minimum !== undefined && level.minimum > level.expected) ctx.addIssue({ code: 'custom', path: ['minimum'], message: `must not be above the expected level (${level.expected})` });
  });

const CreditStepSchema = z.strictObject({
  below: z.union([z.enum(['expected', 'minimum']), Percent]).meta({ description: '"expected", "minimum" or a level: the step applies when the achieved level is below it.' }),
  percentOfShare: z.number().gt(0, 'must be above 0').max(1000, 'must be at most 1000').refine(hasTwoDecimalsAtMost, 'takes at most two decimals'),
});

export const AgreementSchema = z.strictObject({
  id: Id,
  name: z.string().min(1, 'must not be empty'),
  customer: z.strictObject({
    name: z.string().min(1, 'must not be empty'),
    rules: z.array(TierRuleSchema).min(1, 'must hold at least one rule').meta({ description: "Any rule that holds makes an issue's reporter this customer (the rule forms of tiers)." }),
  }),
  validFrom: LocalDate.meta({ description: 'First day of its first period, in its time zone.' }),
  validTo: LocalDate.optional().meta({ description: 'Last day of its last period; open-ended when absent.' }),
  tier: Id.optional().meta({ description: "The tier its customer's issues get while it holds; the tier rules decide when absent." }),
  period: z.enum(['month', 'quarter']),
  timeZone: z.string().refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known IANA time zone` }),
  fee: z.strictObject({
    amount: z.number().min(0, 'must not be negative').max(1e12, 'is too large').refine(hasTwoDecimalsAtMost, 'takes at most two decimals'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  }),
  credits: z.strictObject({
    atRiskPercent: Percent.refine((value) => value > 0, 'must be above 0').meta({ description: 'The amount at risk per period, as a percent of the fee.' }),
    capPercent: Percent.refine((value) => value > 0, 'must be above 0').optional().meta({ description: "A period's credits never exceed this percent of the fee (the amount at risk when absent)." }),
    steps: z
      .array(CreditStepSchema)
      .min(1, 'must hold at least one step')
      .max(10, 'holds at most 10 steps')
      .optional()
      .meta({ description: 'A missed service level costs the largest percentOfShare among the steps whose level it is below (default: below expected 100, below minimum 200).' }),
  }),
  earnBack: z
    .strictObject({ periods: z.number().int('must be a whole number').min(1, 'must be at least 1').max(12, 'must be at most 12') })
    .optional()
    .meta({ description: 'A credit is earned back when its service level meets its expected level in each of the next `periods` periods.' }),
  serviceLevels: z.array(ServiceLevelSchema).min(1, 'must hold at least one service level').max(20, 'holds at most 20 service levels'),
});

export type AgreementConfig = z.infer<typeof AgreementSchema>;
export type ServiceLevelConfig = z.infer<typeof ServiceLevelSchema>;

export const DEFAULT_CREDIT_STEPS: readonly { below: 'expected' | 'minimum' | number; percentOfShare: number }[] = [
  { below: 'expected', percentOfShare: 100 },
  { below: 'minimum', percentOfShare: 200 },
];

/** Integer hundredths of a decimal the schema checked has at most two decimals (a percent, an amount). */
export const hundredths = (value: number): number => hundredthsOf(value)!;

export interface CompiledServiceLevel {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  /** `null`: every priority. */
  readonly priorities: ReadonlySet<string> | null;
  /** Hundredths of a percent. */
  readonly expected: number;
  readonly minimum: number | null;
  readonly share: number;
  /** Steps as thresholds in hundredths of a percent, with their percent of the share (hundredths). */
  readonly steps: readonly { readonly below: number; readonly percentOfShare: number }[];
}

export interface CompiledAgreement {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
  /** Names the rule that makes a reporter this customer, or `null`. */
  readonly test: (facts: TierFacts) => string | null;
  /** `[validFrom, validTo)`, instants; `validTo` is `null` when open-ended. */
  readonly validFrom: number;
  readonly validTo: number | null;
  readonly tier: string | null;
  readonly unit: PeriodUnit;
  readonly timeZone: string;
  readonly currency: string;
  /** Cents. */
  readonly fee: number;
  readonly atRisk: number;
  readonly cap: number;
  readonly earnBackPeriods: number | null;
  readonly serviceLevels: readonly CompiledServiceLevel[];
}

/** Local midnight starting `date` in `timeZone`. */
const midnight = (date: string, timeZone: string, plusDays = 0) => {
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year!, month! - 1, day! + plusDays, timeZone).getTime();
};

/** `round(a / b)`, half up, exactly (a, b ≥ 0). */
export const divideRounded = (a: bigint, b: bigint): number => Number((2n * a + b) / (2n * b));

export function compileAgreement(agreement: AgreementConfig): CompiledAgreement {
  const fee = hundredths(agreement.fee.amount);
  const atRisk = divideRounded(BigInt(fee) * BigInt(hundredths(agreement.credits.atRiskPercent)), 10_000n);
  const cap = agreement.credits.capPercent === undefined ? atRisk : divideRounded(BigInt(fee) * BigInt(hundredths(agreement.credits.capPercent)), 10_000n);
  const customer = compileTier({ id: agreement.id, name: agreement.customer.name, rules: agreement.customer.rules });
  return {
    id: agreement.id,
    name: agreement.name,
    customer: agreement.customer.name,
    test: customer.test,
    validFrom: midnight(agreement.validFrom, agreement.timeZone),
    validTo: agreement.validTo ? midnight(agreement.validTo, agreement.timeZone, 1) : null,
    tier: agreement.tier ?? null,
    unit: agreement.period,
    timeZone: agreement.timeZone,
    currency: agreement.fee.currency,
    fee,
    atRisk,
    cap,
    earnBackPeriods: agreement.earnBack?.periods ?? null,
    serviceLevels: agreement.serviceLevels.map((level) => {
      const expected = hundredths(level.expected);
      const minimum = level.minimum === undefined ? null : hundredths(level.minimum);
      const steps = (agreement.credits.steps ?? DEFAULT_CREDIT_STEPS).flatMap((step) => {
        const below = step.below === 'expected' ? expected : step.below === 'minimum' ? minimum : hundredths(step.below);
        return below === null ? [] : [{ below, percentOfShare: hundredths(step.percentOfShare) }];
      });
      return { id: level.id, name: level.name ?? level.id, metric: level.metric, priorities: level.priorities ? new Set(level.priorities) : null, expected, minimum, share: hundredths(level.share), steps };
    }),
  };
}

/** Whether the agreement holds at `instant`. */
export const holdsAt = (agreement: CompiledAgreement, instant: number) => instant >= agreement.validFrom && (agreement.validTo === null || instant < agreement.validTo);

/** The first agreement (in config order) whose customer the facts describe and which holds at `instant`. */
export function agreementAt(agreements: readonly CompiledAgreement[], facts: TierFacts, instant: number): { agreement: CompiledAgreement; reason: string } | null {
  for (const agreement of agreements) {
    if (!holdsAt(agreement, instant)) continue;
    const reason = agreement.test(facts);
    if (reason !== null) return { agreement, reason };
  }
  return null;
}

/** Problems of an agreement that need the rest of the config: its tier, its metrics, its dates. */
export function agreementProblems(agreement: AgreementConfig, known: { tiers: ReadonlySet<string>; slaMetrics: ReadonlySet<string>; olaMetrics: ReadonlySet<string> }): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (agreement.tier !== undefined && !known.tiers.has(agreement.tier)) problems.push({ path: ['tier'], message: `unknown tier "${agreement.tier}"` });
  if (!startsPeriod(agreement.validFrom, agreement.period)) problems.push({ path: ['validFrom'], message: `must be the first day of a ${agreement.period}` });
  if (agreement.validTo !== undefined) {
    if (!endsPeriod(agreement.validTo, agreement.period)) problems.push({ path: ['validTo'], message: `must be the last day of a ${agreement.period}` });
    if (agreement.validTo < agreement.validFrom) problems.push({ path: ['validTo'], message: 'must not be before validFrom' });
  }
  const ids = new Set<string>();
  agreement.serviceLevels.forEach((level, i) => {
    if (ids.has(level.id)) problems.push({ path: ['serviceLevels', i, 'id'], message: `duplicate service level id "${level.id}"` });
    ids.add(level.id);
    if (known.olaMetrics.has(level.metric) && !known.slaMetrics.has(level.metric)) problems.push({ path: ['serviceLevels', i, 'metric'], message: `"${level.metric}" is an OLA: internal clocks do not count for customers` });
    else if (!known.slaMetrics.has(level.metric)) problems.push({ path: ['serviceLevels', i, 'metric'], message: `unknown metric "${level.metric}"` });
  });
  return problems;
}

/** One customer: the same name (any case) or the same rules. */
const customerKeys = (agreement: AgreementConfig) => [`name:${agreement.customer.name.trim().toLowerCase()}`, `rules:${JSON.stringify(agreement.customer.rules.map(canonicalRule).sort())}`];
const canonicalRule = (rule: TierRule) => JSON.stringify(Object.entries(rule).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, Array.isArray(value) ? [...value].map((v) => v.toLowerCase()).sort() : value]));

/** Pairs of agreements (indexes) of one customer whose validity overlaps: the later of each pair. */
export function overlappingAgreements(agreements: readonly AgreementConfig[]): { index: number; other: number }[] {
  const found: { index: number; other: number }[] = [];
  agreements.forEach((agreement, i) => {
    for (let j = 0; j < i; j++) {
      const other = agreements[j]!;
      if (!customerKeys(agreement).some((key) => customerKeys(other).includes(key))) continue;
      const overlaps = agreement.validFrom <= (other.validTo ?? '9999-12-31') && other.validFrom <= (agreement.validTo ?? '9999-12-31');
      if (overlaps) {
        found.push({ index: i, other: j });
        break;
      }
    }
  });
  return found;
}
