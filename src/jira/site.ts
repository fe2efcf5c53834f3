/**
 * What the engine needs to know about the site beside the issue: reporters' groups (tiers by
 * group), status categories (conditions on categories) and the field that holds Jira Service
 * Management organizations (tiers by organization). Each is asked of Jira only when the config
 * needs it, at most once per invocation.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { CompiledConfig, EvaluationContext } from '../domain';
import type { JiraClient } from './client';
import { groupsOf } from './issues';

export type SiteFacts = Pick<EvaluationContext, 'statusCategories' | 'organizationsField'>;

export interface Site {
  readonly groupsOf: (accountId: string) => Promise<string[]>;
  readonly facts: (config: CompiledConfig) => Promise<SiteFacts>;
  /** The issue fields to read beside the ones every evaluation needs: custom fields the config names. */
  readonly fields: (config: CompiledConfig) => Promise<string[]>;
}

const Statuses = z.array(z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }));
const Fields = z.array(z.object({ id: z.string(), schema: z.object({ custom: z.string().optional() }).optional() }));
const ORGANIZATIONS_TYPE = 'com.atlassian.servicedesk:sd-customer-organizations';
const REQUEST_TYPE_TYPE = 'com.atlassian.servicedesk:vp-origin';

interface ServiceFields {
  organizations?: string;
  requestType?: string;
}

/** The site as seen through `jira`, remembered for the rest of the invocation. */
export function siteOf(jira: JiraClient): Site {
  let categories: Promise<Record<string, string>> | undefined;
  let service: Promise<ServiceFields> | undefined;
  const remember = <T>(promise: Promise<T>, forget: () => void) => {
    promise.catch(forget);
    return promise;
  };
  /** Where the site keeps Jira Service Management's organizations and request type: one read of the field list. */
  const serviceFields = (config: CompiledConfig): Promise<ServiceFields> => {
    if (!config.needs.organizations && !config.needs.requestTypes) return Promise.resolve({});
    service ??= remember(
      jira.json((requestJira) => requestJira(route`/rest/api/3/field`), Fields).then((fields) => ({
        organizations: fields.find((field) => field.schema?.custom === ORGANIZATIONS_TYPE)?.id,
        requestType: fields.find((field) => field.schema?.custom === REQUEST_TYPE_TYPE)?.id,
      })),
      () => (service = undefined),
    );
    return service;
  };
  return {
    groupsOf: groupsOf(jira),
    facts: async (config) => {
      if (config.needs.statusCategories && !categories) {
        categories = remember(
          jira.json((requestJira) => requestJira(route`/rest/api/3/status`), Statuses).then((list) => Object.fromEntries(list.flatMap((status) => (status.statusCategory ? [[status.name, status.statusCategory.key]] : [])))),
          () => (categories = undefined),
        );
      }
      const [statusCategories, fields] = await Promise.all([categories, serviceFields(config)]);
      return { ...(statusCategories ? { statusCategories } : {}), ...(fields.organizations ? { organizationsField: fields.organizations } : {}) };
    },
    fields: async (config) => {
      const fields = await serviceFields(config);
      return [...new Set([...config.needs.fields, ...(config.needs.organizations && fields.organizations ? [fields.organizations] : []), ...(config.needs.requestTypes && fields.requestType ? [fields.requestType] : [])])];
    },
  };
}
