/**
 * Every exclusion of an agreement, newest first, with who, when and why; a taken-back one stays,
 * marked with who took it back and why. Admins take one back here, with a reason.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { resolvers } from '../shared/bridge';
import { LoadFailed } from './LoadFailed';
import { TableHead } from '../shared/ui';

const call = resolvers('report');
type Exclusion = AnswerOf<'report', 'exclusions'>[number];

export function Exclusions({ agreement, canAdmin, when, version }: { agreement: string; canAdmin: boolean; when: (instant: number) => string; version: number }) {
  const [list, setList] = useState<Exclusion[]>();
  const [error, setError] = useState<string>();
  const [taking, setTaking] = useState<{ key: string; reason: string }>();
  const load = useCallback(async () => {
    setError(undefined);
    const answer = await call('exclusions', { agreement });
    if (answer.ok) setList(answer.value);
    else setError(answer.error.message);
  }, [agreement]);
  // `version` changes when an exclusion is made elsewhere on the page.
  useEffect(() => void load(), [load, version]);

  const takeBack = async () => {
    if (!taking) return;
    const answer = await call('removeExclusion', { agreement, cycleKey: taking.key, reason: taking.reason });
    if (!answer.ok) return setError(answer.error.message);
    setTaking(undefined);
    await load();
  };

  if (error) {
    return (
      <LoadFailed what="The exclusions" error={error} retry={() => void load()} />
    );
  }
  if (!list?.length) return null;
  return (
    <section aria-labelledby="exclusions-title" className="no-print" data-testid="exclusions" style={{ display: 'grid', gap: token('space.075') }}>
      <h3 id="exclusions-title" style={{ margin: 0, font: token('font.heading.small') }}>
        Exclusions of this agreement
      </h3>
      <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>An exclusion counts in the statements written after it: the next close, or a restatement.</p>
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <TableHead headings={['Issue', 'Metric', 'Why', 'By', 'Taken back', ...(canAdmin ? [''] : [])]} />
        <tbody>
          {list.map((exclusion) => (
            <tr key={exclusion.cycleKey} style={{ borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
              <td style={{ padding: token('space.075') }}>{exclusion.issueKey}</td>
              <td style={{ padding: token('space.075') }}>{exclusion.metric}</td>
              <td style={{ padding: token('space.075') }}>{exclusion.reason}</td>
              <td style={{ padding: token('space.075') }}>
                {exclusion.by.name}, {when(exclusion.at)}
              </td>
              <td style={{ padding: token('space.075') }}>{exclusion.removed ? `${exclusion.removed.reason} (${exclusion.removed.by.name}, ${when(exclusion.removed.at)})` : ''}</td>
              {canAdmin ? (
                <td style={{ padding: token('space.075') }}>
                  {exclusion.removed ? null : taking?.key === exclusion.cycleKey ? (
                    <form onSubmit={(event) => (event.preventDefault(), void takeBack())} style={{ display: 'flex', gap: token('space.050'), flexWrap: 'wrap' }} aria-label={`Take back the exclusion of ${exclusion.issueKey}`}>
                      <input autoFocus aria-label="Why (kept with your name)" placeholder="Why (kept with your name)" value={taking.reason} onChange={(event) => setTaking({ key: exclusion.cycleKey, reason: event.target.value })} style={{ font: token('font.body') }} />
                      <Button type="submit" appearance="warning" isDisabled={taking.reason.trim().length < 3}>
                        Take back
                      </Button>
                      <Button appearance="subtle" onClick={() => setTaking(undefined)}>
                        Cancel
                      </Button>
                    </form>
                  ) : (
                    <Button appearance="subtle" onClick={() => setTaking({ key: exclusion.cycleKey, reason: '' })}>
                      Take back…
                    </Button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
