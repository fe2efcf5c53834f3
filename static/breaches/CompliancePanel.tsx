/**
 * Compliance per metric over a calendar week, month or quarter, grouped by priority, tier, policy,
 * customer or assignee; each count opens the clocks behind it in the list.
 */
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf, PayloadOf, ReportFilters } from '../../src/contract';
import { resolvers, type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { Choice } from './Choice';
import { ComplianceChart, type ComplianceCell } from './ComplianceChart';
import { LoadFailed } from './LoadFailed';
import { COMPLIANCE_RANGES, rangeInstants, type PageState } from './route';

const call = resolvers('report');
type Compliance = AnswerOf<'report', 'compliance'>;

/** The list's filters that compliance also takes. */
export const complianceFilters = ({ project, policy, priority, assignee, tier, agreement }: ReportFilters) => Object.fromEntries(Object.entries({ project, policy, priority, assignee, tier, agreement }).filter(([, value]) => value !== undefined));

type GroupBy = NonNullable<PayloadOf<'report', 'compliance'>['by']>;

export function CompliancePanel({ context, state, change, priorities }: { context: ViewContext; state: PageState; change: (next: PageState) => void; priorities: readonly string[] }) {
  const [compliance, setCompliance] = useState<Compliance>();
  const [error, setError] = useState<string>();
  const [by, setBy] = useState<GroupBy>('priority');
  const key = JSON.stringify({ filters: complianceFilters(state.filters), range: state.range, by });
  const load = useCallback(async () => {
    const { range, filters, by: group } = JSON.parse(key) as { filters: ReportFilters; range: PageState['range']; by: GroupBy };
    const { from, to } = rangeInstants(range, context.timezone, Date.now());
    setError(undefined);
    setCompliance(undefined);
    const answer = await call('compliance', { filters, by: group, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    if (answer.ok) setCompliance(answer.value);
    else setError(answer.error.message);
  }, [key, context.timezone]);
  useEffect(() => void load(), [load]);
  // A count opens the clocks behind it: the list, stopped in the period, met or late, in that group.
  const open = (metric: string, cell: ComplianceCell, met: boolean) => {
    const { from, to } = rangeInstants(state.range, context.timezone, Date.now());
    const group = cell.key === 'All' || (by === 'assignee' && cell.key === 'others') ? {} : { [by]: by === 'assignee' && cell.key === '' ? 'unassigned' : cell.key };
    change({ ...state, filters: { ...complianceFilters(state.filters), ...group, metric, status: met ? 'met' : 'met-late', dates: { on: 'stopped', from: new Date(from).toISOString(), to: new Date(to).toISOString() } } });
    window.scrollTo(0, 0);
  };
  return (
    <section aria-labelledby="compliance-title" style={{ display: 'grid', gap: token('space.150'), minWidth: 0 }}>
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'end', flexWrap: 'wrap' }}>
        <h2 id="compliance-title" style={{ margin: 0, font: token('font.heading.medium') }}>
          Compliance
        </h2>
        <Choice label={`Period (${context.timezone})`} value={state.range} choices={COMPLIANCE_RANGES.map((range) => ({ value: range.id, label: range.label }))} onChange={(range) => range && change({ ...state, range })} />
        <Choice<GroupBy>
          label="Per"
          value={by}
          choices={[
            { value: 'priority', label: 'Priority' },
            { value: 'tier', label: 'Tier' },
            { value: 'policy', label: 'Policy' },
            { value: 'agreement', label: 'Customer' },
            { value: 'assignee', label: 'Assignee' },
          ]}
          onChange={(group) => group && setBy(group)}
        />
      </div>
      {error ? (
        <LoadFailed what="Compliance" error={error} retry={() => void load()} testId="retry-compliance" />
      ) : compliance ? (
        <>
          {compliance.openFrom ? <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>From {formatInstant(compliance.openFrom, context.locale, context.timezone)} counted live from the clocks; earlier days from their frozen figures.</p> : null}
          <ComplianceChart compliance={compliance} priorities={priorities} open={open} />
        </>
      ) : (
        <Spinner label="Loading compliance" />
      )}
    </section>
  );
}
