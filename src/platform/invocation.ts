/**
 * What the platform says about the running invocation: which installation it serves (Forge reuses
 * warm instances across installations, so anything kept between invocations is keyed by it) and
 * how much of its time limit is left (retry waits and long loops must stop before it).
 */
import { getAppContext } from '@forge/api';

/** The installation this invocation serves. */
export function installation(): string {
  return String(getAppContext().installationAri);
}

/** Milliseconds left before the platform stops this invocation. */
export function remainingMs(): number {
  try {
    return getAppContext().invocationRemainingTimeInMillis();
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * A time budget inside the invocation's own: `reserveMs` is kept back for what must still happen
 * after the work (saving a cursor, answering), and `maxMs` caps the work even when more time is left.
 */
export class Budget {
  private readonly endsAt: number;

  constructor(reserveMs: number, maxMs = Number.POSITIVE_INFINITY) {
    this.endsAt = Date.now() + Math.min(maxMs, remainingMs() - reserveMs);
  }

  left(): number {
    return this.endsAt - Date.now();
  }

  spent(): boolean {
    return this.left() <= 0;
  }
}
