/**
 * The app at site scale on the local Forge host, on simulated timers: every Jira call takes the
 * injected latency in world time, queue events run side by side as the platform runs them, and the
 * platform's time limits stop what runs too long. Figures are simulated times, Jira calls and heap.
 */
import { createWorld, PEOPLE, type World } from '../harness/world';
import { NEXT_UPDATE, olaPreset, WAITING_FOR_SUPPORT, type Config } from '../src/domain';

const loadApp = () => require('../src/index') as Record<string, unknown>;
const MB = 1024 * 1024;

function site(): World {
  return createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp, simulatedTimers: true });
}

async function saveConfig(world: World, config: Config, baseVersion = 0) {
  const answer = (await world.forge.invoke('sla-admin-page', 'saveConfig', { config, baseVersion }, { accountId: PEOPLE.admin })) as { ok: boolean };
  if (!answer.ok) throw new Error(`saving the config failed: ${JSON.stringify(answer)}`);
}

const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];

/** `count` open issues made before the app came, by `reporters` customers (every tenth in the VIP group). */
function backlog(world: World, count: number, reporters: number, priority: (i: number) => string = (i) => PRIORITIES[i % 5]!) {
  const people = Array.from({ length: reporters }, (_, i) => {
    const accountId = `customer-bench-${i}`;
    world.model.addUser({ accountId, displayName: `Customer ${i}`, accountType: 'customer', groups: i % 10 === 0 ? ['vip-customers'] : [] });
    return accountId;
  });
  const from = world.clock.now() - 30 * 86_400_000;
  return world.model.quietly(() =>
    Array.from({ length: count }, (_, i) =>
      world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `Issue ${i}`, reporter: people[i % reporters]!, priority: priority(i), created: from + Math.floor((i / count) * 30 * 86_400_000) }),
    ),
  );
}

/** What the realistic service desk is made of: printed beside every figure measured on it. */
export const SERVICE_DESK_SHAPE = {
  projects: 3,
  policies: 3,
  metricsPerPolicy: 6,
  calendars: 3,
  reporters: 2_000,
  vipShare: '5 % (by group)',
  agreements: '2 (by group, 10 % of reporters each)',
  changelogEntriesPerIssue: 50,
  commentsPerIssue: 4,
  history: 'status round trips to the customer, a reassignment every 7th entry, a priority change every 10th',
};

const DESK_PROJECTS = ['SUP', 'ITS', 'HRS'];

/**
 * The config of a service desk: the example's calendars, tiers and agreements, and one policy per
 * project (SUP, ITS, HRS), each with six metrics (response, resolution, next update, waiting for
 * support, the L2 OLA on New York hours and an L1 OLA), the agreements' customers by group.
 */
export function serviceDeskConfig(example: Config): Config {
  const base = example.policies[0]!;
  const [response, resolution, l2] = base.metrics;
  const targets = response!.targets;
  const metrics = [
    response!,
    resolution!,
    { ...NEXT_UPDATE, targets },
    { ...WAITING_FOR_SUPPORT, targets },
    l2!,
    { ...olaPreset('In Progress', 'l1-ola', 'L1 support (OLA)'), targets: { '*': { standard: '8h' } } },
  ];
  const agreements = (example.agreements ?? []).slice(0, 1).flatMap((agreement) => [
    { ...agreement, id: 'acme', name: 'Acme support', customer: { name: 'Acme Corp', rules: [{ groups: ['acme-customers'] }] } },
    { ...agreement, id: 'globex', name: 'Globex support', customer: { name: 'Globex', rules: [{ groups: ['globex-customers'] }] } },
  ]);
  return {
    ...example,
    policies: DESK_PROJECTS.map((project, i) => ({ ...base, id: `desk-${project.toLowerCase()}`, name: `${project} desk`, calendar: example.calendars[i % example.calendars.length]!.id, scope: { projects: [project] }, metrics, escalations: [] })),
    agreements,
  };
}

/**
 * `count` open issues of a service desk, made before the app came: spread over three projects and
 * 2,000 reporters (5 % VIP by group, two agreements' customers by group), each with 50 changelog
 * entries and 4 comments, spread over the last 30 days.
 */
function serviceDesk(world: World, count: number) {
  for (const key of DESK_PROJECTS.slice(1)) world.model.addProject({ key, name: `${key} desk`, projectTypeKey: 'service_desk' });
  const reporters = Array.from({ length: SERVICE_DESK_SHAPE.reporters }, (_, i) => {
    const accountId = `desk-customer-${i}`;
    const groups = [...(i % 20 === 0 ? ['vip-customers'] : []), ...(i % 10 === 1 ? ['acme-customers'] : []), ...(i % 10 === 2 ? ['globex-customers'] : [])];
    world.model.addUser({ accountId, displayName: `Customer ${i}`, accountType: 'customer', groups });
    return accountId;
  });
  const agents = [PEOPLE.agent, PEOPLE.agent2, PEOPLE.admin];
  const from = world.clock.now() - 30 * 86_400_000;
  return world.model.quietly(() =>
    Array.from({ length: count }, (_, i) => {
      const created = from + Math.floor((i / count) * 29 * 86_400_000);
      const issue = world.model.createIssue({ projectKey: DESK_PROJECTS[i % 3]!, issueType: 'Bug', summary: `Issue ${i}`, reporter: reporters[i % reporters.length]!, priority: PRIORITIES[i % 5]!, created });
      let status = issue.status;
      let priority = issue.priority;
      let assignee: string | null = null;
      for (let e = 0; e < SERVICE_DESK_SHAPE.changelogEntriesPerIssue; e++) {
        const at = created + (e + 1) * 7 * 60_000;
        let item;
        if (e % 10 === 9) {
          const to = PRIORITIES[(PRIORITIES.indexOf(priority ?? 'Medium') + 1) % 5]!;
          item = { field: 'priority', from: '1', fromString: priority, to: '2', toString: to };
          priority = to;
        } else if (e % 7 === 6) {
          const to = agents[e % agents.length]!;
          item = { field: 'assignee', fieldId: 'assignee', from: assignee, fromString: assignee, to, toString: to };
          assignee = to;
        } else {
          const to = status === 'In Progress' ? 'Waiting for customer' : 'In Progress';
          item = { field: 'status', from: '1', fromString: status, to: '2', toString: to };
          status = to;
        }
        issue.histories.push({ id: String(2_000_000 + i * 100 + e), author: PEOPLE.agent, created: at, items: [item] });
      }
      issue.status = status;
      issue.priority = priority;
      issue.assignee = assignee;
      for (let c = 0; c < SERVICE_DESK_SHAPE.commentsPerIssue; c++) world.model.addComment(issue.key, c % 2 ? PEOPLE.agent : issue.reporter!, `comment ${c}`, { at: created + (c * 12 + 5) * 60_000 });
      return issue;
    }),
  );
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The live heap above what it was when sampling began, at its highest: sampled every `every`
 * Jira calls after a full garbage collection (`npm run bench` runs node with --expose-gc), so it
 * counts what the running invocations hold, not garbage.
 */
function heapSampler(world: World, every = 100) {
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let calls = 0;
  world.jira.afterCall.push(() => {
    if (++calls % every) return;
    gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  return () => Math.round((peak - baseline) / MB);
}

const jiraCalls = (world: World) => [...world.jira.calls.values()].reduce((sum, n) => sum + n, 0);
const stopped = (world: World) => world.forge.invocations.filter((run) => run.error?.startsWith('Forge stopped')).length;

/**
 * A config save recomputing `issues` open issues at `latencyMs` a Jira call: the first save (every
 * record written) for time and calls; a second save (every record rewritten, so the site's stored
 * data stays the same size) for the heap the running invocations hold.
 */
export async function siteRecompute(config: Config, issues: number, latencyMs: number, kvsLatencyMs = 0) {
  const world = site();
  try {
    serviceDesk(world, issues);
    world.jira.latencyMs = latencyMs;
    world.kvs.latencyMs = kvsLatencyMs;
    const started = performance.now();
    const { elapsedMs } = await world.clock.run(async () => {
      await saveConfig(world, config);
      await world.forge.settle(100_000, 8);
    });
    const records = Object.keys(world.kvs.dumpEntities('sla-record')).length;
    const calls = jiraCalls(world);
    const invocations = world.forge.invocations.filter((run) => run.moduleKey === 'sla-recompute-consumer').length;
    const byOperation = Object.fromEntries(world.jira.calls);
    const realSeconds = Math.round((performance.now() - started) / 100) / 10;
    const heap = heapSampler(world);
    await world.clock.run(async () => {
      await saveConfig(world, { ...config, policies: config.policies.map((policy) => ({ ...policy, warnAtPercent: 80 })) }, 1);
      await world.forge.settle(100_000, 8);
    });
    return {
      shape: SERVICE_DESK_SHAPE,
      issues,
      records,
      jiraCalls: calls,
      jiraCallsPerIssue: Math.round((calls / issues) * 1000) / 1000,
      simulatedMinutes: Math.round((elapsedMs / 60_000) * 10) / 10,
      invocations,
      liveHeapMbOfRunningLanes: gc ? heap() : null,
      stoppedByTimeLimit: stopped(world),
      realSeconds,
      byOperation,
    };
  } finally {
    world.close();
  }
}

/** One sweep run when `crossing` issues (of `open`) crossed a deadline, at `latencyMs` a Jira call. */
export async function sweepThroughput(config: Config, open: number, crossing: number, latencyMs: number) {
  const world = site();
  try {
    backlog(world, open - crossing, 1_000, () => 'Lowest');
    // Made just now, Highest (30m around the clock): all cross their due instant within 40 minutes.
    world.model.quietly(() => {
      for (let i = 0; i < crossing; i++) world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `Urgent ${i}`, reporter: PEOPLE.customer, priority: 'Highest' });
    });
    await world.clock.run(async () => {
      await saveConfig(world, config);
      await world.forge.settle(100_000, 8);
    });
    world.clock.advance(40 * 60_000);
    world.jira.latencyMs = latencyMs;
    world.jira.resetCounts();
    const { value, elapsedMs } = await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep') as Promise<{ results: { outcome: string }[]; incomplete: boolean }>);
    const flagged = value.results.filter((result) => result.outcome === 'written').length;
    return { open, crossing, flaggedInOneRun: flagged, incomplete: value.incomplete, simulatedSeconds: Math.round(elapsedMs / 100) / 10, jiraCalls: jiraCalls(world), stoppedByTimeLimit: stopped(world) };
  } finally {
    world.close();
  }
}

/** The panel of an issue with `entries` changelog entries at `latencyMs` a Jira call. */
export async function longChangelogPanel(config: Config, entries: number, latencyMs: number) {
  const world = site();
  try {
    await saveConfig(world, config);
    await world.forge.settle();
    const issue = world.model.quietly(() => world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'long', reporter: PEOPLE.groupVip, priority: 'Low', created: world.clock.now() - 8 * 86_400_000 }));
    for (let i = 0; i < entries; i++) {
      const [from, to] = i % 2 ? ['Waiting for customer', 'In Progress'] : ['In Progress', 'Waiting for customer'];
      issue.histories.push({ id: String(500_000 + i), author: PEOPLE.agent, created: issue.created + (i + 1) * 60_000, items: [{ field: 'status', from: '1', fromString: i ? from : 'Open', to: '2', toString: to }] });
    }
    world.jira.latencyMs = latencyMs;
    world.jira.resetCounts();
    const { value, elapsedMs } = await world.clock.run(() => world.forge.invoke('sla-issue-panel', 'getSla', {}, { accountId: PEOPLE.agent, extension: { issue: { key: issue.key } } }));
    return { entries, simulatedSeconds: Math.round(elapsedMs / 10) / 100, jiraCalls: jiraCalls(world), answerKb: Math.round(JSON.stringify(value).length / 102.4) / 10 };
  } finally {
    world.close();
  }
}

/**
 * The sweep when `crossing` of `open` issues cross an escalation point in one interval: Highest
 * issues (resolution 8h around the clock) with a rule at 50 % that notifies the assignee (one
 * notification each, all assignees in one zone) and labels the issue; Jira calls per escalation fired.
 */
export async function escalationSweep(config: Config, open: number, crossing: number, latencyMs: number) {
  const world = site();
  try {
    const rule = { id: 'half', metric: 'resolution', at: { percent: 50 }, actions: [{ type: 'notify' as const, to: ['assignee' as const], subject: '{issue}: half of {metric} used', body: 'due {due}' }, { type: 'add-label' as const, label: 'half' }] };
    const withRule: Config = { ...config, policies: config.policies.map((policy, i) => (i === 0 ? { ...policy, escalations: [rule] } : policy)) };
    backlog(world, open - crossing, 1_000, () => 'Lowest');
    world.model.quietly(() => {
      for (let i = 0; i < crossing; i++) {
        const issue = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `Urgent ${i}`, reporter: PEOPLE.customer, priority: 'Highest' });
        world.model.assign(issue.key, PEOPLE.agent, PEOPLE.agent);
      }
    });
    await world.clock.run(async () => {
      await saveConfig(world, withRule);
      await world.forge.settle(100_000, 8);
    });
    // Highest resolution: 8h around the clock, so 50 % 4h on; the sweep runs every 5 minutes.
    world.clock.advance(4 * 3_600_000 + 5 * 60_000);
    world.jira.latencyMs = latencyMs;
    world.jira.resetCounts();
    const { value, elapsedMs } = await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep') as Promise<{ incomplete: boolean }>);
    const fired = Object.values(world.kvs.dumpEntities('sla-escalation')).length;
    const calls = jiraCalls(world);
    const escalationCalls = (world.jira.calls.get('notify') ?? 0) + (world.jira.calls.get('editIssue') ?? 0) + (world.jira.calls.get('getUser') ?? 0);
    return {
      open,
      crossing,
      firedInOneRun: fired,
      incomplete: value.incomplete,
      simulatedSeconds: Math.round(elapsedMs / 100) / 10,
      jiraCalls: calls,
      jiraCallsPerEscalation: fired ? Math.round((escalationCalls / fired) * 100) / 100 : null,
      notifications: world.model.outbox.length,
      stoppedByTimeLimit: stopped(world),
    };
  } finally {
    world.close();
  }
}

/**
 * Closing an agreement's period of `cycles` stopped cycles (and `running` open at its end) from the
 * record store's `by-agreement-stopped` index, at `kvsLatencyMs` a storage request: the simulated
 * time from the sweep that starts it to the statement written, the storage requests by kind, the
 * consumer invocations, and the Jira calls of the statement jobs (none: a close reads no issue).
 */
export async function statementClose(config: Config, cycles: number, running: number, kvsLatencyMs: number) {
  const world = site();
  try {
    const [template] = config.agreements ?? [];
    if (!template) throw new Error('the bench needs the example config’s agreement');
    await world.clock.run(() => saveConfig(world, { ...config, agreements: [{ ...template, validFrom: '2026-10-01' }] }));
    const october = Date.parse('2026-09-30T22:00:00Z'); // 1 October, 00:00 in Berlin
    const month = 31 * 86_400_000;
    for (let i = 0; i < cycles + running; i++) {
      const metric = i % 2 ? 'resolution' : 'response';
      const startedAt = october + Math.floor((i / (cycles + running)) * month);
      const stoppedAt = i < cycles ? startedAt + 3_600_000 : 4_102_444_800_000;
      const value = { issueId: String(100_000 + (i >> 1)), issueKey: `SUP-${100_000 + (i >> 1)}`, project: 'SUP', policy: 'support', priority: 'High', tier: 'gold', assignee: '', metric, kind: 'sla', startedAt, stoppedAt, met: i < cycles && i % 17 !== 0, agreement: template.id };
      world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-cycle', key: `${value.issueId}:${metric}:${startedAt}`, value });
    }
    world.kvs.calls.clear();
    world.jira.resetCounts();
    world.kvs.latencyMs = kvsLatencyMs;
    const { elapsedMs } = await world.clock.run(async () => {
      await world.forge.runScheduled('sla-breach-sweep');
      await world.forge.settle(10_000, 2);
    });
    const statement = world.kvs.dumpEntities('sla-statement')[`${template.id}:2026-10:v1`] as { counts: { counted: number; running: number }; chunks: number } | undefined;
    const consumer = world.forge.invocations.filter((run) => run.moduleKey === 'sla-statement-consumer');
    const storage = Object.fromEntries([...world.kvs.calls.entries()].map(([path, n]) => [path.replace('/api/v1/', ''), n]));
    return {
      cycles,
      running,
      written: statement !== undefined,
      counted: statement?.counts.counted ?? 0,
      runningAtEnd: statement?.counts.running ?? 0,
      lineEntities: statement?.chunks ?? 0,
      simulatedSeconds: Math.round(elapsedMs / 100) / 10,
      storageRequests: [...world.kvs.calls.values()].reduce((sum, n) => sum + n, 0),
      storage,
      consumerInvocations: consumer.length,
      longestInvocationSeconds: Math.round(Math.max(...consumer.map((run) => run.durationMs)) / 100) / 10,
      jiraCallsOfTheJobs: consumer.reduce((sum, run) => sum + run.jiraCalls, 0),
      stoppedByTimeLimit: stopped(world),
    };
  } finally {
    world.close();
  }
}

/**
 * The managers' page of a site with `breached` breached issues and a quarter of `cycles` stopped
 * cycles (written straight into the store, the quarter's days closed), at `kvsLatencyMs` a storage
 * request and `jiraLatencyMs` a Jira call: the first page of the list, the CSV of every row (100 a
 * request), and the quarter's compliance; simulated time and store queries of each.
 */
export async function managersPage(config: Config, breached: number, cycles: number, kvsLatencyMs: number, jiraLatencyMs: number) {
  const world = site();
  try {
    await world.clock.run(() => saveConfig(world, config));
    const now = world.clock.now();
    for (let i = 0; i < breached; i++) {
      const breachedAt = now - (((i * 7_919) % 10_000) + 1) * 60_000;
      const value = {
        v: 3, issueId: String(50_000 + i), issueKey: `SUP-${50_000 + i}`, project: 'SUP', summary: `Issue ${i}`, created: breachedAt - 1_800_000, policy: 'support', tier: i % 10 ? 'standard' : 'vip', priority: 'Highest', assignee: '', assigneeName: '', status: 'breached',
        nextDeadline: 4_102_444_800_000, alertAt: breachedAt, escalated: false, agreements: [], sourceUpdated: now - 1, configVersion: 1, evaluatedAt: now - 1, sweepAt: 4_102_444_800_000, failures: 0,
        metrics: { response: { name: 'Time to first response', kind: 'sla', propertyKey: 'response', state: 'running', status: 'breached', targetMs: 1_800_000, elapsedMs: now - breachedAt + 1_800_000, since: null, calendar: 'always', dueAt: null, atRiskAt: null, breachedAt, stoppedAt: null, target: '30m', startedAt: breachedAt - 1_800_000, earlierCycles: [] } },
      };
      world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-record', key: value.issueId, value });
    }
    const from = Date.parse('2026-07-01T00:00:00Z');
    const span = Date.parse('2026-10-01T00:00:00Z') - from;
    for (let i = 0; i < cycles; i++) {
      const stoppedAt = from + Math.floor((i / cycles) * span);
      const value = { issueId: String(200_000 + i), issueKey: `SUP-${200_000 + i}`, project: 'SUP', policy: 'support', priority: 'High', tier: 'standard', assignee: '', metric: 'response', kind: 'sla', startedAt: stoppedAt - 60_000, stoppedAt, met: i % 7 !== 0, agreement: '' };
      world.kvs.handle('/api/v1/entity/set', { entityName: 'sla-cycle', key: `${value.issueId}:response:${value.startedAt}`, value });
    }
    await world.clock.run(async () => {
      await world.forge.runScheduled('sla-breach-sweep');
      await world.forge.settle(10_000, 2);
    });
    world.kvs.latencyMs = kvsLatencyMs;
    world.jira.latencyMs = jiraLatencyMs;
    const invoke = async (name: string, payload: unknown) => {
      const queries = world.kvs.calls.get('/api/v1/entity/query') ?? 0;
      const { value, elapsedMs } = await world.clock.run(() => world.forge.invoke('sla-breaches-page', name, payload, { accountId: PEOPLE.manager }) as Promise<{ ok: boolean; value: { rows?: unknown[]; nextCursor?: string } }>);
      if (!value.ok) throw new Error(`${name} failed: ${JSON.stringify(value)}`);
      return { value: value.value, elapsedMs, queries: (world.kvs.calls.get('/api/v1/entity/query') ?? 0) - queries };
    };
    const first = await invoke('breaches', { filters: { status: 'breached' }, pageSize: 25 });
    let rows = 0;
    let requests = 0;
    let slowest = 0;
    let csvMs = 0;
    for (let cursor: string | undefined, firstPage = true; firstPage || cursor; firstPage = false) {
      const page = await invoke('breaches', { filters: { status: 'breached' }, pageSize: 100, ...(cursor ? { cursor } : {}) });
      rows += page.value.rows!.length;
      requests++;
      slowest = Math.max(slowest, page.elapsedMs);
      csvMs += page.elapsedMs;
      cursor = page.value.nextCursor;
    }
    const quarter = await invoke('compliance', { from: '2026-07-01T00:00:00Z', to: '2026-10-01T00:00:00Z' });
    return {
      breached,
      firstPageMs: first.elapsedMs,
      firstPageQueries: first.queries,
      csvRows: rows,
      csvRequests: requests,
      csvSimulatedSeconds: Math.round(csvMs / 100) / 10,
      csvSlowestRequestMs: slowest,
      cycles,
      complianceQuarterMs: quarter.elapsedMs,
      complianceQuarterQueries: quarter.queries,
      stoppedByTimeLimit: stopped(world),
    };
  } finally {
    world.close();
  }
}
