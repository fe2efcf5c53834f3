/**
 * A person by the name Jira shows, never a bare account id: asked once per account id and page
 * (names asked together in the same moment go in one request).
 */
import { useEffect, useState } from 'react';
import { resolvers } from '../shared/bridge';

const call = resolvers('admin');
const names = new Map<string, Promise<string>>();
let waiting: { ids: string[]; settle: Map<string, (name: string) => void> } | undefined;

function nameOf(accountId: string): Promise<string> {
  const known = names.get(accountId);
  if (known) return known;
  const promise = new Promise<string>((resolve) => {
    if (!waiting) {
      const batch = (waiting = { ids: [], settle: new Map() });
      setTimeout(() => {
        waiting = undefined;
        void call('people', { accountIds: batch.ids.slice(0, 50) }).then((answer) => {
          const found = new Map(answer.ok ? answer.value.map((person) => [person.accountId, person.displayName]) : []);
          for (const [id, settle] of batch.settle) settle(found.get(id) ?? (answer.ok ? 'Someone Jira no longer knows' : 'Someone (Jira did not answer)'));
        });
      }, 0);
    }
    waiting.ids.push(accountId);
    waiting.settle.set(accountId, resolve);
  });
  names.set(accountId, promise);
  return promise;
}

export function PersonName({ accountId }: { accountId: string }) {
  const [name, setName] = useState<string>();
  useEffect(() => {
    let live = true;
    void nameOf(accountId).then((found) => live && setName(found));
    return () => {
      live = false;
    };
  }, [accountId]);
  return <span title={accountId}>{name ?? '…'}</span>;
}
