/** The breaches page's resolvers, answered as the viewing user. */
import Resolver from '@forge/resolver';
import { activeConfig } from '../app/active-config';
import { breaches, compliance, type ReportFilters } from '../app/report';
import type { Metric } from '../domain';
import { JiraClient } from '../jira/client';
import * as lookups from '../jira/lookups';
import { answer, BadRequestError, field, optionalField } from './respond';

const resolver = new Resolver();

function filters(payload: unknown): ReportFilters {
  const raw = (optionalField(payload, 'filters', 'object') ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof raw[name] === 'string' && raw[name] ? (raw[name] as string) : undefined);
  const metric = text('metric');
  if (metric !== undefined && metric !== 'response' && metric !== 'resolution') throw new BadRequestError('filters.metric must be response or resolution');
  return { project: text('project'), policy: text('policy'), priority: text('priority'), assignee: text('assignee'), metric: metric as Metric | undefined };
}

resolver.define('breaches', ({ payload }) =>
  answer(async () => {
    const page = optionalField(payload, 'page', 'number') ?? 0;
    const pageSize = Math.min(optionalField(payload, 'pageSize', 'number') ?? 25, 100);
    const { compiled } = await activeConfig();
    return breaches(JiraClient.asUser(), compiled, filters(payload), { page, pageSize });
  }),
);

resolver.define('compliance', ({ payload }) =>
  answer(async () => {
    const from = Date.parse(field(payload, 'from', 'string'));
    const to = Date.parse(field(payload, 'to', 'string'));
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) throw new BadRequestError('from and to must be instants, from before to');
    const { metric: _metric, ...rest } = filters(payload);
    return compliance(JiraClient.asUser(), { from, to }, rest);
  }),
);

resolver.define('filterOptions', () =>
  answer(async () => {
    const { version } = await activeConfig();
    const jira = JiraClient.asUser();
    const [projects, priorities] = await Promise.all([lookups.projects(jira), lookups.priorities(jira)]);
    return { projects, priorities, policies: version.config.policies.map((policy) => ({ id: policy.id, name: policy.name })) };
  }),
);

export const handler = resolver.getDefinitions();
