/**
 * An agreement's statement for one period: which cycles count, the level each service level
 * achieved, the service credits a miss costs (capped), and the credits earned back by good
 * periods. Pure: the cycles, exclusions and earlier statements come in as plain data, so the
 * scheduled close, the live forecast and the CLI compute the same figures. README ("Agreements,
 * credits and statements") states every rule; the figures here follow it to the cent.
 */
import { divideRounded, type CompiledAgreement, type CompiledServiceLevel } from '../config/agreement';
import { nextPeriod, periodOf, type Period } from '../time/period';
import type { StatementCycle } from '../records/sla-record';

/** How a cycle stands in a period's statement. */
export type CycleClass =
  /** Stopped in the period: counts for the service levels named. */
  | 'counted'
  /** Stopped in the period, counts for nothing: an admin excluded it. */
  | 'excluded'
  /** Started before the period's end and had not stopped by it: counted where it stops. */
  | 'running'
  /** Stopped in the period again after a statement of an earlier period counted it. */
  | 'counted-earlier';

export interface LevelTally {
  counted: number;
  met: number;
  breached: number;
  excluded: number;
  running: number;
}

export type Tallies = Record<string, LevelTally>;

/** The service levels of `agreement` a cycle counts for: its metric, and its priority if they name some. */
export function levelsOf(agreement: CompiledAgreement, cycle: Pick<StatementCycle, 'metric' | 'priority'>): CompiledServiceLevel[] {
  return agreement.serviceLevels.filter((level) => level.metric === cycle.metric && (level.priorities === null || level.priorities.has(cycle.priority)));
}

/**
 * Where a cycle stands in `period`'s statement, or `null` when it has no place there (it stopped
 * before or after the period, or started after it ended). `excluded`: an admin excluded it.
 * `carried`: whether a cycle that started before the period may still be counted, i.e. no earlier
 * statement counted it (the previous statement listed it as running, or there is none).
 */
export function classifyCycle(period: Period, cycle: StatementCycle, excluded: boolean, carried: boolean): CycleClass | null {
  if (cycle.startedAt >= period.to) return null;
  const stoppedIn = cycle.stoppedAt !== null && cycle.stoppedAt >= period.from && cycle.stoppedAt < period.to;
  const runningAtEnd = cycle.stoppedAt === null || cycle.stoppedAt >= period.to;
  if (!stoppedIn && !runningAtEnd) return null;
  if (cycle.startedAt < period.from && !carried) return stoppedIn ? 'counted-earlier' : null;
  if (runningAtEnd) return 'running';
  return excluded ? 'excluded' : 'counted';
}

export function emptyTallies(agreement: CompiledAgreement): Tallies {
  return Object.fromEntries(agreement.serviceLevels.map((level) => [level.id, { counted: 0, met: 0, breached: 0, excluded: 0, running: 0 }]));
}

/** Adds a classified cycle to the tallies of the service levels it counts for; returns their ids. */
export function addToTallies(tallies: Tallies, agreement: CompiledAgreement, cycle: StatementCycle, cls: CycleClass): string[] {
  const levels = levelsOf(agreement, cycle);
  for (const level of levels) {
    const tally = tallies[level.id]!;
    if (cls === 'counted') {
      tally.counted++;
      if (cycle.met) tally.met++;
      else tally.breached++;
    } else if (cls === 'excluded') tally.excluded++;
    else if (cls === 'running') tally.running++;
  }
  return levels.map((level) => level.id);
}

export type LevelOutcome = 'met' | 'missed' | 'below-minimum' | 'no-cycles';

export interface EarnBackLine {
  /** The period whose credit this is. */
  readonly fromPeriod: string;
  /** Cents: the credit charged for the service level in that period. */
  readonly credit: number;
  /** Good periods since, this one included. */
  readonly good: number;
  readonly needed: number;
  /** `earned`: returned in this period; `lost`: this period missed, so it can no longer be earned back. */
  readonly state: 'pending' | 'earned' | 'lost';
}

export interface LevelFigures extends LevelTally {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly priorities: readonly string[] | null;
  /** Percentages. */
  readonly expected: number;
  readonly minimum: number | null;
  readonly share: number;
  /** Percent met of the counted cycles, to two decimals; `null` without counted cycles. */
  readonly achieved: number | null;
  readonly outcome: LevelOutcome;
  /** The step applied: percent of the share a miss costs (0 when not missed). */
  readonly stepPercent: number;
  /** Cents, before the cap. */
  readonly credit: number;
  /** Cents, after the cap. */
  readonly charged: number;
  /** More breached cycles it can take, with no more met ones, before it misses. */
  readonly headroom: number;
  readonly earnBack: readonly EarnBackLine[];
  /** Cents returned in this period. */
  readonly earnedBack: number;
}

export interface StatementFigures {
  readonly agreement: string;
  readonly period: Period;
  readonly currency: string;
  /** Cents. */
  readonly fee: number;
  readonly atRisk: number;
  readonly cap: number;
  readonly levels: readonly LevelFigures[];
  readonly totals: {
    /** Cents: the service levels' credits before the cap, after it, earned back, and what the provider owes. */
    readonly credit: number;
    readonly charged: number;
    readonly capped: boolean;
    readonly earnedBack: number;
    readonly net: number;
  };
}

/** What an earlier statement tells the earn-back of later ones, per service level. */
export interface PeriodHistory {
  readonly period: string;
  readonly levels: Readonly<Record<string, { readonly charged: number; readonly good: boolean }>>;
}

/** A level is good when it has no counted cycle or meets its expected level. */
const isGood = (outcome: LevelOutcome) => outcome === 'met' || outcome === 'no-cycles';

function outcomeOf(level: CompiledServiceLevel, tally: LevelTally): LevelOutcome {
  if (tally.counted === 0) return 'no-cycles';
  // Exact: met / counted ≥ expected / 10000, with levels in hundredths of a percent.
  if (tally.met * 10_000 >= level.expected * tally.counted) return 'met';
  return level.minimum !== null && tally.met * 10_000 < level.minimum * tally.counted ? 'below-minimum' : 'missed';
}

/** The percent of the share (hundredths) a miss costs: the largest step whose level the achieved one is below. */
function stepOf(level: CompiledServiceLevel, tally: LevelTally, outcome: LevelOutcome): number {
  if (isGood(outcome)) return 0;
  return Math.max(0, ...level.steps.filter((step) => tally.met * 10_000 < step.below * tally.counted).map((step) => step.percentOfShare));
}

/** Splits `cap` cents over `credits` in proportion, rounding down and handing the cents left to the largest remainders (first level on a tie). */
export function applyCap(credits: readonly number[], cap: number): number[] {
  const total = credits.reduce((sum, credit) => sum + credit, 0);
  if (total <= cap) return [...credits];
  const shares = credits.map((credit, index) => {
    const exact = BigInt(credit) * BigInt(cap);
    return { index, floor: Number(exact / BigInt(total)), remainder: exact % BigInt(total) };
  });
  let left = cap - shares.reduce((sum, share) => sum + share.floor, 0);
  const charged = shares.map((share) => share.floor);
  for (const share of [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))) {
    if (left-- <= 0) break;
    charged[share.index]!++;
  }
  return charged;
}

/**
 * The earn-back lines of one service level in the period after `history` (consecutive periods,
 * oldest first, ending with the one just before): every credit of the last N periods that is
 * still pending, earned now, or lost now.
 */
function earnBackOf(levelId: string, history: readonly PeriodHistory[], good: boolean, needed: number): EarnBackLine[] {
  const lines: EarnBackLine[] = [];
  const window = history.slice(-needed);
  window.forEach((entry, i) => {
    const credit = entry.levels[levelId]?.charged ?? 0;
    if (credit === 0) return;
    const since = window.slice(i + 1);
    if (!since.every((later) => later.levels[levelId]?.good ?? false)) return; // lost in an earlier period
    const goodCount = since.length + (good ? 1 : 0);
    const state = !good ? 'lost' : goodCount === needed ? 'earned' : 'pending';
    lines.push({ fromPeriod: entry.period, credit, good: goodCount, needed, state });
  });
  return lines;
}

const percent = (hundredthsOfPercent: number) => hundredthsOfPercent / 100;

/**
 * The statement of `period` from its tallies and the statements before it (for earn-back:
 * at least the agreement's earn-back periods, consecutive, ending with the previous period).
 */
export function statementFigures(agreement: CompiledAgreement, period: Period, tallies: Tallies, history: readonly PeriodHistory[]): StatementFigures {
  const drafts = agreement.serviceLevels.map((level) => {
    const tally = tallies[level.id] ?? { counted: 0, met: 0, breached: 0, excluded: 0, running: 0 };
    const outcome = outcomeOf(level, tally);
    const stepPercent = stepOf(level, tally, outcome);
    const credit = divideRounded(BigInt(agreement.atRisk) * BigInt(level.share) * BigInt(stepPercent), 100_000_000n);
    return { level, tally, outcome, stepPercent, credit };
  });
  const charged = applyCap(
    drafts.map((draft) => draft.credit),
    agreement.cap,
  );
  const levels = drafts.map(({ level, tally, outcome, stepPercent, credit }, i): LevelFigures => {
    const earnBack = agreement.earnBackPeriods === null ? [] : earnBackOf(level.id, history, isGood(outcome), agreement.earnBackPeriods);
    return {
      id: level.id,
      name: level.name,
      metric: level.metric,
      priorities: level.priorities ? [...level.priorities] : null,
      expected: percent(level.expected),
      minimum: level.minimum === null ? null : percent(level.minimum),
      share: percent(level.share),
      ...tally,
      achieved: tally.counted === 0 ? null : Math.round((tally.met * 10_000) / tally.counted) / 100,
      outcome,
      stepPercent: percent(stepPercent),
      credit,
      charged: charged[i]!,
      headroom: Math.max(0, Math.floor((tally.met * 10_000) / level.expected) - tally.counted),
      earnBack,
      earnedBack: earnBack.filter((line) => line.state === 'earned').reduce((sum, line) => sum + line.credit, 0),
    };
  });
  const credit = levels.reduce((sum, level) => sum + level.credit, 0);
  const chargedTotal = levels.reduce((sum, level) => sum + level.charged, 0);
  const earnedBack = levels.reduce((sum, level) => sum + level.earnedBack, 0);
  return {
    agreement: agreement.id,
    period,
    currency: agreement.currency,
    fee: agreement.fee,
    atRisk: agreement.atRisk,
    cap: agreement.cap,
    levels,
    totals: { credit, charged: chargedTotal, capped: credit > agreement.cap, earnedBack, net: chargedTotal - earnedBack },
  };
}

/** What a statement tells the earn-back of the ones after it. */
export function historyOf(figures: StatementFigures): PeriodHistory {
  return { period: figures.period.id, levels: Object.fromEntries(figures.levels.map((level) => [level.id, { charged: level.charged, good: isGood(level.outcome) }])) };
}

/** A cycle's place in one statement, for the drill-down. */
export interface StatementLine {
  readonly cycle: StatementCycle;
  readonly cls: CycleClass;
  /** The service levels it counts (or would count) for. */
  readonly levels: readonly string[];
}

export interface ComputedStatement {
  readonly figures: StatementFigures;
  readonly lines: readonly StatementLine[];
}

/**
 * One period's statement from cycles held in memory (the CLI, tests). `carried` as in
 * {@link classifyCycle}: the keys the previous statement listed as running, or `null` when there
 * was no previous statement.
 */
export function computeStatement(agreement: CompiledAgreement, period: Period, cycles: Iterable<StatementCycle>, excluded: ReadonlySet<string>, carried: ReadonlySet<string> | null, history: readonly PeriodHistory[]): ComputedStatement {
  const tallies = emptyTallies(agreement);
  const lines: StatementLine[] = [];
  for (const cycle of cycles) {
    if (!levelsOf(agreement, cycle).length) continue;
    const cls = classifyCycle(period, cycle, excluded.has(cycle.key), carried === null || carried.has(cycle.key));
    if (cls === null) continue;
    lines.push({ cycle, cls, levels: addToTallies(tallies, agreement, cycle, cls) });
  }
  return { figures: statementFigures(agreement, period, tallies, history), lines };
}

/** Statements a series computes at most: twenty years of months. */
export const MAX_SERIES_PERIODS = 240;

/**
 * Every statement of an agreement from its first period through `through`, from cycles as they
 * are now (the CLI's offline figures): each period's close sees the cycles in their present state.
 */
export function statementSeries(agreement: CompiledAgreement, cycles: readonly StatementCycle[], excluded: ReadonlySet<string>, through: Period): ComputedStatement[] {
  const statements: ComputedStatement[] = [];
  const history: PeriodHistory[] = [];
  let carried: Set<string> | null = null;
  for (let period = periodOf(agreement.validFrom, agreement.unit, agreement.timeZone); period.from <= through.from && (agreement.validTo === null || period.from < agreement.validTo); period = nextPeriod(period, agreement.unit, agreement.timeZone)) {
    if (statements.length >= MAX_SERIES_PERIODS) throw new RangeError(`A series holds at most ${MAX_SERIES_PERIODS} periods`);
    const statement = computeStatement(agreement, period, cycles, excluded, carried, history);
    statements.push(statement);
    history.push(historyOf(statement.figures));
    carried = new Set(statement.lines.filter((line) => line.cls === 'running').map((line) => line.cycle.key));
  }
  return statements;
}
