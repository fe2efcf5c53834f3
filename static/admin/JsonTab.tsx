/** The config document as JSON: export it, or import one (the first form is migrated). */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { type Draft } from './draft';
import { card, row } from './fields';

export function JsonTab({ draft, onImport }: { draft: Draft; onImport: (value: unknown) => string | undefined }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const load = (source: string) => {
    try {
      const refusal = onImport(JSON.parse(source));
      setError(refusal ?? '');
      if (!refusal) setText('');
    } catch (problem) {
      setError(`Not JSON: ${(problem as Error).message}`);
    }
  };
  const exported = JSON.stringify(draft, null, 2);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: token('space.200') }}>
      <section style={card} aria-label="Export">
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>Export</h3>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>The draft in the config format the CLI reads (`sla validate --config`).</p>
        <TextArea value={exported} isReadOnly minimumRows={16} aria-label="Config JSON" />
        <div>
          <Button onClick={() => download(exported)}>Download sla-config.json</Button>
        </div>
      </section>
      <section style={card} aria-label="Import">
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>Import</h3>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>Replaces the draft; problems show on the tabs before anything is saved.</p>
        <TextArea value={text} onChange={(event) => setText(event.target.value)} minimumRows={12} aria-label="Config JSON to import" />
        <div style={row}>
          <Button isDisabled={!text.trim()} onClick={() => load(text)}>
            Import text
          </Button>
          <label>
            or a file <input type="file" accept=".json,application/json" onChange={(event) => event.target.files?.[0]?.text().then(load)} />
          </label>
        </div>
        {error ? <SectionMessage appearance="error">{error}</SectionMessage> : null}
      </section>
    </div>
  );
}

function download(text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = 'sla-config.json';
  link.click();
  URL.revokeObjectURL(link.href);
}
