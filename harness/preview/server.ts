/**
 * `npm start`: the local preview. A page that hosts the three Custom UI apps as Jira would (an issue
 * view with the panel beside it, the admin page, the breaches page), their resolvers running on the
 * local Forge host against the Jira stand-in with demo data. The world clock follows real time and
 * can be moved on; the sweep runs every five minutes of world time. Admin edits persist in
 * `.local/preview-kvs.json` until "Reset demo".
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { SLA_PROPERTY_KEY, type Config } from '../../src/domain';
import { createWorld, PEOPLE, ROOT, type World } from '../world';
import { demoConfig, seedDemo } from './demo';

const EXAMPLE_CONFIG = join(ROOT, 'examples', 'sla-config.json');
const FIVE_MINUTES = 5 * 60_000;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };
const MODULES: Record<string, string> = { 'issue-panel': 'sla-issue-panel', admin: 'sla-admin-page', breaches: 'sla-breaches-page' };

export interface Preview {
  url: string;
  world(): World;
  close(): Promise<void>;
}

export interface PreviewOptions {
  port?: number;
  kvsFile?: string;
  /** Where the world clock starts (default: now); it then follows real time. */
  start?: number;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const kvsFile = options.kvsFile ?? join(ROOT, '.local', 'preview-kvs.json');
  let world = await buildWorld(kvsFile, options.start ?? Date.now());
  let lastSweep = world.clock.now();
  const sweepTimer = setInterval(() => {
    if (world.clock.now() - lastSweep < FIVE_MINUTES) return;
    lastSweep = world.clock.now();
    void world.forge.runScheduled('sla-breach-sweep').catch((error: unknown) => console.error('sweep:', error));
  }, 1000);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: (error as Error).message }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refused = refusal(request, port);
    if (refused) return send(response, refused.status, { message: refused.message });
    if (request.method === 'POST') {
      const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
      switch (url.pathname) {
        case '/preview/bridge':
          return send(response, 200, { result: await bridge(world, body) });
        case '/preview/clock': {
          world.clock.advance(Number(body.advanceMs ?? 0));
          // `sweep: false` moves time alone, as between two runs of the scheduled sweep.
          if (body.sweep !== false) {
            lastSweep = world.clock.now();
            await world.forge.runScheduled('sla-breach-sweep');
          }
          return send(response, 200, { now: world.clock.now() });
        }
        case '/preview/act':
          act(world, body);
          await world.forge.settle();
          return send(response, 200, { ok: true });
        case '/preview/reset':
          world.close();
          rmSync(kvsFile, { force: true });
          world = await buildWorld(kvsFile, Date.now());
          lastSweep = world.clock.now();
          return send(response, 200, { ok: true });
      }
      return send(response, 404, { message: 'Not found' });
    }
    if (url.pathname === '/' || url.pathname === '/index.html') return sendFile(response, join(__dirname, 'host.html'));
    if (url.pathname === '/preview/bridge-shim.js') return sendFile(response, join(__dirname, 'bridge-shim.js'));
    if (url.pathname === '/preview/theme.css') return sendText(response, 200, themeCss(), 'text/css');
    if (url.pathname === '/preview/state') return send(response, 200, state(world));
    const app = /^\/apps\/([a-z-]+)\/(.*)$/.exec(url.pathname);
    if (app && MODULES[app[1]!]) return sendApp(response, app[1]!, app[2] || 'index.html');
    return send(response, 404, { message: 'Not found' });
  }

  let port = 0;
  port = await new Promise<number>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return {
    url: `http://localhost:${port}`,
    world: () => world,
    close: async () => {
      clearInterval(sweepTimer);
      world.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function buildWorld(kvsFile: string, start: number): Promise<World> {
  const world = createWorld({ start, loadApp: () => require('../../src/index') as Record<string, unknown>, followRealTime: true, autoRun: true, kvsFile });
  const admin = (functionKey: string, payload: unknown = {}) =>
    world.forge.invoke('sla-admin-page', functionKey, payload, { accountId: PEOPLE.admin }) as Promise<{ ok: boolean; value?: { version: number; config: never } }>;
  const current = await admin('getConfig');
  const example = demoConfig(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Config, world.clock.now());
  seedDemo(world.model, current.value?.version ? current.value.config : example, world.clock.now());
  // The first save starts the recompute of the demo issues, as installing the app would.
  if (current.value?.version === 0) await admin('saveConfig', { config: example, baseVersion: 0 });
  await world.forge.settle();
  // A sweep closes the agreements' past periods (the demo's year of history) before anyone looks.
  await world.forge.runScheduled('sla-breach-sweep');
  await world.forge.settle();
  return world;
}

async function bridge(world: World, body: Record<string, unknown>): Promise<unknown> {
  const frame = body.frame as { module: string; accountId: string; issueKey: string | null };
  const extension = frame.issueKey ? { issue: { key: frame.issueKey, type: 'Bug' }, project: { key: frame.issueKey.split('-')[0] } } : {};
  if (body.command === 'getContext') {
    return { accountId: frame.accountId, cloudId: 'local-cloud', moduleKey: frame.module, locale: 'en-GB', timezone: 'Europe/Berlin', extension: { type: frame.module, ...extension } };
  }
  const data = body.data as { functionKey: string; payload: unknown };
  return world.forge.invoke(frame.module, data.functionKey, data.payload, { accountId: frame.accountId, extension });
}

function act(world: World, body: Record<string, unknown>) {
  const key = String(body.issueKey);
  const by = String(body.as ?? PEOPLE.agent);
  if (body.action === 'comment') world.model.addComment(key, by, String(body.text ?? 'Comment'), body.internal ? { jsdPublic: false } : {});
  else if (body.action === 'transition') world.model.transition(key, String(body.status), by);
  else if (body.action === 'priority') world.model.setPriority(key, String(body.priority), by);
  else throw new Error(`Unknown action ${String(body.action)}`);
}

function state(world: World) {
  return {
    now: world.clock.now(),
    people: [...world.model.users.values()].map((user) => ({ accountId: user.accountId, displayName: user.displayName, admin: user.admin === true })),
    statuses: world.model.statuses.map((status) => status.name),
    priorities: world.model.priorities.map((priority) => priority.name),
    issues: [...world.model.issues.values()].map((issue) => ({
      id: issue.id,
      projectId: world.model.projects.get(issue.projectKey)?.id,
      key: issue.key,
      summary: issue.summary,
      priority: issue.priority,
      status: issue.status,
      reporter: world.model.users.get(issue.reporter ?? '')?.displayName ?? issue.reporter,
      assignee: world.model.users.get(issue.assignee ?? '')?.displayName ?? null,
      created: issue.created,
      comments: issue.comments.map((comment) => ({ author: world.model.users.get(comment.author)?.displayName ?? comment.author, created: comment.created, text: comment.text, internal: comment.jsdPublic === false })),
      history: issue.histories.flatMap((history) => history.items.map((item) => ({ at: history.created, field: item.field, from: item.fromString, to: item.toString }))),
      sla: issue.properties.get(SLA_PROPERTY_KEY) ?? null,
    })),
    // What the app "sent" through Jira's notify operation, newest first.
    outbox: [...world.model.outbox].reverse().slice(0, 50),
  };
}

let theme: string | undefined;
function themeCss(): string {
  const load = (name: string) => String((require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${name}.js`) as { default: string }).default);
  theme ??= ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'].map(load).join('\n');
  return theme;
}

/**
 * The preview acts as an admin on its local site, so it answers only this machine's own pages: a
 * request naming another host (DNS rebinding) is refused, and so is a POST that another origin's
 * page sends (cross-site request forgery) or that is not JSON (a plain form).
 */
export function refusal(request: IncomingMessage, port: number): { status: number; message: string } | undefined {
  const host = request.headers.host ?? '';
  if (![`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`].includes(host)) return { status: 421, message: `This preview answers only as localhost:${port}` };
  if (request.method !== 'POST') return undefined;
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== `http://${host}`) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    return { status: 403, message: 'Cross-origin requests are refused' };
  }
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return { status: 415, message: 'POST a JSON body' };
  return undefined;
}

function sendApp(response: ServerResponse, app: string, file: string) {
  const root = join(ROOT, 'static', app, 'build');
  const path = normalize(join(root, file));
  if (!path.startsWith(root) || !existsSync(path)) return send(response, 404, { message: `No ${file} in static/${app}/build: run npm run build` });
  if (file === 'index.html') {
    const html = readFileSync(path, 'utf8').replace('<head>', '<head><script src="/preview/bridge-shim.js"></script>');
    return sendText(response, 200, html, TYPES['.html']!);
  }
  return sendFile(response, path);
}

function sendFile(response: ServerResponse, path: string) {
  if (!existsSync(path)) return send(response, 404, { message: 'Not found' });
  sendText(response, 200, readFileSync(path), TYPES[extname(path)] ?? 'application/octet-stream');
}

function sendText(response: ServerResponse, status: number, body: string | Buffer, type: string) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function send(response: ServerResponse, status: number, body: unknown) {
  sendText(response, status, JSON.stringify(body), 'application/json');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  startPreview({ port }).then(
    (preview) => console.log(`SLA for Jira preview: ${preview.url.replace(/:\d+$/, `:${port}`)}  (Ctrl+C to stop)`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
