import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreview, type Preview } from '../harness/preview/server';

let preview: Preview;
beforeAll(async () => {
  preview = await startPreview({ kvsFile: join(mkdtempSync(join(tmpdir(), 'sla-preview-')), 'kvs.json'), start: Date.parse('2026-11-23T09:00:00Z') });
}, 60_000);
afterAll(() => preview.close());

function send(path: string, headers: Record<string, string>, body?: string): Promise<number> {
  const { port } = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    call.on('error', reject);
    call.end(body);
  });
}

describe('the preview server (a dev tool that acts as an admin)', () => {
  const host = () => `localhost:${new URL(preview.url).port}`;
  const reset = JSON.stringify({});

  it('answers its own page', async () => {
    expect(await send('/preview/state', { host: host() })).toBe(200);
    expect(await send('/preview/clock', { host: host(), origin: `http://${host()}`, 'content-type': 'application/json' }, JSON.stringify({ advanceMs: 0 }))).toBe(200);
  });

  it('refuses any other Host (DNS rebinding)', async () => {
    expect(await send('/preview/state', { host: `evil.example:${new URL(preview.url).port}` })).toBe(421);
  });

  it('refuses cross-origin POSTs and POSTs that are not JSON', async () => {
    expect(await send('/preview/reset', { host: host(), origin: 'https://evil.example', 'content-type': 'application/json' }, reset)).toBe(403);
    expect(await send('/preview/reset', { host: host(), 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, reset)).toBe(403);
    expect(await send('/preview/reset', { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).toBe(415);
  });
});
