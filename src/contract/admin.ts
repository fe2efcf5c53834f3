/**
 * What the admin page is promised: config versions, recompute jobs, the answer of a save and of
 * the simulator.
 */
import type { Config, SimulatedEscalation, SimulatedTarget } from '../domain';

export interface ConfigVersion {
  readonly version: number;
  readonly config: Config;
  readonly savedBy: string | null;
  readonly savedAt: string;
  /** Readable lines: what this version changed from the one before. */
  readonly changes: readonly string[];
  readonly restoredFrom?: number;
  /** The version was stored in this earlier form of the document and is shown migrated. */
  readonly migratedFrom?: number;
}

export type JobKind = 'recompute' | 'reconcile';

export interface RecomputeJob {
  readonly id: string;
  readonly kind: JobKind;
  status: 'queued' | 'running' | 'done';
  readonly reason: string;
  readonly startedBy: string | null;
  readonly startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  readonly configVersion: number;
  /** The issues it covers, before the id range of each lane. */
  readonly jql: string | null;
  lanes: number;
  /** Approximate, from Jira's count when the job was planned. */
  total: number;
}

/** A job with its lanes added up: what the admin page shows. */
export interface JobView extends RecomputeJob {
  done: number;
  written: number;
  mirrored: number;
  failed: number;
  failures: { key: string; reason: string }[];
  pages: number;
}

export interface SaveResult {
  saved: ConfigVersion;
  /** The recompute the save started, or the one already running (which starts another when it ends). */
  job: JobView | null;
  /**
   * `started`; `after-running` (a job was running: one with this version follows it); or `pending`
   * (starting failed just now: the sweep starts it within five minutes).
   */
  recompute: 'started' | 'after-running' | 'pending';
}

export type SimulationAnswer =
  | {
      ok: true;
      targets: (Omit<SimulatedTarget, 'dueAt' | 'atRiskAt'> & { dueAt: string; atRiskAt: string })[];
      /** When each escalation rule would fire for the sample, and what it would say. */
      escalations: (Omit<SimulatedEscalation, 'firesAt'> & { firesAt: string })[];
    }
  | { ok: false; errors: { path: string; message: string }[] };
