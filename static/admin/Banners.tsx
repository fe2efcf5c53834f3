/** What the admin is told above the tabs: the draft's problems in words, and how a save, restore or import went. */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AnswerOf } from '../../src/contract';
import { describePath, type ConfigError } from '../../src/domain/config/paths';
import type { Draft } from './draft';
import { PersonName } from './PersonName';

type ConfigVersion = AnswerOf<'admin', 'getConfig'>;

export type Banner = { kind: 'success' | 'error' | 'warning'; title: string; body?: string; conflict?: ConfigVersion; serverErrors?: ConfigError[] };

/** Each problem at its place in words (the JSON path in the tooltip). */
function ProblemList({ draft, errors, testId }: { draft: Draft; errors: readonly ConfigError[]; testId?: string }) {
  return (
    <ul data-testid={testId} style={{ margin: 0 }}>
      {errors.map((error) => (
        <li key={`${error.path}:${error.message}`} title={error.path}>
          {describePath(draft, error.path)}: {error.message}
        </li>
      ))}
    </ul>
  );
}

export function Problems({ draft, errors }: { draft: Draft; errors: readonly ConfigError[] }) {
  if (!errors.length) return null;
  return (
    <SectionMessage appearance="warning" title={`${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before saving`}>
      <ProblemList draft={draft} errors={errors} testId="problems" />
    </SectionMessage>
  );
}

/** A save's outcome; a conflict shows what the other version changed and lets the admin choose. */
export function SaveBanner({ banner, draft, saveOver, reload }: { banner: Banner; draft: Draft; saveOver: (version: number) => void; reload: () => void }) {
  const { conflict } = banner;
  return (
    <SectionMessage appearance={banner.kind} title={banner.title}>
      {conflict?.savedBy ? (
        <p>
          Saved by <PersonName accountId={conflict.savedBy} />.
        </p>
      ) : null}
      {banner.body ? <p>{banner.body}</p> : null}
      {banner.serverErrors ? <ProblemList draft={draft} errors={banner.serverErrors} /> : null}
      {conflict ? (
        <>
          <ul aria-label={`What version ${conflict.version} changed`}>
            {conflict.changes.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
          <div style={{ display: 'flex', gap: token('space.100') }}>
            <Button appearance="primary" onClick={() => saveOver(conflict.version)}>
              Save mine as version {conflict.version + 1}
            </Button>
            <Button onClick={reload}>Discard mine, load version {conflict.version}</Button>
          </div>
        </>
      ) : null}
    </SectionMessage>
  );
}
