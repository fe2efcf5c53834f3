/** The breaches page's resolvers, answered as the viewing user. */
import { activeConfig } from '../app/active-config';
import { breaches, compliance, escalationLog, filterOptions } from '../app/report';
import { isSupportedInstant } from '../domain';
import { JiraClient } from '../jira/client';
import { BadRequestError, defineResolvers } from './respond';

const PAGE_SIZE = 25;

export const handler = defineResolvers('report', {
  breaches: async ({ filters, cursor, pageSize }) => {
    const { compiled } = await activeConfig();
    try {
      return await breaches(JiraClient.asUser(), compiled, filters ?? {}, { cursor, pageSize: pageSize ?? PAGE_SIZE });
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestError(error.message);
      throw error;
    }
  },
  compliance: async ({ filters, from, to }) => {
    const period = { from: Date.parse(from), to: Date.parse(to) };
    if (!isSupportedInstant(period.from) || !isSupportedInstant(period.to) || period.to <= period.from) {
      throw new BadRequestError('from, to: instants between 2000 and 2099, from before to');
    }
    return compliance(JiraClient.asUser(), (await activeConfig()).compiled, period, filters ?? {});
  },
  filterOptions: async () => filterOptions(JiraClient.asUser(), (await activeConfig()).compiled),
  escalationLog: async ({ failedOnly }) => escalationLog(JiraClient.asUser(), failedOnly ?? false),
});
