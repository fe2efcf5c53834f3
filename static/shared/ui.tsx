/**
 * Small pieces the three apps share: status lozenges, a live region, notices. Built on design
 * tokens alone on purpose: the issue panel loads on every issue view (budget: 150 KB of gzipped
 * JS), and @atlaskit/lozenge brings a feature-flag client of about 60 KB with it.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties, ReactNode } from 'react';
import type { MetricStatus } from '../../src/domain/clocks/results';

// The lozenge appearances of the design system: subtle, or bold for what needs attention.
const LOZENGE: Record<MetricStatus, { label: string; background: string; color: string }> = {
  'on-track': { label: 'On track', background: token('color.background.information'), color: token('color.text.information') },
  'at-risk': { label: 'At risk', background: token('color.background.warning.bold'), color: token('color.text.warning.inverse') },
  breached: { label: 'Breached', background: token('color.background.danger.bold'), color: token('color.text.inverse') },
  paused: { label: 'Paused', background: token('color.background.neutral'), color: token('color.text.subtle') },
  met: { label: 'Met', background: token('color.background.success'), color: token('color.text.success') },
  'met-late': { label: 'Met late', background: token('color.background.danger'), color: token('color.text.danger') },
};

export function StatusLozenge({ status }: { status: MetricStatus }) {
  const look = LOZENGE[status];
  return (
    <span
      data-testid={`status-${status}`}
      style={{
        display: 'inline-block',
        padding: `0 ${token('space.050')}`,
        borderRadius: token('radius.small'),
        background: look.background,
        color: look.color,
        font: token('font.body.small'),
        fontWeight: token('font.weight.bold'),
        textTransform: 'uppercase',
        whiteSpace: 'nowrap',
      }}
    >
      {look.label}
    </span>
  );
}

export const statusLabel = (status: MetricStatus) => LOZENGE[status].label;

/** Announces changes to screen readers without moving focus. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div aria-live="polite" role="status" style={visuallyHidden}>
      {message}
    </div>
  );
}

export const visuallyHidden: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' };

const NOTICE = {
  error: { background: token('color.background.danger'), border: token('color.border.danger') },
  info: { background: token('color.background.information'), border: token('color.border.information') },
  warning: { background: token('color.background.warning'), border: token('color.border.warning') },
  success: { background: token('color.background.success'), border: token('color.border.success') },
};

/** A titled message in the colours of its kind; errors are announced (role alert). */
export function Notice({ kind = 'info', title, children }: { kind?: keyof typeof NOTICE; title: string; children?: ReactNode }) {
  const look = NOTICE[kind];
  return (
    <div
      role={kind === 'error' ? 'alert' : 'note'}
      style={{ background: look.background, borderLeft: `${token('border.width.selected')} solid ${look.border}`, borderRadius: token('radius.small'), padding: token('space.150'), color: token('color.text') }}
    >
      <strong style={{ font: token('font.heading.xsmall') }}>{title}</strong>
      {children ? <div style={{ marginTop: token('space.050'), font: token('font.body') }}>{children}</div> : null}
    </div>
  );
}

/** A plain button in the design system's colours, for the light apps. */
export function PlainButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      style={{ font: token('font.body'), color: token('color.text'), background: token('color.background.neutral'), border: 'none', borderRadius: token('radius.small'), padding: `${token('space.050')} ${token('space.150')}`, cursor: 'pointer' }}
    >
      {children}
    </button>
  );
}

export const text = {
  subtle: { color: token('color.text.subtle'), font: token('font.body.small') } satisfies CSSProperties,
  body: { color: token('color.text'), font: token('font.body') } satisfies CSSProperties,
};

/** A table's column headings, small and subtle, with a rule below. */
export function TableHead({ headings }: { headings: readonly string[] }) {
  return (
    <thead>
      <tr style={{ textAlign: 'left', font: token('font.body.small'), color: token('color.text.subtle'), borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
        {headings.map((heading) => (
          <th key={heading} scope="col" style={{ padding: token('space.075') }}>
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}
