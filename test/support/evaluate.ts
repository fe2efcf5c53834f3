import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTimeline,
  compileConfig,
  evaluateIssue,
  JiraIssueSchema,
  validateConfig,
  type Config,
  type EvaluationContext,
} from '../../src/domain';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

export function loadExampleConfig(): Config {
  const result = validateConfig(JSON.parse(readFileSync(join(EXAMPLES, 'sla-config.json'), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** Parses Jira JSON, builds its timeline and evaluates it, as the backend and the CLI do. */
export function evaluateJson(json: unknown, now: string, options: { config?: Config } & Omit<EvaluationContext, 'now'> = {}) {
  const { config, ...rest } = options;
  const context: EvaluationContext = { reporterGroups: [], ...rest, now: Date.parse(now) };
  return evaluateIssue(buildTimeline(JiraIssueSchema.parse(json)), compileConfig(config ?? loadExampleConfig()), context);
}

/** A metric of the example's first policy, to change in a test. */
export function exampleMetric(config: Config, id: string): Config['policies'][number]['metrics'][number] {
  const metric = config.policies[0]!.metrics.find((candidate) => candidate.id === id);
  if (!metric) throw new Error(`The example's first policy has no metric "${id}"`);
  return metric;
}

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

/**
 * A config of one policy (project SUP) with `metrics`, on two plain calendars: `berlin`
 * (Mon-Fri 09:00-17:00 Europe/Berlin, the policy's) and `new-york` (Mon-Fri 09:00-17:00
 * America/New_York). Tiers: `vip` (account `vip-1`) and `standard`, unless given.
 */
export function metricsConfig(metrics: Config['policies'][number]['metrics'], tiers?: Config['tiers']): Config {
  const config = {
    schemaVersion: 2,
    calendars: [
      { id: 'berlin', name: 'Berlin hours', timeZone: 'Europe/Berlin', weekly: weekdays(['09:00-17:00']) },
      { id: 'new-york', name: 'New York hours', timeZone: 'America/New_York', weekly: weekdays(['09:00-17:00']) },
    ],
    tiers: tiers ?? [
      { id: 'vip', name: 'VIP', rules: [{ accountIds: ['vip-1'] }] },
      { id: 'standard', name: 'Standard' },
    ],
    policies: [{ id: 'support', name: 'Support', scope: { projects: ['SUP'] }, calendar: 'berlin', metrics }],
  };
  const result = validateConfig(config);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}
