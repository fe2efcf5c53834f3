/**
 * What the statements view is promised: each agreement's statements and forecast, one statement
 * with its versions, the cycles behind its figures, exclusions and the state of a close or
 * restatement job.
 */
import type { CycleClass, CycleFields, Period, StatementFigures } from '../domain';
import type { Person } from './reports';

export interface Exclusion {
  readonly agreement: string;
  readonly cycleKey: string;
  readonly issueKey: string;
  readonly metric: string;
  readonly reason: string;
  readonly by: Person;
  readonly at: number;
  readonly removed: { readonly by: Person; readonly at: number; readonly reason: string } | null;
}

export interface StatementHead {
  readonly agreement: string;
  readonly agreementName: string;
  readonly customer: string;
  readonly period: Period;
  /** The period's start: the index's range. */
  readonly periodFrom: number;
  /** 1 for the statement written at close, 2 and on for restatements; 0 for the forecast. */
  readonly version: number;
  readonly kind: 'closed' | 'forecast';
  /** When it was written; a forecast counts the cycles stopped before `asOf`. */
  readonly closedAt: number;
  readonly asOf: number;
  readonly closedBy: Person;
  /** Why it was restated; `null` for the statement of the close. */
  readonly reason: string | null;
  readonly configVersion: number;
  readonly timeZone: string;
  readonly figures: StatementFigures;
  readonly counts: { readonly counted: number; readonly excluded: number; readonly running: number; readonly countedEarlier: number };
  /** The exclusions it applied, as they were. */
  readonly exclusions: readonly Exclusion[];
  /** Line entities of a closed statement. */
  readonly chunks: number;
  /** A restatement: the figures of the version it replaces. */
  readonly replaces: { readonly version: number; readonly figures: StatementFigures; readonly configVersion: number } | null;
}

export interface AgreementSummary {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
  readonly currency: string;
  readonly unit: 'month' | 'quarter';
  readonly timeZone: string;
  /** Latest version of each closed period, newest first, at most 12. */
  readonly statements: readonly StatementSummary[];
  readonly forecast: StatementView | null;
}

export interface StatementSummary {
  readonly period: string;
  readonly version: number;
  readonly closedAt: number;
  readonly figures: StatementFigures;
}

/** A statement as shown: a closed one as written, or the open period's forecast as of now. */
export interface StatementView extends Omit<StatementHead, 'figures'> {
  readonly figures: StatementFigures;
  /** A forecast: cycles stopped since its snapshot that this view added. */
  readonly tailCycles: number;
  /** A forecast whose tail was longer than a view reads: the next refresh counts the rest. */
  readonly tailTruncated: boolean;
}

export interface StatementDetail {
  readonly statement: StatementView;
  /** Every closed version of the period, oldest first (the figures of each, for the differences). */
  readonly versions: readonly { version: number; closedAt: number; closedBy: Person; reason: string | null; configVersion: number; figures: StatementFigures }[];
  readonly job: StatementJobView | null;
}

export interface LineView extends CycleFields {
  readonly cycleKey: string;
  readonly cls: CycleClass;
  readonly levels: readonly string[];
  /** An active exclusion: why, by whom, when. */
  readonly exclusion: Exclusion | null;
}

export interface LinesPage {
  readonly lines: LineView[];
  readonly cursor: string | null;
  /** How far the reading has come: line entities read of all (closed), or cycles read (forecast). */
  readonly progress: { readonly done: number; readonly total: number | null };
}

/** A statement job (close, restatement, forecast) as far as a person follows it. */
export interface StatementJobView {
  readonly key: string;
  readonly agreement: string;
  readonly period: string;
  readonly mode: 'close' | 'restate' | 'forecast';
  readonly by: Person;
  readonly reason: string | null;
  readonly startedAt: number;
  /** Cycles stopped before this instant are counted (a forecast's "as of"). */
  readonly asOf: number;
  /** Every cycle read: what is left is the head. */
  readonly readDone: boolean;
  readonly pages: number;
  readonly cycles: number;
  readonly updatedAt: number;
  readonly status: 'running' | 'done' | 'failed';
  readonly error?: string;
}
