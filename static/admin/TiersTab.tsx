/** Customer tiers in order, each with its rules. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { ConfigError } from '../../src/domain/config/paths';
import { edit, errorAt, move, newTier, type Draft } from './draft';
import { card, row, TextField } from './fields';
import { RulesEditor } from './RulesEditor';

type TierDraft = Draft['tiers'][number];

/** Customer tiers in order: the first whose rules hold decides; the last is the default and has no rules. */
export function TiersTab({ draft, errors, onChange }: { draft: Draft; errors: readonly ConfigError[]; onChange: (draft: Draft) => void }) {
  const change = (index: number, fn: (tier: TierDraft) => void) => onChange(edit(draft, (copy) => fn(copy.tiers[index]!)));
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>
        A reporter is in the first tier whose rules hold (any rule of a tier is enough); the last tier is the default. Target cells name tiers by id.
      </p>
      {draft.tiers.map((tier, index) => {
        const last = index === draft.tiers.length - 1;
        const at = `tiers[${index}]`;
        return (
          <section key={index} style={card} aria-label={`Tier ${tier.name}`} data-testid={`tier-${tier.id}`}>
            <div style={{ ...row, justifyContent: 'space-between' }}>
              <h3 style={{ margin: 0, font: token('font.heading.small') }}>
                {index + 1}. {tier.name}
                {last ? ' (default)' : ''}
              </h3>
              <div style={{ display: 'flex', gap: token('space.100') }}>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.tiers, index, index - 1)))} isDisabled={index === 0}>
                  Move up
                </Button>
                <Button onClick={() => onChange(edit(draft, (copy) => move(copy.tiers, index, index + 1)))} isDisabled={last}>
                  Move down
                </Button>
                <Button appearance="subtle" isDisabled={draft.tiers.length === 1} onClick={() => window.confirm(`Remove the tier ${tier.name}? Target cells that name it become errors to fix.`) && onChange(edit(draft, (copy) => copy.tiers.splice(index, 1)))}>
                  Remove
                </Button>
              </div>
            </div>
            <div style={row}>
              <TextField label="Tier name" value={tier.name} onChange={(value) => change(index, (t) => (t.name = value))} error={errorAt(errors, `${at}.name`)} />
              <TextField label="Tier id" value={tier.id} onChange={(value) => change(index, (t) => (t.id = value))} error={errorAt(errors, `${at}.id`)} width={160} />
            </div>
            {last ? (
              <p style={{ margin: 0, color: token('color.text.subtle') }}>Everyone no earlier tier takes.</p>
            ) : (
              <RulesEditor rules={tier.rules ?? []} owner={tier.name} error={errorAt(errors, `${at}.rules`, true)} onChange={(rules) => change(index, (t) => (t.rules = rules))} />
            )}
          </section>
        );
      })}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => copy.tiers.splice(copy.tiers.length - 1, 0, newTier(copy))))}>Add tier</Button>
      </div>
    </div>
  );
}
