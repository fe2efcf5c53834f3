/** The local Custom Entity Store, driven through `@forge/kvs` itself, as the app drives it. */
import { Filter, FilterConditions, kvs, Sort, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import { createWorld, type World } from './world';

let world: World;
beforeEach(() => {
  world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => ({}) });
});
afterEach(() => world.close());

type Rec = { issueId: string; issueKey: string; tier: string; project: string; sweepAt: number; alertAt: number; configVersion: number; sourceUpdated: number };
const records = () => kvs.entity<Rec>('sla-record');
const rec = (n: number, extra: Partial<Rec> = {}): Rec => ({ issueId: String(n), issueKey: `SUP-${n}`, tier: n % 2 ? 'vip' : 'standard', project: 'SUP', sweepAt: 1000 - n, alertAt: n, configVersion: 1, sourceUpdated: 10, ...extra });
const code = async (work: Promise<unknown>) => ((await work.then(() => undefined, (error: unknown) => error)) as ForgeKvsAPIError | undefined)?.code;

describe('the local Custom Entity Store', () => {
  it('sets, gets and deletes an entity by key', async () => {
    await records().set('1', rec(1));
    expect(await records().get('1')).toEqual(rec(1));
    await records().delete('1');
    expect(await records().get('1')).toBeUndefined();
  });

  it('queries through a declared index: range condition, sort, limit and cursor, partition by equality', async () => {
    for (let n = 1; n <= 30; n++) await records().set(String(n), rec(n));
    const due = await records().query().index('by-sweep').where(WhereConditions.lessThanEqualTo(980)).sort(Sort.ASC).limit(5).getMany();
    expect(due.results.map((r) => r.value.sweepAt)).toEqual([970, 971, 972, 973, 974]);
    const rest = await records().query().index('by-sweep').where(WhereConditions.lessThanEqualTo(980)).sort(Sort.ASC).limit(100).cursor(due.nextCursor!).getMany();
    expect(rest.results.map((r) => r.value.sweepAt)).toEqual([975, 976, 977, 978, 979, 980]);
    expect(rest.nextCursor).toBeUndefined();
    const vip = await records().query().index('by-alert', { partition: ['vip'] }).where(WhereConditions.between(5, 12)).sort(Sort.DESC).limit(10).getMany();
    expect(vip.results.map((r) => r.value.alertAt)).toEqual([11, 9, 7, 5]);
    const filtered = await records().query().index('by-alert', { partition: ['standard'] }).filters(new Filter<Rec>().and('issueKey', FilterConditions.beginsWith('SUP-1'))).limit(100).getMany();
    expect(filtered.results.map((r) => r.value.issueKey)).toEqual(['SUP-10', 'SUP-12', 'SUP-14', 'SUP-16', 'SUP-18']);
  });

  it('refuses what the manifest does not declare, or the wrong type, with the service’s codes', async () => {
    expect(await code(kvs.entity('nothing').set('1', {}))).toBe('ENTITY_NOT_FOUND');
    expect(await code(records().set('1', { ...rec(1), colour: 'red' } as Rec))).toBe('INVALID_ATTRIBUTE');
    expect(await code(records().set('1', { ...rec(1), configVersion: 2 ** 40 }))).toBe('INVALID_ATTRIBUTE_TYPE');
    expect(await code(records().query().index('by-colour').getMany())).toBe('INDEX_NOT_FOUND');
    expect(await code(records().query().index('by-alert').getMany())).toBe('INVALID_PARTITION');
    expect(await code(records().query().index('by-sweep').limit(101).getMany())).toBe('INVALID_LIMIT');
  });

  it('writes conditionally in transactions: all or nothing, refused when a condition does not hold', async () => {
    await records().set('1', rec(1, { sourceUpdated: 20 }));
    const older = kvs
      .transact()
      .set('1', rec(1, { sourceUpdated: 15 }), { entityName: 'sla-record', conditions: new Filter<Rec>().and('sourceUpdated', FilterConditions.lessThanEqualTo(15)) })
      .set('2', rec(2), { entityName: 'sla-record' });
    const failed = (await older.execute().catch((error: unknown) => error)) as ForgeKvsAPIError;
    expect(failed.responseDetails.status).toBe(409);
    expect(await records().get('1')).toMatchObject({ sourceUpdated: 20 });
    expect(await records().get('2')).toBeUndefined();
    const create = () => kvs.transact().set('3', rec(3), { entityName: 'sla-record', conditions: new Filter<Rec>().and('issueId', FilterConditions.notExists()) }).execute();
    await create();
    expect(((await create().catch((error: unknown) => error)) as ForgeKvsAPIError).responseDetails.status).toBe(409);
  });

  it('reads and writes entities in batches of at most 25', async () => {
    await kvs.batchSet(Array.from({ length: 25 }, (_, n) => ({ key: String(n), value: rec(n), entityName: 'sla-record' })));
    const found = await kvs.batchGet<Rec>([{ key: '3', entityName: 'sla-record' }, { key: '99', entityName: 'sla-record' }]);
    expect(found.successfulKeys.map((item) => item.value.issueKey)).toEqual(['SUP-3']);
    expect(await code(kvs.batchGet(Array.from({ length: 26 }, (_, n) => ({ key: String(n), entityName: 'sla-record' }))))).toBe('TOO_MANY_ITEMS');
  });
});
