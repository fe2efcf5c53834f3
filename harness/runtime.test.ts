/** The local Forge host keeps the platform's limits: the app's tests rely on them. */
import { Queue } from '@forge/events';
import { createWorld, type World } from './world';

let world: World;
afterEach(() => world.close());

/** A stand-in app whose scheduled trigger pushes `count` events, one push each. */
const pushing = (count: number) => ({
  onSchedule: async () => {
    const queue = new Queue({ key: 'recompute-queue' });
    for (let i = 0; i < count; i++) await queue.push({ body: { i } });
  },
  recomputeConsumer: async () => undefined,
});

describe('the local Forge host', () => {
  it('allows 1,000 queue pushes from one originating invocation, and refuses the next as Forge does', async () => {
    world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => pushing(1000) });
    await expect(world.forge.runScheduled('sla-breach-sweep')).resolves.toBeUndefined();
    world.close();
    world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), loadApp: () => pushing(1001) });
    await expect(world.forge.runScheduled('sla-breach-sweep')).rejects.toThrow(/limit/i);
  });

  it('lets one invocation have at most `jiraConcurrency` Jira calls under way; the rest wait their turn in world time', async () => {
    const issues = (count: number) => ({
      onSchedule: async () => {
        const api = require('@forge/api') as typeof import('@forge/api');
        await Promise.all(Array.from({ length: count }, () => api.default.asApp().requestJira(api.route`/rest/api/3/myself`)));
      },
    });
    world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), simulatedTimers: true, jiraConcurrency: 3, loadApp: () => issues(9) });
    world.jira.latencyMs = 100;
    const { elapsedMs } = await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep'));
    const run = world.forge.invocations.at(-1)!;
    expect(run).toMatchObject({ jiraCalls: 9, peakJiraInFlight: 3 });
    // Nine calls of 100 ms, three at a time: three rounds.
    expect(elapsedMs).toBe(300);
  });

  it('stops an invocation that outlives its time limit, in world time', async () => {
    world = createWorld({ start: Date.parse('2026-11-23T08:00:00Z'), simulatedTimers: true, loadApp: () => ({ onSchedule: () => new Promise((resolve) => setTimeout(resolve, 301_000)) }) });
    const { value } = await world.clock.run(() => world.forge.runScheduled('sla-breach-sweep').then(() => 'finished', (error: Error) => error.message));
    expect(value).toBe('Forge stopped sla-breach-sweep after its 300 s time limit');
  });
});
