/** The managers' page's plain labelled select, styled with design tokens. */
import { token } from '@atlaskit/tokens';

export const selectStyle = { font: token('font.body'), padding: token('space.050'), minWidth: 140, maxWidth: 220, borderRadius: token('radius.small'), border: `${token('border.width')} solid ${token('color.border.input')}`, background: token('color.background.input'), color: token('color.text') };
export const labelStyle = { display: 'grid', gap: token('space.050'), font: token('font.body.small'), color: token('color.text.subtle') } as const;

/** A select under its label; `all` adds a first choice of no value. */
export function Choice<T extends string>({ label, value, choices, onChange, all }: { label: string; value: T | ''; choices: readonly { value: T; label: string }[]; onChange: (value: T | '') => void; all?: string }) {
  return (
    <label style={labelStyle}>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value as T | '')} style={selectStyle}>
        {all ? <option value="">{all}</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

