/** Labelled form controls that show the schema's error for their path, linked for screen readers. */
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

export function Field({ label, error, children }: { label: string; error?: string; children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div style={{ display: 'grid', gap: token('space.050'), minWidth: 0 }}>
      <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {label}
      </label>
      {children({ id, ...(error ? { 'aria-describedby': errorId, 'aria-invalid': true } : {}) })}
      {error ? (
        <div id={errorId} role="alert" style={{ font: token('font.body.small'), color: token('color.text.danger') }}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function TextField({ label, value, onChange, error, placeholder, width, type, list }: { label: string; value: string; onChange: (value: string) => void; error?: string; placeholder?: string; width?: number; type?: string; list?: string }) {
  return (
    <Field label={label} error={error}>
      {(props) => (
        <Textfield
          {...props}
          value={value}
          type={type}
          list={list}
          width={width}
          placeholder={placeholder}
          isInvalid={!!error}
          onChange={(event) => onChange((event.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

type Option = { label: string; value: string };

export function MultiPicker({ label, options, value, onChange, error }: { label: string; options: readonly string[]; value: readonly string[]; onChange: (value: string[]) => void; error?: string }) {
  const all = [...new Set([...options, ...value])].map((option) => ({ label: option, value: option }));
  return (
    <Field label={label} error={error}>
      {({ id }) => (
        <Select<Option, true>
          inputId={id}
          isMulti
          options={all}
          value={all.filter((option) => value.includes(option.value))}
          onChange={(selected) => onChange(selected.map((option) => option.value))}
          validationState={error ? 'error' : 'default'}
          aria-label={label}
        />
      )}
    </Field>
  );
}

export function SinglePicker({ label, options, value, onChange, error }: { label: string; options: readonly Option[]; value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <Field label={label} error={error}>
      {({ id }) => (
        <Select<Option>
          inputId={id}
          options={options}
          value={options.find((option) => option.value === value) ?? null}
          onChange={(selected) => selected && onChange(selected.value)}
          validationState={error ? 'error' : 'default'}
          aria-label={label}
        />
      )}
    </Field>
  );
}

export const card = {
  border: `${token('border.width')} solid ${token('color.border')}`,
  borderRadius: token('radius.medium'),
  padding: token('space.200'),
  display: 'grid',
  gap: token('space.150'),
  background: token('elevation.surface.raised'),
} as const;

export const row = { display: 'flex', flexWrap: 'wrap', gap: token('space.150'), alignItems: 'end' } as const;

const nativeSelectStyle = {
  font: token('font.body'),
  padding: token('space.050'),
  borderRadius: token('radius.small'),
  border: `${token('border.width')} solid ${token('color.border.input')}`,
  background: token('color.background.input'),
  color: token('color.text'),
} as const;

/** A compact native select, for tables and condition rows where Atlaskit's select is too tall. */
export function NativeSelect({ label, options, value, onChange }: { label: string; options: readonly Option[]; value: string; onChange: (value: string) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} style={nativeSelectStyle}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** `"a, b"` ⇄ `["a", "b"]`, for free lists such as labels and e-mail domains. */
export const listText = (values: readonly string[] | undefined) => (values ?? []).join(', ');
export const parseListText = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The id of the list of the site's custom fields offered where a rule or scope names one. */
export const CUSTOM_FIELDS_LIST = 'custom-fields';

/** Custom fields to pick by name; choosing one writes `customfield_NNNNN: ` for the values to follow. */
export function CustomFieldOptions({ fields }: { fields: readonly { id: string; name: string }[] }) {
  return (
    <datalist id={CUSTOM_FIELDS_LIST}>
      {fields.map((field) => (
        <option key={field.id} value={`${field.id}: `}>
          {field.name}
        </option>
      ))}
    </datalist>
  );
}
