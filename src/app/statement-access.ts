/**
 * Who sees what of agreements and compliance. A statement names issues, times, a customer and
 * money: a viewer sees an agreement's statements, exclusions and cycle lines only if they may
 * browse every project its cycles can come from (the projects of the policies that hold its
 * service levels' metrics), or administer Jira; and a line from an issue they cannot browse is
 * never sent, whatever the agreement covers now. A compliance restatement covers every project:
 * it is shown to admins and to those who may browse every project of the policies.
 */
import type { CompiledAgreement, CompiledConfig } from '../domain';
import type { JiraClient } from '../jira/client';
import { browsableProjects, isJiraAdmin } from '../jira/lookups';
import { ForbiddenError } from './admin';

export interface Viewer {
  readonly admin: boolean;
  /** Project keys the viewer may browse. */
  readonly browsable: ReadonlySet<string>;
}

export async function viewerOf(jira: JiraClient): Promise<Viewer> {
  const [admin, browsable] = await Promise.all([isJiraAdmin(jira), browsableProjects(jira)]);
  return { admin, browsable };
}

/** The projects an agreement's cycles can come from: those of the policies holding one of its service levels' metrics. */
export function agreementProjects(config: CompiledConfig, agreement: CompiledAgreement): Set<string> {
  const metrics = new Set(agreement.serviceLevels.map((level) => level.metric));
  return new Set(config.policies.filter((policy) => policy.metrics.some((metric) => metrics.has(metric.id))).flatMap((policy) => [...policy.projects]));
}

const browsesAll = (viewer: Viewer, projects: Iterable<string>) => viewer.admin || [...projects].every((project) => viewer.browsable.has(project));

export const maySeeAgreement = (viewer: Viewer, config: CompiledConfig, agreement: CompiledAgreement): boolean => browsesAll(viewer, agreementProjects(config, agreement));

/** Refuses a viewer who may not see the agreement. */
export function requireAgreement(viewer: Viewer, config: CompiledConfig, agreementId: string): void {
  const agreement = config.agreements.find((candidate) => candidate.id === agreementId);
  if (agreement && !maySeeAgreement(viewer, config, agreement)) throw new ForbiddenError('Only those who may browse every project of this agreement, and Jira administrators, see its statements');
}

/** The project of an issue key (`SUP-12` → `SUP`). */
const projectOf = (issueKey: string) => issueKey.slice(0, issueKey.lastIndexOf('-'));

/** Whether a line, an exclusion or any item naming an issue may be sent to the viewer. */
export const mayBrowseIssue = (viewer: Viewer, issueKey: string): boolean => viewer.admin || viewer.browsable.has(projectOf(issueKey));

/** A statement as the viewer may see it: the exclusions it applied that name issues they cannot browse left out. */
export function visibleStatement<T extends { readonly exclusions: readonly { readonly issueKey: string }[] }>(viewer: Viewer, statement: T): T {
  return { ...statement, exclusions: statement.exclusions.filter((exclusion) => mayBrowseIssue(viewer, exclusion.issueKey)) };
}

/** Refuses a viewer who may not see compliance restatements (they cover every project). */
export function requireAllProjects(viewer: Viewer, config: CompiledConfig): void {
  if (!browsesAll(viewer, config.policies.flatMap((policy) => [...policy.projects]))) throw new ForbiddenError('Only those who may browse every project of the SLA policies, and Jira administrators, see compliance restatements');
}
