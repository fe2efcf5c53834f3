/** Which issues a policy holds: projects, issue and request types, labels, components, a custom field's values; and its calendar. */
import { token } from '@atlaskit/tokens';
import type { Lookups } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config/paths';
import { errorAt, type Draft } from './draft';
import { CUSTOM_FIELDS_LIST, listText, MultiPicker, parseListText, SinglePicker, TextField } from './fields';

type Policy = Draft['policies'][number];

export function PolicyScope({ policy, lookups, calendars, errors, at, change }: { policy: Policy; lookups: Lookups; calendars: { label: string; value: string }[]; errors: readonly ConfigError[]; at: string; change: (fn: (p: Policy) => void) => void }) {
  /** A free list of the scope: removed when empty, so "any" stays the default. */
  const list = (key: 'requestTypes' | 'labels' | 'components', value: string) =>
    change((p) => {
      const values = parseListText(value);
      if (values.length) p.scope[key] = values;
      else delete p.scope[key];
    });
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.150') }}>
      <MultiPicker label="Projects" options={lookups.projects.map((project) => project.key)} value={policy.scope.projects} onChange={(value) => change((p) => (p.scope.projects = value))} error={errorAt(errors, `${at}.scope.projects`, true)} />
      <MultiPicker label="Issue types (all when empty)" options={lookups.issueTypes} value={policy.scope.issueTypes ?? []} onChange={(value) => change((p) => (value.length ? (p.scope.issueTypes = value) : delete p.scope.issueTypes))} error={errorAt(errors, `${at}.scope.issueTypes`, true)} />
      <SinglePicker label="Calendar" options={calendars} value={policy.calendar} onChange={(value) => change((p) => (p.calendar = value))} error={errorAt(errors, `${at}.calendar`)} />
      <TextField label="Request types (any when empty)" placeholder="Get IT help, Report a bug" value={listText(policy.scope.requestTypes)} onChange={(value) => list('requestTypes', value)} error={errorAt(errors, `${at}.scope.requestTypes`, true)} />
      <TextField label="Labels (any when empty)" value={listText(policy.scope.labels)} onChange={(value) => list('labels', value)} error={errorAt(errors, `${at}.scope.labels`, true)} />
      <TextField label="Components (any when empty)" value={listText(policy.scope.components)} onChange={(value) => list('components', value)} error={errorAt(errors, `${at}.scope.components`, true)} />
      <TextField
        label="Custom field (id) holds one of"
        list={CUSTOM_FIELDS_LIST}
        placeholder="customfield_10050: Gold, Platinum"
        value={policy.scope.field ? `${policy.scope.field.id}: ${listText(policy.scope.field.values)}` : ''}
        onChange={(value) =>
          change((p) => {
            const [id, values = ''] = value.split(':');
            if (id?.trim()) p.scope.field = { id: id.trim(), values: parseListText(values) };
            else delete p.scope.field;
          })
        }
        error={errorAt(errors, `${at}.scope.field`, true)}
      />
    </div>
  );
}
