/**
 * The panel's agreement part: the issue's customer and agreement, and per service level its
 * metric counts for how the period stands and whether this cycle's breach costs a credit. A cycle
 * belongs to the period it stopped in (an open one to the period running now), under the priority
 * it stopped with: a closed period is shown as its statement says, the open one from its forecast.
 * For agents only: credits are the provider's business, not the customer's.
 */
import { holdsAt, levelsOf, periodOf, type CompiledAgreement, type CompiledConfig, type IssueEvaluation, type MetricResult, type MetricStatus, type Period } from '../domain';
import { readStatement, statementVersions, type StatementEntity } from '../storage/statement-store';
import type { PanelAgreement, PanelLevel } from '../contract/panel';

const BREACHED: readonly MetricStatus[] = ['breached', 'met-late'];

/** The instant a cycle counts at: its stop, or now while it is open. */
const countsAt = (result: MetricResult, now: number) => (result.state === 'stopped' && result.stoppedAt !== null ? result.stoppedAt : now);

/** What a period's figures are read from: the latest written statement of a closed period, the forecast of the open one. */
function statementReader(agreement: CompiledAgreement, now: number): (period: Period) => Promise<StatementEntity | undefined> {
  const read = new Map<string, Promise<StatementEntity | undefined>>();
  return (period) => {
    let statement = read.get(period.id);
    if (!statement) {
      statement = period.to <= now ? statementVersions(agreement.id, period).then((versions) => versions.at(-1)) : readStatement(agreement.id, period.id, 0).then((forecast) => (forecast?.period.id === period.id ? forecast : undefined));
      read.set(period.id, statement);
    }
    return statement;
  };
}

export async function panelAgreement(evaluation: IssueEvaluation, config: CompiledConfig, now: number): Promise<PanelAgreement | null> {
  const holding = (instant: number) => evaluation.customer.map((entry) => ({ entry, agreement: config.agreements.find((candidate) => candidate.id === entry.id) })).find(({ agreement }) => agreement && holdsAt(agreement, instant));
  const results = Object.values(evaluation.metrics);
  const found = holding(now) ?? results.map((result) => holding(countsAt(result, now))).find((candidate) => candidate?.agreement);
  if (!found?.agreement) return null;
  const { entry, agreement } = found;
  const statementOf = statementReader(agreement, now);
  const open = periodOf(now, agreement.unit, agreement.timeZone);
  const levels: PanelLevel[] = [];
  for (const result of results) {
    const instant = countsAt(result, now);
    if (!holdsAt(agreement, instant)) continue;
    const period = periodOf(instant, agreement.unit, agreement.timeZone);
    const statement = await statementOf(period);
    for (const level of levelsOf(agreement, { metric: result.metric, priority: result.cyclePriority ?? '' })) {
      const figures = statement?.figures.levels.find((candidate) => candidate.id === level.id);
      const breached = BREACHED.includes(result.status);
      const missed = figures ? figures.outcome === 'missed' || figures.outcome === 'below-minimum' : null;
      levels.push({
        id: level.id,
        name: level.name,
        metric: result.name,
        period: period.id,
        closed: period.to <= now,
        expected: level.expected / 100,
        minimum: level.minimum === null ? null : level.minimum / 100,
        achieved: figures?.achieved ?? null,
        outcome: figures?.outcome ?? null,
        headroom: figures?.headroom ?? null,
        charged: figures?.charged ?? null,
        cycleStatus: result.status,
        // A breach costs a credit when the level misses with it: already missed, or no breach to spare.
        costsCredit: missed === null ? null : breached ? missed : missed || figures!.headroom === 0,
      });
    }
  }
  const forecast = await statementOf(open);
  return { id: agreement.id, name: agreement.name, customer: agreement.customer, reason: entry.reason, period: open.id, currency: agreement.currency, asOf: forecast?.asOf ?? null, levels };
}
