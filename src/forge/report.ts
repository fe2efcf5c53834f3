/** The breaches page's resolvers, answered as the viewing user. */
import { activeConfig } from '../app/active-config';
import { ForbiddenError, requireAdmin } from '../app/admin';
import { breaches } from '../app/breaches';
import { compliance, complianceTrend, restateCompliance } from '../app/compliance';
import { escalationLog, filterOptions } from '../app/report';
import { restatements } from '../storage/compliance-store';
import { agreementsOverview, excludeCycle, exclusionList, removeExclusion, restate, statementDetail, statementLines } from '../app/statements';
import { isAgent, isJiraAdmin, me, users } from '../jira/lookups';
import type { Person } from '../storage/statement-store';
import { canonicalTimeZone, isSupportedInstant, isValidTimeZone } from '../domain';
import { JiraClient } from '../jira/client';
import { BadRequestError, defineResolvers, type Caller } from './respond';

/** Statements are for the provider's people: agents and admins, never portal customers. */
async function requireAgent(): Promise<void> {
  if (!(await isAgent(JiraClient.asUser()))) throw new ForbiddenError();
}

/** An admin's action on statements: checked an admin first, recorded by name. */
async function adminPerson(caller: Caller): Promise<Person> {
  await requireAdmin(caller.accountId);
  const person = await me(JiraClient.asUser());
  return { accountId: person.accountId, name: person.name };
}

const compiledConfig = async () => (await activeConfig()).compiled;

const PAGE_SIZE = 25;

export const handler = defineResolvers('report', {
  breaches: async ({ filters, cursor, pageSize }) => {
    for (const [field, text] of Object.entries({ from: filters?.dates?.from, to: filters?.dates?.to })) {
      if (text !== undefined && !isSupportedInstant(Date.parse(text))) throw new BadRequestError(`filters.dates.${field}: an instant between 2000 and 2099, such as 2026-11-01T00:00:00Z`);
    }
    const { compiled } = await activeConfig();
    try {
      return await breaches(JiraClient.asUser(), compiled, filters ?? {}, { cursor, pageSize: pageSize ?? PAGE_SIZE });
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestError(error.message);
      throw error;
    }
  },
  compliance: async ({ filters, from, to, by }) => {
    const period = { from: Date.parse(from), to: Date.parse(to) };
    if (!isSupportedInstant(period.from) || !isSupportedInstant(period.to) || period.to <= period.from) {
      throw new BadRequestError('from, to: instants between 2000 and 2099, from before to');
    }
    return compliance(JiraClient.asUser(), (await activeConfig()).compiled, period, filters ?? {}, by);
  },
  complianceTrend: async ({ filters, timeZone, months }) => {
    const zone = isValidTimeZone(timeZone) ? canonicalTimeZone(timeZone) : null;
    if (!zone) throw new BadRequestError(`timeZone: "${timeZone}" is not a known IANA time zone`);
    return complianceTrend(JiraClient.asUser(), await compiledConfig(), filters ?? {}, zone, months ?? 12);
  },
  complianceRestatements: async () => restatements(),
  restateCompliance: async ({ from, to, reason }, caller) => {
    const by = await adminPerson(caller);
    try {
      return await restateCompliance(Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`) + 86_400_000, by, reason);
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestError(error.message);
      throw error;
    }
  },
  filterOptions: async () => filterOptions(JiraClient.asUser(), (await activeConfig()).compiled),
  escalationLog: async ({ failedOnly }) => escalationLog(JiraClient.asUser(), failedOnly ?? false),
  // Jira's user search, as the viewer: whom they may see, by name (an assignee to filter on).
  findPeople: async ({ query }) => users(JiraClient.asUser(), query),
  agreements: async () => {
    await requireAgent();
    const [agreements, canAdmin] = await Promise.all([agreementsOverview(await compiledConfig()), isJiraAdmin(JiraClient.asUser())]);
    return { agreements, canAdmin };
  },
  statement: async ({ agreement, period, version }) => {
    await requireAgent();
    return statementDetail(await compiledConfig(), agreement, period, version);
  },
  statementLines: async ({ agreement, period, version, level, cls, met, cursor }) => {
    await requireAgent();
    return statementLines(await compiledConfig(), agreement, period, version, { level, cls, met }, cursor);
  },
  exclusions: async ({ agreement }) => {
    await requireAgent();
    return exclusionList(await compiledConfig(), agreement);
  },
  excludeCycle: async ({ agreement, cycleKey, reason }, caller) => excludeCycle(await compiledConfig(), agreement, cycleKey, reason, await adminPerson(caller)),
  removeExclusion: async ({ agreement, cycleKey, reason }, caller) => removeExclusion(await compiledConfig(), agreement, cycleKey, reason, await adminPerson(caller)),
  restate: async ({ agreement, period, reason }, caller) => restate(await compiledConfig(), agreement, period, reason, await adminPerson(caller)),
});
