/**
 * The local world's clock. Forge functions read the real time; here the whole process (the app,
 * the Jira stand-in, the store) shares one clock that a test or the preview can move forward, so
 * an SLA can be watched running out. `@sinonjs/fake-timers` replaces `Date` only: timers stay real.
 */
import { withGlobal } from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<ReturnType<typeof withGlobal>['install']>;

export class WorldClock {
  private readonly clock: InstalledClock;

  /** `followRealTime`: the clock also moves with real time (the preview); otherwise it stands still. */
  constructor(start: number, followRealTime = false) {
    this.clock = withGlobal(globalThis).install({ now: start, toFake: ['Date'], shouldAdvanceTime: followRealTime, advanceTimeDelta: 200 });
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

  uninstall(): void {
    this.clock.uninstall();
  }
}
