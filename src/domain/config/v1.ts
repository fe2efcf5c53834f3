/**
 * The first form of the config document (no `schemaVersion`): VIP rules and two fixed metrics,
 * response and resolution, per policy. Every stored version, export and CLI input written in it
 * keeps working: {@link migrateV1} turns it into the current form on read.
 */
import { z } from 'zod';
import type { Config, MetricConfig } from './schema';
import { CalendarSchema, Duration, Id } from './parts';
import { RESOLUTION, RESPONSE } from './metric-presets';

const TargetCell = z.strictObject({
  vip: Duration,
  standard: Duration,
  calendar: Id.optional(),
});

const Targets = z.record(z.string().min(1), TargetCell);

const PolicyV1 = z.strictObject({
  id: Id,
  name: z.string().min(1, 'must not be empty'),
  scope: z.strictObject({
    projects: z.array(z.string().min(1)).min(1, 'must name at least one project key'),
    issueTypes: z.array(z.string().min(1)).optional(),
  }),
  calendar: Id,
  pauseStatuses: z.array(z.string().min(1)).optional(),
  warnAtPercent: z.number().gt(0).max(100).optional(),
  response: z.strictObject({ targets: Targets }),
  resolution: z.strictObject({ targets: Targets, onReopen: z.enum(['continue', 'restart']).optional() }),
});

export const ConfigV1Schema = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  calendars: z.array(CalendarSchema),
  vip: z.strictObject({ groups: z.array(z.string().min(1)).optional(), accountIds: z.array(z.string().min(1)).optional() }).optional(),
  policies: z.array(PolicyV1),
});

export type ConfigV1 = z.infer<typeof ConfigV1Schema>;

/** Whether a document is in the first form: it names no version, or version 1. */
export function isV1(input: unknown): boolean {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
  const version = (input as { schemaVersion?: unknown }).schemaVersion;
  return version === undefined || version === 1;
}

/**
 * The same config in the current form: tiers `vip` (the VIP rules) and `standard` (the default),
 * and per policy the response and resolution presets with the policy's pause statuses, targets and
 * reopen behaviour. Evaluated, it gives what version 1 gave, with the clock rules of today.
 */
export function migrateV1(config: ConfigV1): Config {
  const rules = [
    ...(config.vip?.groups?.length ? [{ groups: config.vip.groups }] : []),
    ...(config.vip?.accountIds?.length ? [{ accountIds: config.vip.accountIds }] : []),
  ];
  return {
    schemaVersion: 2,
    calendars: config.calendars,
    tiers: [
      { id: 'vip', name: 'VIP', ...(rules.length ? { rules } : {}) },
      { id: 'standard', name: 'Standard' },
    ],
    policies: config.policies.map((policy) => {
      const pause = policy.pauseStatuses?.length ? { pause: { status: policy.pauseStatuses } } : {};
      const metric = (preset: Omit<MetricConfig, 'targets'>, targets: z.infer<typeof Targets>, extra: Partial<MetricConfig> = {}): MetricConfig => ({
        ...preset,
        ...pause,
        ...extra,
        targets: Object.fromEntries(Object.entries(targets).map(([priority, cell]) => [priority, { ...cell }])),
      });
      return {
        id: policy.id,
        name: policy.name,
        scope: { ...policy.scope },
        calendar: policy.calendar,
        ...(policy.warnAtPercent === undefined ? {} : { warnAtPercent: policy.warnAtPercent }),
        metrics: [
          metric(RESPONSE, policy.response.targets),
          metric(RESOLUTION, policy.resolution.targets, { onRestart: policy.resolution.onReopen ?? 'continue' }),
        ],
      };
    }),
  };
}

/** A path in the migrated document as the same place in the first form, for its author. */
export function v1Path(path: string): string {
  return path.replace(/^(policies\[\d+\])\.metrics\[([01])\]/, (_, policy: string, index: string) => `${policy}.${index === '0' ? 'response' : 'resolution'}`);
}
