/**
 * The managers' page: the list of issues by status (breached and at risk, running, paused, met,
 * met late) with filters that live in the page's URL, the same search in Jira's JQL, a CSV of every
 * page, the work queue (at risk, soonest due first), compliance per metric and priority over a
 * calendar week, month or quarter, the escalation log, and the customers' statements.
 */
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { view } from '@forge/bridge';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { viewContext, type ViewContext } from '../shared/bridge';
import { Breaches } from './Breaches';
import { parseRoute, routeOf, type PageState, type Tab } from './route';
import { Statements } from './Statements';

type History = Awaited<ReturnType<typeof view.createHistory>>;

export function BreachesApp() {
  const [context, setContext] = useState<ViewContext>();
  const [state, setState] = useState<PageState>(() => parseRoute(''));
  const history = useRef<History | undefined>(undefined);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void viewContext().then(setContext);
    // The page's route holds its view: read it once, then keep it up to date.
    void view
      .createHistory()
      .then((created) => {
        history.current = created;
        setState(parseRoute(created.location.search));
      })
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);
  const change = (next: PageState) => {
    setState(next);
    history.current?.replace(routeOf(next));
  };

  if (!context || !ready) return <Spinner label="Loading the page" />;
  const tabs: Tab[] = ['breaches', 'statements'];
  // The keyboard moves between tabs with the arrows; only the selected tab is in the tab order.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = tabs[(tabs.indexOf(state.tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    change({ ...state, tab: next });
    (event.currentTarget.parentElement?.querySelector(`[data-testid="tab-${next}"]`) as HTMLButtonElement | null)?.focus();
  };
  const tab = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={state.tab === id}
      tabIndex={state.tab === id ? 0 : -1}
      onKeyDown={onTabKey}
      data-testid={`tab-${id}`}
      onClick={() => change({ ...state, tab: id })}
      style={{ font: token('font.body'), padding: `${token('space.075')} ${token('space.150')}`, border: 'none', borderBottom: `${token('border.width.selected')} solid ${state.tab === id ? token('color.border.selected') : 'transparent'}`, background: 'none', color: state.tab === id ? token('color.text.selected') : token('color.text.subtle'), cursor: 'pointer' }}
    >
      {label}
    </button>
  );
  return (
    <main style={{ display: 'grid', gap: token('space.300'), padding: token('space.200'), color: token('color.text'), minWidth: 0 }}>
      <nav role="tablist" aria-label="Views" style={{ display: 'flex', gap: token('space.100'), borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
        {tab('breaches', 'Breaches and compliance')}
        {tab('statements', 'Customer statements')}
      </nav>
      {state.tab === 'statements' ? <Statements context={context} /> : <Breaches context={context} state={state} change={change} />}
    </main>
  );
}
