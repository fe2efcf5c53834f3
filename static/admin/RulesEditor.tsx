/**
 * Who a tier or an agreement's customer is: Jira groups and people (found by name), JSM
 * organizations, reporter e-mail domains, a custom field's values. Any rule that holds is enough.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { TierRule } from '../../src/domain/config/tiers';
import { resolvers } from '../shared/bridge';
import { PersonName } from './PersonName';
import { card, CUSTOM_FIELDS_LIST, listText, parseListText, row, TextField } from './fields';

const call = resolvers('admin');

export function RulesEditor({ rules, owner, error, onChange }: { rules: readonly TierRule[]; owner: string; error?: string; onChange: (rules: TierRule[]) => void }) {
  const setRule = (form: 'accountIds' | 'groups' | 'organizations' | 'emailDomains', values: string[]) => {
    const kept = rules.filter((rule) => !(form in rule));
    onChange(values.length ? [...kept, { [form]: values } as TierRule] : kept);
  };
  const valuesOf = (form: 'accountIds' | 'groups' | 'organizations' | 'emailDomains') => rules.find((rule) => rule[form])?.[form] ?? [];
  const fieldRule = rules.find((rule) => rule.field);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: token('space.150') }}>
      <PeopleList
        title="Groups"
        help="Members of these Jira groups."
        searchLabel={`Find a group for ${owner}`}
        values={valuesOf('groups')}
        show={(group) => group}
        search={async (query) => {
          const answer = await call('findGroups', { query });
          return answer.ok ? answer.value.map((group) => ({ value: group, label: group })) : [];
        }}
        onChange={(values) => setRule('groups', values)}
      />
      <PeopleList
        title="People"
        help="These reporters."
        searchLabel={`Find a person for ${owner}`}
        values={valuesOf('accountIds')}
        show={(accountId) => <PersonName accountId={accountId} />}
        search={async (query) => {
          const answer = await call('findUsers', { query });
          return answer.ok ? answer.value.map((user) => ({ value: user.accountId, label: user.displayName })) : [];
        }}
        onChange={(values) => setRule('accountIds', values)}
      />
      <TextField label="Organizations (Jira Service Management)" value={listText(valuesOf('organizations'))} onChange={(value) => setRule('organizations', parseListText(value))} error={error} />
      <TextField label="Reporter e-mail domains" placeholder="example.com" value={listText(valuesOf('emailDomains'))} onChange={(value) => setRule('emailDomains', parseListText(value))} />
      <TextField
        label="Custom field (id) holds one of"
        list={CUSTOM_FIELDS_LIST}
        placeholder="customfield_10050: Gold"
        value={fieldRule ? `${fieldRule.field}: ${listText(fieldRule.values)}` : ''}
        onChange={(value) => {
          const kept = rules.filter((rule) => !rule.field);
          const [field, values = ''] = value.split(':');
          onChange(field?.trim() ? [...kept, { field: field.trim(), values: parseListText(values) }] : kept);
        }}
      />
    </div>
  );
}

function PeopleList(props: {
  title: string;
  help: string;
  searchLabel: string;
  values: readonly string[];
  show: (value: string) => ReactNode;
  search: (query: string) => Promise<{ value: string; label: string }[]>;
  onChange: (values: string[]) => void;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  return (
    <section style={card} aria-label={props.title}>
      <h3 style={{ margin: 0, font: token('font.heading.small') }}>{props.title}</h3>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>{props.help}</p>
      <ul style={{ margin: 0 }}>
        {props.values.map((value) => (
          <li key={value}>
            {props.show(value)}{' '}
            <Button appearance="subtle" spacing="compact" onClick={() => props.onChange(props.values.filter((other) => other !== value))}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <div style={row}>
        <TextField label={props.searchLabel} value={query} onChange={setQuery} />
        <Button onClick={() => void props.search(query).then(setFound)}>Search</Button>
      </div>
      {found.map((option) => (
        <Button key={option.value} spacing="compact" isDisabled={props.values.includes(option.value)} onClick={() => props.onChange([...props.values, option.value])}>
          Add {option.label}
        </Button>
      ))}
    </section>
  );
}
