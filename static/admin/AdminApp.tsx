/**
 * The admin page: edit the config (policies, calendars, VIP), check it as you type with the
 * server's own schema, simulate, save with the version it was based on (a stale save shows the
 * conflict and keeps your edits), restore from the audit history, and watch recomputes progress.
 */
import Button from '@atlaskit/button/new';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AnswerOf, Lookups } from '../../src/contract';
import { validateConfig, type ConfigError } from '../../src/domain/config';
import { isV1 } from '../../src/domain/config-v1';
import { resolvers, viewContext, type ViewContext } from '../shared/bridge';
import { LiveRegion } from '../shared/ui';
import { AgreementsTab } from './AgreementsTab';
import { CalendarsTab } from './CalendarsTab';
import { describePath } from '../../src/domain/config-paths';
import { problems, type Draft } from './draft';
import { PersonName } from './PersonName';
import { HistoryTab, JsonTab, SimulatorTab, TiersTab } from './OtherTabs';
import { CustomFieldOptions } from './fields';
import { PoliciesTab } from './PoliciesTab';

const call = resolvers('admin');

const RECOMPUTE_NOTE: Record<AnswerOf<'admin', 'saveConfig'>['recompute'], string> = {
  started: 'Open issues are being recomputed with it.',
  'after-running': 'A recompute was running: open issues are recomputed with this version when it ends.',
  pending: 'The recompute could not start just now: it starts within five minutes.',
};
type ConfigVersion = AnswerOf<'admin', 'getConfig'>;
type JobView = AnswerOf<'admin', 'getJob'>;

type Loaded = { saved: ConfigVersion; draft: Draft; lookups: Lookups; history: ConfigVersion[] };
type Banner = { kind: 'success' | 'error' | 'warning'; title: string; body?: string; conflict?: ConfigVersion; serverErrors?: ConfigError[] };

/** Enough shape for the forms to show it; the schema's checks report everything else. */
function looksLikeConfig(value: unknown): value is Draft {
  const candidate = value as Partial<Draft> | null;
  return !!candidate && typeof candidate === 'object' && Array.isArray(candidate.calendars) && Array.isArray(candidate.policies);
}

export function AdminApp() {
  const [context, setContext] = useState<ViewContext>();
  const [loaded, setLoaded] = useState<Loaded>();
  const [fatal, setFatal] = useState<string>();
  const [banner, setBanner] = useState<Banner>();
  const [job, setJob] = useState<JobView>(null);
  const [saving, setSaving] = useState(false);

  const refreshJob = useCallback(async () => {
    const answer = await call('getJob');
    if (answer.ok) setJob(answer.value);
  }, []);

  const load = useCallback(async (keepDraft?: Draft) => {
    const [config, lookups, history] = await Promise.all([call('getConfig'), call('lookups'), call('history', {})]);
    if (!config.ok) return setFatal(config.error.message);
    if (!lookups.ok) return setFatal(lookups.error.message);
    setLoaded({ saved: config.value, draft: keepDraft ?? structuredClone(config.value.config), lookups: lookups.value, history: history.ok ? history.value : [] });
  }, []);

  useEffect(() => {
    void viewContext().then(setContext);
    void load();
    void refreshJob();
  }, [load, refreshJob]);

  useEffect(() => {
    if (!job || job.status === 'done') return;
    const timer = setInterval(() => void refreshJob(), 1000);
    return () => clearInterval(timer);
  }, [job?.status, refreshJob]);

  const errors = useMemo(() => (loaded ? problems(loaded.draft) : []), [loaded]);
  const dirty = !!loaded && JSON.stringify(loaded.draft) !== JSON.stringify(loaded.saved.config);
  // Leaving with unsaved edits asks first (the browser's own question).
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (fatal) return <SectionMessage appearance="error" title="The SLA settings could not be loaded">{fatal}</SectionMessage>;
  if (!loaded || !context) return <Spinner label="Loading SLA settings" />;

  const setDraft = (draft: Draft) => setLoaded({ ...loaded, draft });

  /** An imported document replaces the draft; one in the first form is migrated, as the server would. */
  const importDocument = (value: unknown): string | undefined => {
    if (!looksLikeConfig(value)) return 'The JSON needs a "calendars" list and a "policies" list';
    if (!isV1(value)) return void setDraft(value);
    const result = validateConfig(value);
    if (!result.ok) return `This document is in the first config form and cannot be migrated until it is valid: ${result.errors.slice(0, 3).map((error) => `${error.path}: ${error.message}`).join('; ')}`;
    setDraft(result.config);
    setBanner({ kind: 'success', title: 'Imported a document in the first config form', body: 'It is shown, and will be saved, in the current form: tiers VIP and Standard, and the response and resolution metrics.' });
  };

  const save = async (baseVersion = loaded.saved.version) => {
    setSaving(true);
    const answer = await call('saveConfig', { config: loaded.draft, baseVersion });
    setSaving(false);
    if (answer.ok) {
      setBanner({ kind: 'success', title: `Saved as version ${answer.value.saved.version}`, body: RECOMPUTE_NOTE[answer.value.recompute] });
      setJob(answer.value.job ?? null);
      await load();
    } else if (answer.error.code === 'conflict') {
      const current = (answer.error.details as { current: ConfigVersion }).current;
      setBanner({ kind: 'warning', title: `Someone saved version ${current.version} while you were editing`, body: 'Your edits are kept. What that version changed is listed below; saving yours on top replaces it with your draft.', conflict: current });
    } else if (answer.error.code === 'invalid') {
      setBanner({ kind: 'error', title: 'The server refused the config', serverErrors: (answer.error.details as { errors: ConfigError[] }).errors });
    } else {
      setBanner({ kind: 'error', title: 'Not saved', body: answer.error.message });
    }
  };

  const restore = async (version: number) => {
    if (!window.confirm(`Restore version ${version}? It is saved as a new version and issues are recomputed with it${dirty ? '; your unsaved edits are lost' : ''}.`)) return;
    const answer = await call('restoreConfig', { version, baseVersion: loaded.saved.version });
    if (answer.ok) {
      setBanner({ kind: 'success', title: `Version ${version} restored as version ${answer.value.saved.version}` });
      setJob(answer.value.job ?? null);
      await load();
    } else setBanner({ kind: 'error', title: 'Not restored', body: answer.error.message });
  };

  const recompute = async () => {
    const answer = await call('startRecompute');
    if (answer.ok) setJob(answer.value);
    else setBanner({ kind: 'error', title: 'Recompute not started', body: answer.error.message });
  };

  const progress = job && job.total ? (job.done + job.failed) / job.total : job?.status === 'done' ? 1 : 0;

  return (
    <main style={{ display: 'grid', gap: token('space.200'), padding: token('space.200'), color: token('color.text') }}>
      <header style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.150'), alignItems: 'center', justifyContent: 'space-between' }}>
        <div>
          <h1 style={{ margin: 0, font: token('font.heading.large') }}>SLA policies</h1>
          <span style={{ color: token('color.text.subtle') }} data-testid="version">
            Version {loaded.saved.version}
            {loaded.saved.migratedFrom ? ' · stored in the first config form, shown in the current one' : ''}
            {dirty ? ' · unsaved changes' : ''}
          </span>
        </div>
        <div style={{ display: 'flex', gap: token('space.100') }}>
          <Button isDisabled={!dirty} onClick={() => setDraft(structuredClone(loaded.saved.config))}>
            Discard changes
          </Button>
          <Button appearance="primary" isDisabled={!dirty || errors.length > 0 || saving} onClick={() => void save()} testId="save">
            {saving ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </header>

      {errors.length ? (
        <SectionMessage appearance="warning" title={`${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before saving`}>
          <ul data-testid="problems" style={{ margin: 0 }}>
            {errors.map((error) => (
              <li key={`${error.path}:${error.message}`} title={error.path}>
                {describePath(loaded.draft, error.path)}: {error.message}
              </li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}

      {banner ? (
        <SectionMessage appearance={banner.kind === 'success' ? 'success' : banner.kind === 'warning' ? 'warning' : 'error'} title={banner.title}>
          {banner.conflict?.savedBy ? (
            <p>
              Saved by <PersonName accountId={banner.conflict.savedBy} />.
            </p>
          ) : null}
          {banner.body ? <p>{banner.body}</p> : null}
          {banner.serverErrors ? (
            <ul>
              {banner.serverErrors.map((error) => (
                <li key={error.path} title={error.path}>
                  {describePath(loaded.draft, error.path)}: {error.message}
                </li>
              ))}
            </ul>
          ) : null}
          {banner.conflict ? (
            <ul aria-label={`What version ${banner.conflict.version} changed`}>
              {banner.conflict.changes.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          ) : null}
          {banner.conflict ? (
            <div style={{ display: 'flex', gap: token('space.100') }}>
              <Button appearance="primary" onClick={() => void save(banner.conflict!.version)}>
                Save mine as version {banner.conflict.version + 1}
              </Button>
              <Button
                onClick={() => {
                  setBanner(undefined);
                  void load();
                }}
              >
                Discard mine, load version {banner.conflict.version}
              </Button>
            </div>
          ) : null}
        </SectionMessage>
      ) : null}

      <section aria-label="Recompute open issues" style={{ display: 'grid', gap: token('space.075') }}>
        <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', flexWrap: 'wrap' }}>
          <Button onClick={() => void recompute()} isDisabled={!!job && job.status !== 'done'}>
            Recompute open issues
          </Button>
          <span data-testid="job-progress" style={{ color: token('color.text.subtle') }}>
            {job
              ? job.status === 'queued'
                ? 'Recompute queued: counting the issues'
                : `${job.status === 'running' ? 'Recomputing' : 'Last recompute'}: ${job.done + job.failed} of ${job.total} issues${job.failed ? `, ${job.failed} failed` : ''}${job.status === 'done' ? ' · done' : ''}`
              : 'No recompute yet'}
          </span>
        </div>
        {job ? <ProgressBar value={progress} ariaLabel={`Recompute progress: ${job.done + job.failed} of ${job.total}`} /> : null}
      </section>
      <LiveRegion message={job?.status === 'done' ? `Recompute done: ${job.done} issues` : ''} />

      <CustomFieldOptions fields={loaded.lookups.customFields} />
      <Tabs id="admin-tabs">
        <TabList>
          <Tab>Policies</Tab>
          <Tab>Calendars</Tab>
          <Tab>Tiers</Tab>
          <Tab>Agreements</Tab>
          <Tab>Simulator</Tab>
          <Tab>History</Tab>
          <Tab>Import / export</Tab>
        </TabList>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <PoliciesTab draft={loaded.draft} errors={errors} lookups={loaded.lookups} onChange={setDraft} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <CalendarsTab draft={loaded.draft} errors={errors} onChange={setDraft} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <TiersTab draft={loaded.draft} errors={errors} onChange={setDraft} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <AgreementsTab draft={loaded.draft} errors={errors} priorities={loaded.lookups.priorities} onChange={setDraft} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <SimulatorTab draft={loaded.draft} priorities={loaded.lookups.priorities} context={context} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <HistoryTab history={loaded.history} context={context} onRestore={(version) => void restore(version)} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ paddingTop: token('space.200'), width: '100%' }}>
            <JsonTab draft={loaded.draft} onImport={importDocument} />
          </div>
        </TabPanel>
      </Tabs>
    </main>
  );
}
