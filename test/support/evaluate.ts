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
export function evaluateJson(json: unknown, now: string, options: { config?: Config; reporterGroups?: string[] } = {}) {
  const context: EvaluationContext = { now: Date.parse(now), reporterGroups: options.reporterGroups ?? [] };
  return evaluateIssue(buildTimeline(JiraIssueSchema.parse(json)), compileConfig(options.config ?? loadExampleConfig()), context);
}
