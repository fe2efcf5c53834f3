/**
 * The panel's agreement part: the issue's customer and agreement, and per service level its
 * metric counts for how the period stands (from the forecast) and whether this cycle's breach
 * costs a credit. For agents only: credits are the provider's business, not the customer's.
 */
import { holdsAt, levelsOf, periodOf, type CompiledConfig, type IssueEvaluation, type MetricStatus } from '../domain';
import { readStatement } from '../storage/statement-store';
import type { PanelAgreement, PanelLevel } from '../contract/panel';

const BREACHED: readonly MetricStatus[] = ['breached', 'met-late'];

export async function panelAgreement(evaluation: IssueEvaluation, config: CompiledConfig, now: number): Promise<PanelAgreement | null> {
  const found = evaluation.customer.map((entry) => ({ entry, agreement: config.agreements.find((candidate) => candidate.id === entry.id) })).find(({ agreement }) => agreement && holdsAt(agreement, now));
  if (!found?.agreement) return null;
  const { entry, agreement } = found;
  const period = periodOf(now, agreement.unit, agreement.timeZone);
  const forecast = await readStatement(agreement.id, period.id, 0);
  const current = forecast?.period.id === period.id ? forecast : undefined;
  const levels: PanelLevel[] = [];
  for (const result of Object.values(evaluation.metrics)) {
    for (const level of levelsOf(agreement, { metric: result.metric, priority: evaluation.priority ?? '' })) {
      const figures = current?.figures.levels.find((candidate) => candidate.id === level.id);
      const breached = BREACHED.includes(result.status);
      const missed = figures ? figures.outcome === 'missed' || figures.outcome === 'below-minimum' : null;
      levels.push({
        id: level.id,
        name: level.name,
        metric: result.name,
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
  return { id: agreement.id, name: agreement.name, customer: agreement.customer, reason: entry.reason, period: period.id, currency: agreement.currency, asOf: current?.asOf ?? null, levels };
}
