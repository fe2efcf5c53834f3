/**
 * The admin page: edit the config (policies, calendars, VIP), check it as you type with the
 * server's own schema, simulate, save with the version it was based on (a stale save shows the
 * conflict and keeps your edits), restore from the audit history, and watch recomputes progress.
 */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AnswerOf, Lookups } from '../../src/contract';
import type { ConfigError } from '../../src/domain/config/paths';
import { isV1 } from '../../src/domain/config/v1';
import { validateConfig } from '../../src/domain/config/validate';
import { resolvers, viewContext, type ViewContext } from '../shared/bridge';
import { AgreementsTab } from './AgreementsTab';
import { Problems, SaveBanner, type Banner } from './Banners';
import { CalendarsTab } from './CalendarsTab';
import { problems, type Draft } from './draft';
import { CustomFieldOptions } from './fields';
import { HistoryTab } from './HistoryTab';
import { JsonTab } from './JsonTab';
import { SimulatorTab } from './SimulatorTab';
import { TiersTab } from './TiersTab';
import { PoliciesTab } from './PoliciesTab';
import { RecomputeJob, useRecomputeJob, type JobView } from './RecomputeJob';

const call = resolvers('admin');

const RECOMPUTE_NOTE: Record<AnswerOf<'admin', 'saveConfig'>['recompute'], string> = {
  started: 'Open issues are being recomputed with it.',
  'after-running': 'A recompute was running: open issues are recomputed with this version when it ends.',
  pending: 'The recompute could not start just now: it starts within five minutes.',
};
type ConfigVersion = AnswerOf<'admin', 'getConfig'>;
type Loaded = { saved: ConfigVersion; draft: Draft; lookups: Lookups; history: ConfigVersion[] };

/** Enough shape for the forms to show it; the schema's checks report everything else. */
function looksLikeConfig(value: unknown): value is Draft {
  const candidate = value as Partial<Draft> | null;
  return !!candidate && typeof candidate === 'object' && Array.isArray(candidate.calendars) && Array.isArray(candidate.policies);
}

/** The saved version, the draft, the site's names and the history; `keepDraft` keeps the edits across a reload. */
function useSettings() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [fatal, setFatal] = useState<string>();
  const load = useCallback(async (keepDraft?: Draft) => {
    const [config, lookups, history] = await Promise.all([call('getConfig'), call('lookups'), call('history', {})]);
    if (!config.ok) return setFatal(config.error.message);
    if (!lookups.ok) return setFatal(lookups.error.message);
    setLoaded({ saved: config.value, draft: keepDraft ?? structuredClone(config.value.config), lookups: lookups.value, history: history.ok ? history.value : [] });
  }, []);
  useEffect(() => void load(), [load]);
  return { loaded, setLoaded, fatal, load };
}

/** Leaving with unsaved edits asks first (the browser's own question). */
function useLeaveWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

/** Save (on the version the draft is based on), restore an earlier version, start a recompute: each says how it went. */
function configActions({ loaded, dirty, load, setBanner, setJob, setSaving }: { loaded: Loaded; dirty: boolean; load: () => Promise<void>; setBanner: (banner: Banner) => void; setJob: (job: JobView) => void; setSaving: (saving: boolean) => void }) {
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
    } else setBanner({ kind: 'error', title: 'Not saved', body: answer.error.message });
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

  return { save, restore, recompute };
}

export function AdminApp() {
  const [context, setContext] = useState<ViewContext>();
  const { loaded, setLoaded, fatal, load } = useSettings();
  const [banner, setBanner] = useState<Banner>();
  const [job, setJob] = useRecomputeJob();
  const [saving, setSaving] = useState(false);
  useEffect(() => void viewContext().then(setContext), []);
  const errors = useMemo(() => (loaded ? problems(loaded.draft) : []), [loaded]);
  const dirty = !!loaded && JSON.stringify(loaded.draft) !== JSON.stringify(loaded.saved.config);
  useLeaveWarning(dirty);

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
  const { save, restore, recompute } = configActions({ loaded, dirty, load, setBanner, setJob, setSaving });

  const { draft, lookups } = loaded;
  const tabs: [string, ReactNode][] = [
    ['Policies', <PoliciesTab key="policies" draft={draft} errors={errors} lookups={lookups} onChange={setDraft} />],
    ['Calendars', <CalendarsTab key="calendars" draft={draft} errors={errors} onChange={setDraft} />],
    ['Tiers', <TiersTab key="tiers" draft={draft} errors={errors} onChange={setDraft} />],
    ['Agreements', <AgreementsTab key="agreements" draft={draft} errors={errors} priorities={lookups.priorities} onChange={setDraft} />],
    ['Simulator', <SimulatorTab key="simulator" draft={draft} priorities={lookups.priorities} context={context} />],
    ['History', <HistoryTab key="history" history={loaded.history} context={context} onRestore={(version) => void restore(version)} />],
    ['Import / export', <JsonTab key="json" draft={draft} onImport={importDocument} />],
  ];
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
      <Problems draft={draft} errors={errors} />
      {banner ? <SaveBanner banner={banner} draft={draft} saveOver={(version) => void save(version)} reload={() => (setBanner(undefined), void load())} /> : null}
      <RecomputeJob job={job} onStart={() => void recompute()} />
      <CustomFieldOptions fields={lookups.customFields} />
      <Tabs id="admin-tabs">
        <TabList>
          {tabs.map(([label]) => (
            <Tab key={label}>{label}</Tab>
          ))}
        </TabList>
        {tabs.map(([label, content]) => (
          <TabPanel key={label}>
            <div style={{ paddingTop: token('space.200'), width: '100%' }}>{content}</div>
          </TabPanel>
        ))}
      </Tabs>
    </main>
  );
}
