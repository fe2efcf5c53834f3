/** The audit history: every saved version, who saved it and what it changed, with restore. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { type ViewContext } from '../shared/bridge';
import { formatInstant } from '../shared/format';
import { card, row } from './fields';
import { PersonName } from './PersonName';
import type { AnswerOf } from '../../src/contract';

type ConfigVersion = AnswerOf<'admin', 'getConfig'>;

export function HistoryTab({ history, context, onRestore }: { history: ConfigVersion[]; context: ViewContext; onRestore: (version: number) => void }) {
  if (!history.length) return <p>No saved versions yet.</p>;
  return (
    <ol style={{ display: 'grid', gap: token('space.150'), listStyle: 'none', padding: 0 }}>
      {history.map((version, index) => (
        <li key={version.version} style={card}>
          <div style={{ ...row, justifyContent: 'space-between' }}>
            <strong>
              Version {version.version}
              {version.restoredFrom ? ` (restores version ${version.restoredFrom})` : ''}
            </strong>
            <span style={{ color: token('color.text.subtle') }}>
              {formatInstant(version.savedAt, context.locale, context.timezone)} by {version.savedBy ? <PersonName accountId={version.savedBy} /> : 'the app'}
            </span>
            {index > 0 ? <Button onClick={() => onRestore(version.version)}>Restore version {version.version}</Button> : <span>Current</span>}
          </div>
          <ul style={{ margin: 0, font: token('font.code') }}>
            {version.changes.length ? version.changes.map((line) => <li key={line}>{line}</li>) : <li>(no changes)</li>}
          </ul>
        </li>
      ))}
    </ol>
  );
}
