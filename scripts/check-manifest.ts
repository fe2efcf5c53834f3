/**
 * Checks manifest.yml with Atlassian's own tooling, offline: @forge/manifest's full validation, then
 * @forge/lint's client-side linters (the CLI's `forge lint` needs a login). The scope check reads
 * the Jira spec kept in harness/jira; the other products' specs are empty, as this app calls none of them.
 * Needs the Custom UI builds (the manifest's resources). Exits 1 on any error or warning.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { getClientSideLintersOnly, lint, type LintResult } from '@forge/lint';
import { ProcessorBuilder, ValidationTypes, type ManifestSchema } from '@forge/manifest';
import { StatsigReader } from '@forge/cli-shared';
import { jiraSpecFile } from '../harness/jira/spec';

/** Feature flags answer nothing offline: every reader falls back to its default. */
class OfflineFlags extends StatsigReader {
  async checkGate(): Promise<null> {
    return null;
  }
  async getDynamicConfig(): Promise<null> {
    return null;
  }
}

function sourceFiles(dir: string): string[] {
  const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs');
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'cli' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [relative(process.cwd(), path)] : [];
  });
}

async function main() {
  const emptySpec = join(mkdtempSync(join(tmpdir(), 'forge-lint-')), 'empty.json');
  writeFileSync(emptySpec, JSON.stringify({ openapi: '3.0.1', info: { title: 'empty', version: '0' }, paths: {} }));
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: jiraSpecFile(),
    ...Object.fromEntries(['LOCAL_CONF_SWAGGER', 'LOCAL_CONF_V2_SWAGGER', 'LOCAL_JSM_SWAGGER', 'LOCAL_JSW_SWAGGER', 'LOCAL_BB_SWAGGER'].map((name) => [name, emptySpec])),
  });

  const validation = await ProcessorBuilder.instance().withValidation(ValidationTypes.FULL).build().process();
  const validationProblems = (validation.errors ?? []).map((e) => `manifest.yml:${e.line ?? 0}:${e.column ?? 0} ${e.level}: ${e.message}`);
  if (!validation.success || validationProblems.length) {
    console.error(validationProblems.join('\n') || 'manifest.yml failed validation');
    process.exit(1);
  }

  const manifest = validation.manifestObject!.typedContent as ManifestSchema;
  const logger = { info: () => undefined, debug: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m), trace: () => undefined };
  const flags = new OfflineFlags();
  const linters = await getClientSideLintersOnly(manifest, 'development', logger as never, flags as never);
  const files = sourceFiles(join(__dirname, '..', 'src'));
  const results: LintResult[] = await lint(files, manifest, 'development', logger as never, flags as never, { linter: { mode: 'client-side' }, linters });
  const problems = results.flatMap((result) => [...result.errors, ...result.warnings].map((p) => `${result.file}:${p.line}:${p.column} ${p.message}`));
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`manifest.yml: valid (@forge/manifest full validation), @forge/lint: ${linters.length} client-side linters over ${files.length} files, 0 problems`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
