import { formatPath, JiraIssueSchema, type JiraIssue } from '../domain';
import { CliError, readJsonFile } from './files';

/**
 * Reads Jira issues from a file that holds one issue, a JSON array of issues, or a
 * `/rest/api/3/search/jql` response (`{issues: [...]}`).
 */
export function readIssueFile(path: string): JiraIssue[] {
  const json = readJsonFile(path);
  const { items, prefix } = issueList(json);
  return items.map((item, index) => {
    const parsed = JiraIssueSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${path}: ${formatPath([...prefix(index), ...issue.path])}: ${issue.message}`);
  });
}

function issueList(json: unknown): { items: unknown[]; prefix: (index: number) => (string | number)[] } {
  if (Array.isArray(json)) return { items: json, prefix: (index) => [index] };
  const issues = (json as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues)) return { items: issues, prefix: (index) => ['issues', index] };
  return { items: [json], prefix: () => [] };
}
