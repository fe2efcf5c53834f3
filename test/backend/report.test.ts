import { loadExampleConfig } from '../support/evaluate';
import { PEOPLE, saveConfig, startWorld, type Answer } from '../support/world';
import type { World } from '../../harness/world';

let world: World;
beforeEach(async () => {
  world = startWorld('2026-11-23T08:00:00Z'); // Monday 09:00 Berlin
  await saveConfig(world);
});
afterEach(() => world.close());

const report = (functionKey: string, payload: unknown = {}, accountId: string = PEOPLE.manager) =>
  world.forge.invoke('sla-breaches-page', functionKey, payload, { accountId }) as Promise<Answer>;

async function scene() {
  const make = (reporter: string, priority: string, summary: string) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary, reporter, priority });
  const standardHigh = make(PEOPLE.customer, 'High', 'standard high'); // response 1h
  const vipMedium = make(PEOPLE.vipCustomer, 'Medium', 'vip medium'); // response 1h
  const standardHighest = make(PEOPLE.customer, 'Highest', 'standard highest'); // response 30m around the clock
  const calm = make(PEOPLE.customer, 'Lowest', 'calm'); // response 16h
  world.model.assign(standardHighest.key, PEOPLE.agent, PEOPLE.agent);
  await world.forge.settle();
  world.clock.advance(100 * 60_000); // 10:40 Berlin
  await world.forge.runScheduled('sla-breach-sweep');
  return { standardHigh, vipMedium, standardHighest, calm };
}

const rowsOf = async (filters: unknown, accountId?: string) => {
  const answer = (await report('breaches', { filters }, accountId)) as Answer;
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value;
};

/** The scene, answered at 10:40 on Monday: High late, VIP Medium late, Lowest on time. */
async function answeredMonday() {
  const { standardHigh, vipMedium, calm } = await scene();
  world.model.addComment(standardHigh.key, PEOPLE.agent, 'late answer');
  world.model.addComment(calm.key, PEOPLE.agent, 'on time');
  world.model.addComment(vipMedium.key, PEOPLE.agent, 'late too');
  await world.forge.settle();
}

describe('finding issues as a manager would', () => {
  it('answers "which VIP issues are breached in project SUP this week", with the JQL and what it leaves out', async () => {
    const { vipMedium } = await scene();
    const page = await rowsOf({ tier: 'vip', project: 'SUP', status: 'breached', dates: { on: 'breached', from: '2026-11-23T00:00:00Z', to: '2026-11-30T00:00:00Z' } });
    expect(page.rows.map((row: any) => `${row.key} ${row.metric} ${row.status}`)).toEqual([`${vipMedium.key} response breached`]);
    expect(page.jql).toBe('slaStatus IN ("breached") AND project = "SUP" AND slaTier = "vip"');
    expect(page.jqlLeavesOut).toEqual(['the breached date range']);
    expect((await rowsOf({ tier: 'vip', status: 'breached', dates: { on: 'breached', from: '2026-11-30T00:00:00Z' } })).rows).toEqual([]);
  });

  it('finds resolved breaches (met late) and met clocks, latest first, from the stored cycles', async () => {
    const { standardHigh, standardHighest, calm } = await scene();
    world.model.addComment(standardHigh.key, PEOPLE.agent, 'late');
    world.model.addComment(calm.key, PEOPLE.agent, 'in time');
    await world.forge.settle();
    world.clock.advance(60_000);
    world.model.addComment(standardHighest.key, PEOPLE.agent, 'late too');
    await world.forge.settle();
    const late = await rowsOf({ status: 'met-late', metric: 'response' });
    expect(late.rows.map((row: any) => [row.key, row.status, row.summary])).toEqual([
      [standardHighest.key, 'met-late', 'standard highest'],
      [standardHigh.key, 'met-late', 'standard high'],
    ]);
    expect(late.jql).toBe('slaMetricStatus IN ("response:met-late")');
    expect((await rowsOf({ status: 'met', metric: 'response' })).rows.map((row: any) => row.key)).toEqual([calm.key]);
  });

  it('filters on nobody assigned, on running clocks, and on the customer of an agreement', async () => {
    const { standardHigh, vipMedium, standardHighest, calm } = await scene();
    const unassigned = await rowsOf({ assignee: 'unassigned', metric: 'response' });
    expect(unassigned.rows.map((row: any) => row.key).sort()).toEqual([standardHigh.key, vipMedium.key].sort());
    expect(unassigned.jql).toContain('assignee IS EMPTY');
    expect((await rowsOf({ assignee: 'unassigned', status: 'running', metric: 'response' })).rows.map((row: any) => row.key)).toEqual([calm.key]);
    expect((await rowsOf({ agreement: 'acme-support' })).rows).toEqual([]);
    expect((await rowsOf({ status: 'breached', metric: 'response' })).rows.map((row: any) => row.key)).toContain(standardHighest.key);
  });

  it('works the queue: at-risk clocks soonest due first, with the working time left', async () => {
    const make = (summary: string) => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary, reporter: PEOPLE.customer, priority: 'High' });
    const first = make('first'); // response 1h: at risk from 09:45, due 10:00
    await world.forge.settle();
    world.clock.advance(10 * 60_000);
    const second = make('second'); // due 10:10
    await world.forge.settle();
    world.clock.advance(46 * 60_000); // 09:56
    await world.forge.runScheduled('sla-breach-sweep');
    const queue = await rowsOf({ status: 'at-risk', sort: 'due' });
    expect(queue.rows.map((row: any) => [row.key, row.metric, row.remainingMs / 60_000])).toEqual([
      [first.key, 'response', 4],
      [second.key, 'response', 14],
    ]);
  });

  it("sorts by priority in Jira's order, then the longest in trouble, whatever the tier", async () => {
    const { standardHigh, vipMedium, standardHighest } = await scene();
    const page = await rowsOf({ metric: 'response', sort: 'priority' });
    expect(page.rows.map((row: any) => [row.key, row.priority])).toEqual([
      [standardHighest.key, 'Highest'],
      [standardHigh.key, 'High'],
      [vipMedium.key, 'Medium'],
    ]);
  });

  it('finds any assignee by name to filter on, as the viewer may see them', async () => {
    const found = (await report('findPeople', { query: 'Alex' })) as Answer;
    expect(found).toMatchObject({ ok: true, value: [{ accountId: PEOPLE.agent, displayName: 'Alex Agent' }] });
  });

  it('names a bad date range or status', async () => {
    expect(await report('breaches', { filters: { dates: { on: 'created', from: '1999-01-01T00:00:00Z' } } })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('filters.dates.from') } });
    expect(await report('breaches', { filters: { status: 'late' } })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('filters.status') } });
  });
});

describe('the breaches report', () => {
  it('lists breached and at-risk issues, VIP first, then the most overdue', async () => {
    const { standardHigh, vipMedium, standardHighest } = await scene();
    const answer = (await report('breaches', { filters: { metric: 'response' } })) as { ok: true; value: any };
    expect(answer.value.rows.map((row: any) => [row.key, row.vip, row.status, row.remainingMs / 60_000])).toEqual([
      [vipMedium.key, true, 'breached', -40],
      [standardHighest.key, false, 'breached', -70],
      [standardHigh.key, false, 'breached', -40],
    ].sort((a, b) => (a[1] === b[1] ? (a[3] as number) - (b[3] as number) : a[1] ? -1 : 1)));
    expect(answer.value.jql).toBe('slaMetricStatus IN ("response:breached", "response:at-risk")');
    expect(answer.value.rows[1]).toMatchObject({ assignee: { accountId: PEOPLE.agent, displayName: 'Alex Agent' }, summary: 'standard highest', priority: 'Highest' });
  });

  it('filters by project, policy, priority and assignee, with the equivalent JQL', async () => {
    const { standardHighest } = await scene();
    const answer = (await report('breaches', { filters: { priority: 'Highest', assignee: PEOPLE.agent, policy: 'support', project: 'SUP' } })) as { ok: true; value: any };
    expect(answer.value.jql).toBe(`slaStatus IN ("breached", "at-risk") AND project = "SUP" AND slaPolicy = "support" AND priority = "Highest" AND assignee = "${PEOPLE.agent}"`);
    expect(answer.value.rows.map((row: any) => `${row.key} ${row.metric}`)).toEqual([`${standardHighest.key} response`]);
  });

  it('shows a manager only the issues they may see', async () => {
    await scene();
    const answer = (await report('breaches', {}, PEOPLE.outsider)) as { ok: true; value: any };
    expect(answer.value.rows).toEqual([]);
  });

  it('pages by cursor, VIP first, and the pages together hold every row once', async () => {
    await scene();
    const first = (await report('breaches', { pageSize: 2, filters: { metric: 'response' } })) as { ok: true; value: any };
    expect(first.value.nextCursor).toEqual(expect.any(String));
    const rows = [...first.value.rows];
    for (let cursor = first.value.nextCursor; cursor; ) {
      const next = (await report('breaches', { pageSize: 2, cursor, filters: { metric: 'response' } })) as { ok: true; value: any };
      rows.push(...next.value.rows);
      cursor = next.value.nextCursor;
    }
    expect(rows.map((row: any) => row.key)).toEqual(['SUP-2', 'SUP-3', 'SUP-1']);
    expect(await report('breaches', { cursor: 'not-ours' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('cursor') } });
  });

  it.each([
    ['a cursor of another shape', { kind: 'alerts', tier: 'x' }],
    ['a cursor with a field of its own', { kind: 'due', extra: 1 }],
    ['a forged cursor of the store', { kind: 'due', store: Buffer.from('not the store’s').toString('base64url') }],
    ['a forged range cursor of the store', { kind: 'stopped', metric: 0, store: Buffer.from(JSON.stringify({ nope: 1 })).toString('base64url') }],
  ])('answers %s as a bad request, never an internal error', async (_what, forged) => {
    await scene();
    const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
    const filters = (forged as { kind: string }).kind === 'stopped' ? { status: 'met' } : { sort: 'due' };
    expect(await report('breaches', { cursor, filters })).toEqual({ ok: false, error: { code: 'bad-request', message: 'cursor: not a cursor this page gave' } });
  });

  it('shows breached the instant the due instant passes, before any sweep, as the panel does', async () => {
    const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'now', reporter: PEOPLE.customer, priority: 'Highest' });
    await world.forge.settle();
    world.clock.advance(30 * 60_000); // due exactly now: not yet breached
    let rows = ((await report('breaches', { filters: { metric: 'response' } })) as { ok: true; value: any }).value.rows;
    expect(rows.map((row: any) => [row.key, row.status, row.remainingMs])).toEqual([[issue.key, 'at-risk', 0]]);
    world.clock.advance(1000);
    rows = ((await report('breaches', { filters: { metric: 'response' } })) as { ok: true; value: any }).value.rows;
    expect(rows.map((row: any) => [row.key, row.status, row.remainingMs])).toEqual([[issue.key, 'breached', -1000]]);
  });

  it('reads the app’s records, never the issue property: a forged property hides nothing', async () => {
    const { standardHighest } = await scene();
    for (const issue of world.model.issues.values()) issue.properties.set('sla', { policy: 'support', status: 'met', breached: 'false', response: { status: 'met' } });
    const answer = (await report('breaches', { filters: { metric: 'response' } })) as { ok: true; value: any };
    expect(answer.value.rows.map((row: any) => row.key)).toContain(standardHighest.key);
  });

  it('offers filters only from what the viewer may see', async () => {
    expect(await report('filterOptions', {}, PEOPLE.outsider)).toMatchObject({ ok: true, value: { projects: [{ key: 'OPS' }], policies: [] } });
    expect(await report('filterOptions')).toMatchObject({ ok: true, value: { policies: [{ id: 'support', name: 'Customer support' }] } });
  });

  it('computes compliance: met % per metric and priority over a period', async () => {
    await answeredMonday();
    const answer = (await report('compliance', { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' })) as { ok: true; value: any };
    expect(answer.value.metrics.response.overall).toEqual({ key: 'All', label: 'All', met: 1, late: 2, percent: 33.3 });
    expect(answer.value.metrics.response.groups).toEqual(
      expect.arrayContaining([
        { key: 'Lowest', label: 'Lowest', met: 1, late: 0, percent: 100 },
        { key: 'High', label: 'High', met: 0, late: 1, percent: 0 },
      ]),
    );
    expect(answer.value.metrics.resolution.overall).toEqual({ key: 'All', label: 'All', met: 0, late: 0, percent: null });
    expect(answer.value.openFrom).toBe('2026-11-23T00:00:00.000Z');
    const byTier = (await report('compliance', { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z', by: 'tier' })) as { ok: true; value: any };
    expect(byTier.value.metrics.response.groups).toEqual(expect.arrayContaining([{ key: 'vip', label: 'VIP', met: 0, late: 1, percent: 0 }]));
  });

  it('groups compliance by assignee, by the names Jira shows', async () => {
    const { standardHigh, calm } = await scene();
    world.model.assign(standardHigh.key, PEOPLE.agent, PEOPLE.agent);
    world.model.addComment(standardHigh.key, PEOPLE.agent, 'late answer');
    world.model.addComment(calm.key, PEOPLE.agent, 'on time');
    await world.forge.settle();
    const answer = (await report('compliance', { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z', by: 'assignee' })) as { ok: true; value: any };
    expect(answer.value.metrics.response.groups).toEqual(
      expect.arrayContaining([
        { key: PEOPLE.agent, label: 'Alex Agent', met: 0, late: 1, percent: 0 },
        { key: '', label: 'Unassigned', met: 1, late: 0, percent: 100 },
      ]),
    );
  });

  it('keeps a closed day as it was counted: a policy change does not rewrite it; an admin restates it, with who and why', async () => {
    await answeredMonday();
    const monday = { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' };
    world.clock.set(Date.parse('2026-11-25T00:05:00Z')); // Monday closes a day after it ends
    await world.forge.runScheduled('sla-breach-sweep');
    await world.forge.settle();
    expect(Object.keys(world.kvs.dumpEntities('sla-compliance-day'))).toEqual(expect.arrayContaining(['response:1795392000000']));
    const closed = ((await report('compliance', monday)) as { ok: true; value: any }).value;
    expect(closed.openFrom).toBeNull();
    expect(closed.metrics.response.overall).toMatchObject({ met: 1, late: 2 });

    // Every response target doubled: the cycles are recomputed, met now; Monday's figures stay.
    const config = loadExampleConfig();
    const response = config.policies[0]!.metrics[0]!;
    response.targets = Object.fromEntries(Object.entries(response.targets).map(([priority, cell]) => [priority, Object.fromEntries(Object.entries(cell).map(([tier, value]) => [tier, tier === 'calendar' || value === 'none' ? value : '10h']))])) as typeof response.targets;
    await saveConfig(world, config);
    await world.forge.settle();
    expect(((await report('compliance', monday)) as { ok: true; value: any }).value.metrics.response.overall).toMatchObject({ met: 1, late: 2 });

    expect(await report('restateCompliance', { from: '2026-11-23', to: '2026-11-23', reason: 'Targets corrected' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const restated = await report('restateCompliance', { from: '2026-11-23', to: '2026-11-23', reason: 'Targets corrected' }, PEOPLE.admin);
    expect(restated).toMatchObject({ ok: true, value: { by: { name: 'Ada Admin' }, reason: 'Targets corrected' } });
    await world.forge.settle();
    expect(((await report('compliance', monday)) as { ok: true; value: any }).value.metrics.response.overall).toMatchObject({ met: 3, late: 0 });
    const trend = ((await report('complianceTrend', { timeZone: 'Europe/Berlin', months: 2 })) as { ok: true; value: any }).value;
    expect(trend.metrics.response.months).toEqual([
      { month: '2026-10', met: 0, late: 0, percent: null, restated: false },
      { month: '2026-11', met: 3, late: 0, percent: 100, restated: true },
    ]);
    expect(await report('restateCompliance', { from: '2026-11-24', to: '2026-11-30', reason: 'Too soon' }, PEOPLE.admin)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('only closed days') } });
  });

  it('refuses a period that ends before it starts', async () => {
    expect(await report('compliance', { from: '2026-11-24T00:00:00Z', to: '2026-11-23T00:00:00Z' })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'from, to: instants between 2000 and 2099, from before to' },
    });
  });
});
