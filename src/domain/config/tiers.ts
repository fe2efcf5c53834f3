/**
 * Customer tiers: named, ordered, each with rules that place a reporter in it. The first tier
 * whose rules hold wins; the last tier is the default and has no rules.
 */
import { z } from 'zod';

export const TierRuleSchema = z
  .strictObject({
    accountIds: z.array(z.string().min(1)).min(1, 'must name at least one').optional(),
    groups: z.array(z.string().min(1)).min(1, 'must name at least one').optional().meta({ description: 'Jira group names, matched without regard to case.' }),
    organizations: z.array(z.string().min(1)).min(1, 'must name at least one').optional().meta({ description: 'Jira Service Management organization names, matched without regard to case.' }),
    emailDomains: z
      .array(z.string().regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'must be a domain such as example.com'))
      .min(1, 'must name at least one')
      .optional()
      .meta({ description: "The reporter's e-mail domain (where Jira shows the address), without regard to case; sub-domains do not match." }),
    field: z.string().regex(/^customfield_\d+$/, 'must be a custom field id such as customfield_10050').optional(),
    values: z.array(z.string().min(1)).min(1, 'must name at least one').optional().meta({ description: "With `field`: the field's values that place the reporter in the tier." }),
  })
  .superRefine((rule, ctx) => {
    const forms = (['accountIds', 'groups', 'organizations', 'emailDomains', 'field'] as const).filter((key) => rule[key] !== undefined);
    if (forms.length !== 1) ctx.addIssue({ code: 'custom', message: 'must use exactly one of accountIds, groups, organizations, emailDomains or field' });
    if ((rule.field === undefined) !== (rule.values === undefined)) ctx.addIssue({ code: 'custom', path: [rule.field === undefined ? 'field' : 'values'], message: 'field and values go together' });
  });

export type TierRule = z.infer<typeof TierRuleSchema>;

/** What decides a reporter's tier, as of one instant. */
export interface TierFacts {
  readonly accountId: string | null;
  readonly groups: readonly string[];
  readonly emailAddress: string | null;
  readonly organizations: readonly string[];
  /** Custom field id -> its values (an option's value, a user's id, text as written). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

export interface CompiledTier {
  readonly id: string;
  readonly name: string;
  readonly test: (facts: TierFacts) => string | null;
}

/** Compiles a tier's rules to a test that names the rule that holds (for the panel's "why"), or `null`. */
export function compileTier(tier: { id: string; name: string; rules?: readonly TierRule[] }): CompiledTier {
  const tests = (tier.rules ?? []).map(ruleTest);
  return {
    id: tier.id,
    name: tier.name,
    test: (facts) => {
      for (const test of tests) {
        const reason = test(facts);
        if (reason !== null) return reason;
      }
      return null;
    },
  };
}

const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));
const firstIn = (set: ReadonlySet<string>, values: readonly string[]) => values.find((value) => set.has(value.toLowerCase()));

function ruleTest(rule: TierRule): (facts: TierFacts) => string | null {
  if (rule.accountIds) {
    const ids = new Set(rule.accountIds);
    return (facts) => (facts.accountId !== null && ids.has(facts.accountId) ? 'listed by account' : null);
  }
  if (rule.groups) {
    const groups = lower(rule.groups);
    return (facts) => {
      const group = firstIn(groups, facts.groups);
      return group === undefined ? null : `member of group "${group}"`;
    };
  }
  if (rule.organizations) {
    const organizations = lower(rule.organizations);
    return (facts) => {
      const organization = firstIn(organizations, facts.organizations);
      return organization === undefined ? null : `in organization "${organization}"`;
    };
  }
  if (rule.emailDomains) {
    const domains = lower(rule.emailDomains);
    return (facts) => {
      const domain = facts.emailAddress?.split('@').at(-1)?.toLowerCase();
      return facts.emailAddress?.includes('@') && domain && domains.has(domain) ? `e-mail domain ${domain}` : null;
    };
  }
  const field = rule.field!;
  const values = lower(rule.values!);
  return (facts) => {
    const value = firstIn(values, facts.fields[field] ?? []);
    return value === undefined ? null : `${field} is "${value}"`;
  };
}

/** The tier the facts place a reporter in, and why: the first tier whose rules hold, else the last. */
export function decideTier(tiers: readonly CompiledTier[], facts: TierFacts): { tier: CompiledTier; reason: string } {
  for (const tier of tiers.slice(0, -1)) {
    const reason = tier.test(facts);
    if (reason !== null) return { tier, reason };
  }
  return { tier: tiers.at(-1)!, reason: 'default tier' };
}
