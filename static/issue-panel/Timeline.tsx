/** The running and paused stretches of a clock, as a bar and, on request, as a list. */
import { token } from '@atlaskit/tokens';
import type { ClockInterval } from '../../src/domain/clocks/clock';
import type { WithIsoInstants } from '../../src/domain/clocks/evaluation';
import { formatDuration, formatInstant } from '../shared/format';
import { text } from '../shared/ui';

type Interval = WithIsoInstants<ClockInterval>;

export function Timeline({ intervals, until, locale, timeZone, stoppedAt }: { intervals: readonly Interval[]; until: number; locale: string; timeZone: string; stoppedAt: string | null }) {
  if (!intervals.length) return null;
  const start = Date.parse(intervals[0]!.from);
  const end = stoppedAt ? Date.parse(stoppedAt) : Math.max(until, Date.parse(intervals[intervals.length - 1]!.to));
  const span = Math.max(1, end - start);
  const describe = (interval: Interval) =>
    `${interval.state === 'running' ? 'Running' : 'Paused'} ${formatInstant(interval.from, locale, timeZone)} – ${formatInstant(interval.to, locale, timeZone)}${interval.state === 'running' ? `, ${formatDuration(interval.workedMs)} of working time` : ''}`;
  return (
    <details>
      <summary style={{ ...text.subtle, cursor: 'pointer' }}>
        <span
          role="img"
          aria-label={`Clock history: ${intervals.length} stretches`}
          style={{ display: 'inline-flex', width: '60%', height: 8, verticalAlign: 'middle', borderRadius: 4, overflow: 'hidden', background: token('color.background.neutral') }}
        >
          {intervals.map((interval) => (
            <span
              key={interval.from}
              title={describe(interval)}
              style={{
                width: `${(100 * (Date.parse(interval.to) - Date.parse(interval.from))) / span}%`,
                background: interval.state === 'running' ? token('color.background.brand.bold') : token('color.background.neutral.bold'),
                opacity: interval.state === 'running' ? 1 : 0.4,
              }}
            />
          ))}
        </span>{' '}
        History
      </summary>
      <ul style={{ ...text.subtle, margin: `${token('space.050')} 0 0`, paddingLeft: token('space.200') }}>
        {intervals.map((interval) => (
          <li key={interval.from}>{describe(interval)}</li>
        ))}
      </ul>
    </details>
  );
}
