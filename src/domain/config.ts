/**
 * The config document: calendars, VIP rules and an ordered list of SLA policies. It is the admin
 * page's import/export format, what the backend stores, and the CLI's input. This one zod schema
 * gives its type, its validation (every error names a JSON path and a reason) and its JSON Schema.
 */
import { z } from 'zod';
import { parseDuration } from './duration';
import { isValidTimeZone } from './time-zone';
import { weeklyProblems, WEEKDAYS, type Weekday } from './weekly-hours';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"');

const Duration = z
  .string()
  .superRefine((text, ctx) => {
    const parsed = parseDuration(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
    else if (parsed.ms <= 0) ctx.addIssue({ code: 'custom', message: `"${text}" must be longer than zero` });
  })
  .meta({ description: 'Working time: "30m", "4h", "1h 30m", or ISO 8601 such as "PT1H30M". No days.', examples: ['30m', '1h 30m', 'PT4H'] });

const LocalDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

const Weekly = z
  .union([
    z.literal('24x7'),
    z.strictObject(
      Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(z.string()).optional()])) as Record<
        Weekday,
        z.ZodOptional<z.ZodArray<z.ZodString>>
      >,
    ),
  ])
  .superRefine((weekly, ctx) => {
    for (const problem of weeklyProblems(weekly)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.reason });
  })
  .meta({
    description:
      '"24x7", or per weekday (mon..sun) a list of "HH:MM-HH:MM" intervals; 24:00 may end one; an end before the start runs overnight into the next day.',
  });

export const CalendarSchema = z.strictObject({
  id: Id,
  name: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known IANA time zone` }),
  weekly: Weekly,
  holidays: z.array(z.strictObject({ date: LocalDate, name: z.string().optional() })).optional(),
});

const TargetCell = z.strictObject({
  vip: Duration,
  standard: Duration,
  calendar: Id.optional().meta({ description: 'Calendar id for this cell; the policy calendar when absent.' }),
});

/** Priority name -> target for VIP and standard reporters. */
const Targets = z.record(z.string().min(1), TargetCell).meta({ description: 'Priority name -> {vip, standard, calendar?}' });

export const PolicySchema = z.strictObject({
  id: Id,
  name: z.string().min(1, 'must not be empty'),
  scope: z.strictObject({
    projects: z.array(z.string().min(1)).min(1, 'must name at least one project key'),
    issueTypes: z.array(z.string().min(1)).optional().meta({ description: 'Issue type names; every type when absent.' }),
  }),
  calendar: Id,
  pauseStatuses: z.array(z.string().min(1)).optional().meta({ description: 'Statuses in which both clocks pause.' }),
  warnAtPercent: z.number().gt(0).max(100).optional().meta({ description: 'At risk from this share of the target (default 75).' }),
  response: z.strictObject({ targets: Targets }),
  resolution: z.strictObject({
    targets: Targets,
    onReopen: z.enum(['continue', 'restart']).optional().meta({ description: 'When a resolution is cleared: keep elapsed time (default) or start a new cycle.' }),
  }),
});

export const ConfigSchema = z
  .strictObject({
    calendars: z.array(CalendarSchema),
    vip: z
      .strictObject({
        groups: z.array(z.string().min(1)).optional(),
        accountIds: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    policies: z.array(PolicySchema),
  })
  .superRefine((config, ctx) => {
    const known = new Set<string>();
    config.calendars.forEach((calendar, i) => {
      if (known.has(calendar.id)) ctx.addIssue({ code: 'custom', path: ['calendars', i, 'id'], message: `duplicate calendar id "${calendar.id}"` });
      known.add(calendar.id);
    });
    const policyIds = new Set<string>();
    config.policies.forEach((policy, i) => {
      if (policyIds.has(policy.id)) ctx.addIssue({ code: 'custom', path: ['policies', i, 'id'], message: `duplicate policy id "${policy.id}"` });
      policyIds.add(policy.id);
      const unknown = (id: string | undefined, path: (string | number)[]) => {
        if (id !== undefined && !known.has(id)) ctx.addIssue({ code: 'custom', path, message: `unknown calendar "${id}"` });
      };
      unknown(policy.calendar, ['policies', i, 'calendar']);
      for (const metric of ['response', 'resolution'] as const) {
        for (const [priority, cell] of Object.entries(policy[metric].targets)) {
          unknown(cell.calendar, ['policies', i, metric, 'targets', priority, 'calendar']);
        }
      }
    });
  });

export type Config = z.infer<typeof ConfigSchema>;
export type CalendarConfig = z.infer<typeof CalendarSchema>;
export type PolicyConfig = z.infer<typeof PolicySchema>;

/** One problem with a config document: where (`policies[0].response.targets.High.vip`) and why. */
export interface ConfigError {
  readonly path: string;
  readonly message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

/** Keys that would reach an object's prototype when a document is turned into objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any config document goes; deeper input is refused before it is walked further. */
const MAX_DEPTH = 16;

/** Every forbidden key in `value`, with its path; and a too-deep document as one problem. */
function unsafeKeys(value: unknown, path: PropertyKey[] = [], found: ConfigError[] = []): ConfigError[] {
  if (!value || typeof value !== 'object' || found.length >= 100) return found;
  if (path.length > MAX_DEPTH) {
    found.push({ path: formatPath(path), message: `is nested deeper than ${MAX_DEPTH} levels` });
    return found;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) found.push({ path: formatPath([...path, key]), message: `"${key}" is not allowed as a name` });
    else unsafeKeys((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key], found);
  }
  return found;
}

/** Validates a parsed JSON value as a config document. */
export function validateConfig(input: unknown): ConfigResult {
  const unsafe = unsafeKeys(input);
  if (unsafe.length) return { ok: false, errors: unsafe };
  const result = ConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
}

/** `["policies", 0, "scope"]` -> `policies[0].scope`; the document itself is `$`. */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`))
    .join('');
  return text === '' ? '$' : text.replace(/^\./, '');
}

/** The config document's JSON Schema, generated from {@link ConfigSchema}. */
export function configJsonSchema(): object {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'SLA config document',
  };
}
