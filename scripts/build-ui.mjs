// Builds the three Custom UI apps with Vite into static/<app>/build, the folders the manifest's
// resources name, with relative asset paths (base './'), as Custom UI serves them from a subpath.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
export const UI_APPS = ['issue-panel', 'admin', 'breaches'];

for (const app of process.argv.slice(2).length ? process.argv.slice(2) : UI_APPS) {
  const root = join(here, '..', 'static', app);
  await build({
    root,
    base: './',
    logLevel: 'warn',
    configFile: false,
    oxc: { jsx: { runtime: 'automatic' } },
    build: { outDir: join(root, 'build'), emptyOutDir: true, sourcemap: process.env.UI_SOURCEMAP === '1', chunkSizeWarningLimit: 2000 },
  });
  console.log(`built static/${app}/build`);
}
