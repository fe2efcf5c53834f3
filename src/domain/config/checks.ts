/**
 * Checks of a valid config that the schema cannot make: conditions that name a status, priority
 * or field the site does not have (as far as the given names tell), and metrics that can never
 * run as written. They are warnings: the config works, but probably not as meant.
 */
import type { Condition } from './conditions';
import type { Config, MetricConfig } from './schema';
import { formatPath, type ConfigError } from './paths';
import { ANY_PRIORITY } from './parts';

/** Names the site is known to have (from exported issues, or Jira's lists); a list left out is not checked. */
export interface KnownNames {
  readonly statuses?: ReadonlySet<string>;
  readonly priorities?: ReadonlySet<string>;
}

const SYSTEM_FIELDS = new Set(['priority', 'labels', 'components', 'reporter', 'summary', 'description', 'duedate', 'fixVersions', 'versions', 'issuetype']);

export function configWarnings(config: Config, known: KnownNames = {}): ConfigError[] {
  const warnings: ConfigError[] = [];
  const warn = (path: readonly (string | number)[], message: string) => warnings.push({ path: formatPath(path), message });
  const statuses = known.statuses && new Set([...known.statuses].map((name) => name.toLowerCase()));
  config.policies.forEach((policy, p) => {
    policy.metrics.forEach((metric, m) => {
      const at = ['policies', p, 'metrics', m];
      const checkConditions = (list: readonly Condition[], key: 'start' | 'stop') =>
        list.forEach((condition, c) => {
          if ((condition.on === 'status-entered' || condition.on === 'status-left') && statuses) {
            for (const name of condition.status ?? []) if (!statuses.has(name.toLowerCase())) warn([...at, key, c, 'status'], `no issue given has the status "${name}"`);
          }
          if (condition.on === 'field-changed' && !SYSTEM_FIELDS.has(condition.field) && !/^customfield_\d+$/.test(condition.field)) {
            warn([...at, key, c, 'field'], `"${condition.field}" is neither a Jira field such as "priority" or "labels" nor a custom field id such as "customfield_10010"`);
          }
        });
      checkConditions(metric.start, 'start');
      checkConditions(metric.stop, 'stop');
      if (statuses) for (const name of metric.pause?.status ?? []) if (!statuses.has(name.toLowerCase())) warn([...at, 'pause', 'status'], `no issue given has the status "${name}"`);
      for (const problem of neverRuns(metric)) warn(at, problem);
      if (known.priorities) {
        for (const priority of Object.keys(metric.targets)) {
          if (priority !== ANY_PRIORITY && !known.priorities.has(priority)) warn([...at, 'targets', priority], `no issue given has the priority "${priority}"`);
        }
      }
    });
  });
  return warnings;
}

/** Why a metric would never count any time, if it would not. */
function neverRuns(metric: MetricConfig): string[] {
  const problems: string[] = [];
  if (metric.stop.some((condition) => condition.on === 'created')) problems.push('a stop condition "created" stops the clock at creation, every time');
  const paused = new Set((metric.pause?.status ?? []).map((name) => name.toLowerCase()));
  const entered = metric.start.flatMap((condition) => (condition.on === 'status-entered' ? (condition.status ?? []) : []));
  const always = entered.length > 0 && metric.start.every((condition) => condition.on === 'status-entered') && entered.every((name) => paused.has(name.toLowerCase()));
  if (always) problems.push(`it starts only on entering ${entered.map((name) => `"${name}"`).join(' or ')}, where it is paused`);
  return problems;
}
