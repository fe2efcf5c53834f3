/**
 * The local world's clock. Forge functions read the real time; here the whole process (the app,
 * the Jira stand-in, the store) shares one clock that a test or the preview can move forward, so
 * an SLA can be watched running out. `@sinonjs/fake-timers` replaces `Date`; timers stay real,
 * unless `simulatedTimers` is set: then `setTimeout` runs on the world clock too, and
 * {@link WorldClock.run} moves the clock to each timer as soon as nothing else is left to do. Injected
 * latency, retry waits and the platform's time limits then cost simulated time, exactly, and a
 * test or the bench can measure minutes of it in a moment.
 */
import { withGlobal } from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<ReturnType<typeof withGlobal>['install']>;

const realSetImmediate = setImmediate;

export class WorldClock {
  private readonly clock: InstalledClock;

  /** `followRealTime`: the clock also moves with real time (the preview); otherwise it stands still. */
  constructor(start: number, options: { followRealTime?: boolean; simulatedTimers?: boolean } = {}) {
    this.clock = withGlobal(globalThis).install({
      now: start,
      toFake: options.simulatedTimers ? ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] : ['Date'],
      shouldAdvanceTime: options.followRealTime ?? false,
      advanceTimeDelta: 200,
    });
  }

  now(): number {
    return Date.now();
  }

  advance(ms: number): void {
    this.clock.setSystemTime(Date.now() + ms);
  }

  set(instant: number): void {
    this.clock.setSystemTime(instant);
  }

  /**
   * Runs `work` to its end on simulated timers: whenever the process has nothing else to do, the
   * clock jumps to the next timer. Returns its result and the simulated time it took.
   */
  async run<T>(work: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
    const started = Date.now();
    let settled = false;
    const done = work().finally(() => (settled = true));
    while (!settled) {
      // Let I/O callbacks and promise chains run before deciding the process is idle.
      for (let i = 0; i < 3 && !settled; i++) await new Promise((resolve) => realSetImmediate(resolve));
      if (!settled) await this.clock.nextAsync();
    }
    return { value: await done, elapsedMs: Date.now() - started };
  }

  uninstall(): void {
    this.clock.uninstall();
  }
}
