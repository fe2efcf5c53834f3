/**
 * Bundles the app's Forge functions with Atlassian's own bundler (`@forge/bundler`, the library
 * `forge deploy` runs: its Node bundler and webpack configuration), offline, then loads the bundle
 * and checks that every handler `manifest.yml` names is exported as a function. The one step of
 * `forge deploy` that needs the network, fetching Forge's Node runtime wrapper from Atlassian's CDN,
 * is replaced by the bundler's own `LocalWrapperProvider` reading a stand-in wrapper
 * (`harness/forge-runtime/dist`); the wrapper is only copied beside the bundle, never into it.
 *
 * `tsx scripts/bundle-check.ts` prints one JSON line: the bundle's files and size, and each handler.
 */
import { ConfigFile, FileSystemReader, FileSystemWriter, type Logger } from '@forge/cli-shared';
import { getEntryPoints, getNodeBundler, LocalWrapperProvider } from '@forge/bundler';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

const quiet: Logger = { traceEnabled: false, debugEnabled: false, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (message) => console.error(message), error: (error) => console.error(error) };

async function main() {
  process.chdir(ROOT);
  const reader = new FileSystemReader();
  const config = new ConfigFile(reader, new FileSystemWriter());
  const handlers = await config.getAppHandlers();
  const bundler = getNodeBundler(quiet, new LocalWrapperProvider(reader, join(ROOT, 'harness/forge-runtime')), config);
  const output = await bundler.bundle({ appDirectory: ROOT, entryPoints: getEntryPoints(handlers) });
  const files = readdirSync(output.outputDir);
  const checked = handlers.map(({ module, func }) => {
    const loaded = require(join(output.outputDir, `${module}.cjs`)) as Record<string, unknown>;
    return { handler: `${module}.${func}`, exported: typeof loaded[func] === 'function' };
  });
  const bytes = files.filter((file) => file.endsWith('.cjs')).reduce((sum, file) => sum + statSync(join(output.outputDir, file)).size, 0);
  console.log(JSON.stringify({ outputDir: output.outputDir, files: files.sort(), bundleBytes: bytes, additionalOutputs: [...(output.additionalOutputs?.keys() ?? [])].sort(), handlers: checked }));
  if (checked.some((handler) => !handler.exported)) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`The bundle did not build: ${error.message}`);
  process.exitCode = 1;
});
