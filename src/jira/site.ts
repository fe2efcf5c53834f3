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
import { timeZoneOf } from './actions';
import { groupsOf } from './issues';

export type SiteFacts = Pick<EvaluationContext, 'statusCategories' | 'organizationsField'>;

export interface Site {
  readonly groupsOf: (accountId: string) => Promise<string[]>;
  /** Groups read from Jira since the last call (what a job shares with its other lanes and invocations). */
  readonly drainLearntGroups: () => Record<string, string[]>;
  readonly facts: (config: CompiledConfig) => Promise<SiteFacts>;
  /** The issue fields to read beside the ones every evaluation needs: custom fields the config names. */
  readonly fields: (config: CompiledConfig) => Promise<string[]>;
  /** A user's time zone as Jira has it (`undefined` when Jira does not say): for messages written for them. */
  readonly timeZoneOf: (accountId: string) => Promise<string | undefined>;
}

const Statuses = z.array(z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }));
const Fields = z.array(z.object({ id: z.string(), schema: z.object({ custom: z.string().optional() }).optional() }));
const ORGANIZATIONS_TYPE = 'com.atlassian.servicedesk:sd-customer-organizations';
const REQUEST_TYPE_TYPE = 'com.atlassian.servicedesk:vp-origin';

/** Where the site keeps Jira Service Management's organizations and request type (absent: not a service site). */
export interface ServiceFields {
  organizations?: string;
  requestType?: string;
}

/** Reads the site's field list for {@link ServiceFields}: one call. */
export async function serviceFieldsOf(jira: JiraClient): Promise<ServiceFields> {
  const fields = await jira.json((requestJira) => requestJira(route`/rest/api/3/field`), Fields);
  const id = (type: string) => fields.find((field) => field.schema?.custom === type)?.id;
  const [organizations, requestType] = [id(ORGANIZATIONS_TYPE), id(REQUEST_TYPE_TYPE)];
  return { ...(organizations ? { organizations } : {}), ...(requestType ? { requestType } : {}) };
}

/**
 * The site as seen through `jira`, remembered for the rest of the invocation. `stored`: the
 * service fields as looked up when the config was saved (field ids never change), so no
 * invocation asks again. `knownGroups`: reporters' groups a job already read in an earlier
 * invocation (a reporter's tier is decided once per job).
 */
export function siteOf(jira: JiraClient, stored?: ServiceFields, knownGroups: Readonly<Record<string, readonly string[]>> = {}): Site {
  let categories: Promise<Record<string, string>> | undefined;
  let service: Promise<ServiceFields> | undefined;
  const remember = <T>(promise: Promise<T>, forget: () => void) => {
    promise.catch(forget);
    return promise;
  };
  /** Where the site keeps Jira Service Management's organizations and request type: one read of the field list. */
  const serviceFields = (config: CompiledConfig): Promise<ServiceFields> => {
    if (!config.needs.organizations && !config.needs.requestTypes) return Promise.resolve({});
    if (stored) return Promise.resolve(stored);
    service ??= remember(serviceFieldsOf(jira), () => (service = undefined));
    return service;
  };
  const zones = new Map<string, Promise<string | undefined>>();
  const fetchGroups = groupsOf(jira);
  let learnt: Record<string, string[]> = {};
  return {
    drainLearntGroups: () => {
      const drained = learnt;
      learnt = {};
      return drained;
    },
    timeZoneOf: (accountId) => {
      let zone = zones.get(accountId);
      if (!zone) {
        zone = timeZoneOf(jira, accountId).catch(() => undefined);
        zones.set(accountId, zone);
      }
      return zone;
    },
    groupsOf: async (accountId) => {
      const known = Object.hasOwn(knownGroups, accountId) ? knownGroups[accountId] : undefined;
      if (known) return [...known];
      const groups = await fetchGroups(accountId);
      learnt[accountId] = groups;
      return groups;
    },
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
