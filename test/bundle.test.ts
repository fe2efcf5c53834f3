/**
 * The app as `forge deploy` would ship it: bundled by Atlassian's own bundler (offline, see
 * `scripts/bundle-check.ts`), every handler the manifest names exported, and the bundle, not the
 * sources, answering on the local Forge runtime.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createWorld, PEOPLE } from '../harness/world';
import { loadExampleConfig } from './support/evaluate';

const ROOT = resolve(__dirname, '..');

it('builds with @forge/bundler, exports every handler of the manifest, and answers from the bundle', async () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bundle-check.ts'], { cwd: ROOT, encoding: 'utf8' });
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as { outputDir: string; handlers: { handler: string; exported: boolean }[]; additionalOutputs: string[] };
  const world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => require(join(report.outputDir, 'index.cjs')) as Record<string, unknown> });
  try {
    expect(report.handlers.length).toBeGreaterThanOrEqual(10);
    expect(report.handlers.filter((handler) => !handler.exported)).toEqual([]);
    expect(report.additionalOutputs).toEqual(expect.arrayContaining(['__forge__.cjs', 'runtime.json']));
    expect(await world.forge.invoke('sla-admin-page', 'getConfig', {}, { accountId: PEOPLE.admin })).toMatchObject({ ok: true, value: { version: 0 } });
    expect(await world.forge.invoke('sla-admin-page', 'saveConfig', { config: loadExampleConfig(), baseVersion: 0 }, { accountId: PEOPLE.admin })).toMatchObject({ ok: true, value: { saved: { version: 1 } } });
    await world.forge.settle();
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'from the bundle', reporter: PEOPLE.customer, priority: 'High' });
    await world.forge.settle();
    expect(await world.forge.invoke('sla-issue-panel', 'getSla', {}, { accountId: PEOPLE.agent, extension: { issue: { key: issue.key } } })).toMatchObject({ ok: true, value: { kind: 'sla' } });
    expect(world.model.issue(issue.key)!.properties.get('sla')).toMatchObject({ policy: 'support' });
  } finally {
    world.close();
    rmSync(report.outputDir, { recursive: true, force: true });
  }
}, 180_000);
