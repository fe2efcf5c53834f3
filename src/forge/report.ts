/** The breaches page's resolvers, answered as the viewing user. */
import { activeConfig } from '../app/active-config';
import { ForbiddenError, requireAdmin } from '../app/admin';
import { breaches } from '../app/breaches';
import { compliance, complianceTrend, restateCompliance } from '../app/compliance';
import { escalationLog, filterOptions } from '../app/report';
import { restatements } from '../storage/compliance-store';
import { agreementsOverview, excludeCycle, exclusionList, removeExclusion, restate, statementDetail, statementLines } from '../app/statements';
import { isAgent, me, users } from '../jira/lookups';
import { mayBrowseIssue, maySeeAgreement, requireAgreement, requireAllProjects, viewerOf, visibleStatement, type Viewer } from '../app/statement-access';
import type { Person } from '../storage/statement-store';
import { canonicalTimeZone, isSupportedInstant, isValidTimeZone, type CompiledConfig } from '../domain';
import { JiraClient } from '../jira/client';
import { BadRequestError, defineResolvers, type Caller } from './respond';

/**
 * Statements are for the provider's people: agents and admins, never portal customers; and of
 * an agreement only for those who may browse every project it covers (`statement-access.ts`).
 */
async function statementViewer(config: CompiledConfig, agreement?: string): Promise<Viewer> {
  const jira = JiraClient.asUser();
  if (!(await isAgent(jira))) throw new ForbiddenError('Statements are for agents and Jira administrators');
  const viewer = await viewerOf(jira);
  if (agreement !== undefined) requireAgreement(viewer, config, agreement);
  return viewer;
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
  complianceRestatements: async () => {
    const config = await compiledConfig();
    requireAllProjects(await statementViewer(config), config);
    return restatements();
  },
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
    const config = await compiledConfig();
    const viewer = await statementViewer(config);
    const visible = { ...config, agreements: config.agreements.filter((agreement) => maySeeAgreement(viewer, config, agreement)) };
    const agreements = (await agreementsOverview(visible)).map((summary) => ({ ...summary, forecast: summary.forecast && visibleStatement(viewer, summary.forecast) }));
    return { agreements, canAdmin: viewer.admin };
  },
  statement: async ({ agreement, period, version }) => {
    const config = await compiledConfig();
    const viewer = await statementViewer(config, agreement);
    const detail = await statementDetail(config, agreement, period, version);
    return { ...detail, statement: visibleStatement(viewer, detail.statement) };
  },
  statementLines: async ({ agreement, period, version, level, cls, met, cursor }) => {
    const config = await compiledConfig();
    const viewer = await statementViewer(config, agreement);
    const page = await statementLines(config, agreement, period, version, { level, cls, met }, cursor);
    return { ...page, lines: page.lines.filter((line) => mayBrowseIssue(viewer, line.issueKey)) };
  },
  exclusions: async ({ agreement }) => {
    const config = await compiledConfig();
    const viewer = await statementViewer(config, agreement);
    return (await exclusionList(config, agreement)).filter((exclusion) => mayBrowseIssue(viewer, exclusion.issueKey));
  },
  excludeCycle: async ({ agreement, cycleKey, reason }, caller) => excludeCycle(await compiledConfig(), agreement, cycleKey, reason, await adminPerson(caller)),
  removeExclusion: async ({ agreement, cycleKey, reason }, caller) => removeExclusion(await compiledConfig(), agreement, cycleKey, reason, await adminPerson(caller)),
  restate: async ({ agreement, period, reason }, caller) => restate(await compiledConfig(), agreement, period, reason, await adminPerson(caller)),
});
