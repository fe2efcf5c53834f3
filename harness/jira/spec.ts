/**
 * Atlassian's OpenAPI spec of the Jira Cloud platform REST API v3, kept in the repository
 * (gzipped; see `harness/jira/SPEC.md` for its source and checksum) so that a clone anywhere
 * routes, validates and lints against the same contract.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const JIRA_SPEC_GZ = join(__dirname, 'swagger-v3.v3.json.gz');
/** sha256 of the uncompressed spec as Atlassian published it. */
export const JIRA_SPEC_SHA256 = '1f0911c58a45c712ba748f6b2b71bad688a0d28283296e6d24c7b2cc0d304624';

let text: string | undefined;

/** The spec's JSON text, checked against its checksum once per process. */
export function jiraSpecText(): string {
  if (text === undefined) {
    const raw = gunzipSync(readFileSync(JIRA_SPEC_GZ));
    const sha = createHash('sha256').update(raw).digest('hex');
    if (sha !== JIRA_SPEC_SHA256) throw new Error(`${JIRA_SPEC_GZ} does not hold the expected spec (sha256 ${sha})`);
    text = raw.toString('utf8');
  }
  return text;
}

/** A plain file holding the spec, for tools that read a path (`@forge/lint`'s scope check). */
export function jiraSpecFile(): string {
  const dir = join(tmpdir(), `sla-jira-spec-${JIRA_SPEC_SHA256.slice(0, 12)}`);
  const file = join(dir, 'swagger-v3.v3.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, jiraSpecText());
  }
  return file;
}
