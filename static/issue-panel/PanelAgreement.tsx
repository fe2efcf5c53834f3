/** The customer's agreement and what this cycle means for its credits: for agents only. */
import { token } from '@atlaskit/tokens';
import type { AnswerOf } from '../../src/contract';
import { text } from '../shared/ui';

type PanelView = AnswerOf<'panel', 'getSla'>;
type AgreementJson = NonNullable<Extract<PanelView, { kind: 'sla' }>['agreement']>;

/** The customer's agreement, and whether this issue's breach costs a service credit this period (agents only). */
export function Agreement({ agreement, locale }: { agreement: AgreementJson; locale: string }) {
  const money = (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: agreement.currency }).format(cents / 100);
  const verdict = (level: AgreementJson['levels'][number]) => {
    if (level.costsCredit === null) return level.closed ? `no statement for ${level.period} yet` : 'no forecast yet for this period';
    const breached = level.cycleStatus === 'breached' || level.cycleStatus === 'met-late';
    const when = level.closed ? `in ${level.period} (closed)` : 'so far this period';
    if (breached) return level.costsCredit ? `this breach costs a credit (${money(level.charged ?? 0)} ${when})` : `this breach costs no credit: the level ${level.closed ? 'met' : 'still meets'} ${level.expected} %${level.closed ? ` in ${level.period}` : ''}`;
    return level.costsCredit ? 'a breach here would cost a credit' : `${level.headroom} more breaches before a credit`;
  };
  return (
    <section aria-labelledby="agreement-title" data-testid="agreement" style={{ display: 'grid', gap: token('space.050') }}>
      <h3 id="agreement-title" style={{ margin: 0, font: token('font.heading.xsmall'), color: token('color.text') }}>
        Agreement: {agreement.customer}
      </h3>
      <div style={text.subtle}>
        {agreement.name} ({agreement.reason}) · {agreement.period}
      </div>
      <ul style={{ margin: 0, paddingLeft: token('space.200') }}>
        {agreement.levels.map((level) => (
          <li key={level.id} data-testid={`agreement-${level.id}`}>
            {level.name}: {level.achieved === null ? 'no cycle counted yet' : `${level.achieved} % met`} of {level.expected} % expected; {verdict(level)}
          </li>
        ))}
      </ul>
    </section>
  );
}
