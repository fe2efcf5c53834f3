import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalKvs } from './kvs-store';

let now = 0;
const store = () => new LocalKvs(() => now);

describe('the local KVS saved to a file (the preview)', () => {
  const dir = join(__dirname, '..', 'test-artifacts', 'kvs-store-file');
  const file = join(dir, 'store.json');
  beforeEach(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes through a temporary file renamed over the old one, so the file is always whole', () => {
    const kvs = new LocalKvs(() => now, file);
    kvs.handle('/api/v1/set', { key: 'a', value: { x: 1 } });
    kvs.handle('/api/v1/set', { key: 'b', value: 'two' });
    expect(readdirSync(dir)).toEqual(['store.json']);
    expect(new LocalKvs(() => now, file).dump()).toEqual({ a: { x: 1 }, b: 'two' });
  });

  it('sets aside a file it cannot read (as a stop half-way through a write once left it), says where, and starts empty', () => {
    writeFileSync(file, '');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const kvs = new LocalKvs(() => now, file);
    expect(kvs.dump()).toEqual({});
    expect(kvs.setAside).toMatch(/store\.json\.unreadable-\d+$/);
    expect(existsSync(kvs.setAside!)).toBe(true);
    expect(errors.mock.calls[0]![0]).toContain(`set aside as ${kvs.setAside}`);
    errors.mockRestore();
    kvs.handle('/api/v1/set', { key: 'fresh', value: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toBeTruthy();
  });
});

describe('the local KVS', () => {
  it('gets what was set, and answers KEY_NOT_FOUND after a delete', () => {
    const kvs = store();
    expect(kvs.handle('/api/v1/set', { key: 'a:1', value: { x: 1 } })).toEqual({ status: 204 });
    expect(kvs.handle('/api/v1/get', { key: 'a:1' })).toMatchObject({ status: 200, body: { key: 'a:1', value: { x: 1 } } });
    kvs.handle('/api/v1/delete', { key: 'a:1' });
    expect(kvs.handle('/api/v1/get', { key: 'a:1' })).toMatchObject({ status: 404, body: { code: 'KEY_NOT_FOUND' } });
  });

  it('refuses a second FAIL_IF_EXISTS write with 409 KEY_CONFLICT', () => {
    const kvs = store();
    kvs.handle('/api/v1/set', { key: 'lock', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS' } });
    expect(kvs.handle('/api/v1/set', { key: 'lock', value: 2, options: { keyPolicy: 'FAIL_IF_EXISTS' } })).toMatchObject({ status: 409, body: { code: 'KEY_CONFLICT' } });
    expect(kvs.dump()).toEqual({ lock: 1 });
  });

  it('enforces the key format and length, the value size and depth', () => {
    const kvs = store();
    expect(kvs.handle('/api/v1/set', { key: 'config/v1', value: 1 })).toMatchObject({ status: 400, body: { code: 'INVALID_KEY' } });
    expect(kvs.handle('/api/v1/set', { key: 'k'.repeat(501), value: 1 })).toMatchObject({ status: 400, body: { code: 'KEY_TOO_LONG' } });
    expect(kvs.handle('/api/v1/set', { key: 'big', value: 'x'.repeat(250_000) })).toMatchObject({ status: 400, body: { code: 'MAX_SIZE' } });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { deep };
    expect(kvs.handle('/api/v1/set', { key: 'deep', value: deep })).toMatchObject({ status: 400, body: { code: 'MAX_DEPTH' } });
  });

  it('expires values after their TTL', () => {
    const kvs = store();
    now = 0;
    kvs.handle('/api/v1/set', { key: 'lease', value: 1, options: { ttl: { value: 1, unit: 'MINUTES' } } });
    now = 59_999;
    expect(kvs.handle('/api/v1/get', { key: 'lease' }).status).toBe(200);
    now = 60_000;
    expect(kvs.handle('/api/v1/get', { key: 'lease' }).status).toBe(404);
  });

  it('pages key-ordered queries with a cursor', () => {
    const kvs = store();
    for (const key of ['b:2', 'a:1', 'b:1', 'b:3']) kvs.handle('/api/v1/set', { key, value: key });
    const where = [{ property: 'key', condition: 'BEGINS_WITH', values: ['b:'] }];
    const first = kvs.handle('/api/v1/query', { where, limit: 2 }).body as { data: { key: string }[]; cursor: string };
    expect(first.data.map((item) => item.key)).toEqual(['b:1', 'b:2']);
    const second = kvs.handle('/api/v1/query', { where, limit: 2, after: first.cursor }).body as { data: { key: string }[]; cursor?: string };
    expect(second).toEqual({ data: [{ key: 'b:3', value: 'b:3' }] });
  });

  it('applies a transaction whole or not at all, and refuses more than 25 operations', () => {
    const kvs = store();
    kvs.handle('/api/v1/set', { key: 'taken', value: 0, options: { keyPolicy: 'FAIL_IF_EXISTS' } });
    const failing = kvs.handle('/api/v1/transaction', { set: [{ key: 'x', value: 1 }, { key: 'taken', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS' } }] });
    expect(failing.status).toBe(409);
    expect(kvs.dump()).toEqual({ taken: 0 });
    const many = kvs.handle('/api/v1/transaction', { set: Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i })) });
    expect(many).toMatchObject({ status: 400, body: { code: 'TOO_MANY_OPERATIONS' } });
  });
});
