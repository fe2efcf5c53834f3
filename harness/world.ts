/**
 * A local Jira site with the app installed: the Jira stand-in with users, groups, projects and
 * workflow, the KVS store, the world clock and the Forge host running the app. Tests and the
 * preview build on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { JiraStandIn } from './jira/api';
import { JiraModel } from './jira/model';
import { LocalKvs, type EntityDefinition } from './kvs-store';
import { LocalForge, type AppModule } from './runtime';
import { WorldClock } from './clock';

export const ROOT = join(__dirname, '..');

/** Who is who on the local site. The VIP customer's account id is the one the example config lists. */
export const PEOPLE = {
  admin: 'admin-1',
  agent: 'agent-1',
  agent2: 'agent-2',
  manager: 'manager-1',
  vipCustomer: '712020:5c3f0b0e-6f43-4b7a-9a43-2c7b4b1a9f10',
  groupVip: 'customer-vip-group',
  customer: 'customer-3',
  outsider: 'outsider-1',
} as const;

export interface World {
  clock: WorldClock;
  model: JiraModel;
  jira: JiraStandIn;
  kvs: LocalKvs;
  forge: LocalForge;
  close(): void;
}

export interface WorldOptions {
  start: number;
  loadApp: () => AppModule;
  /** Check every Jira response against Atlassian's spec (tests). */
  checkContract?: boolean;
  followRealTime?: boolean;
  autoRun?: boolean;
  kvsFile?: string;
  /** Another site in the same process (a warm Forge instance serves several installations). */
  installationId?: string;
  /** The clock of a world already running in this process: several sites share one time. */
  clock?: WorldClock;
  /** Simulate timers too (latency, retry waits, time limits) on the world clock: see {@link WorldClock}. */
  simulatedTimers?: boolean;
  /** Jira calls one invocation has under way at once at most (the host's default: 10). */
  jiraConcurrency?: number;
}

const MANIFEST = join(ROOT, 'manifest.yml');

/** The custom entities the manifest declares: what the local store accepts and indexes. */
export function manifestEntities(): EntityDefinition[] {
  const manifest = parse(readFileSync(MANIFEST, 'utf8')) as { app?: { storage?: { entities?: EntityDefinition[] } } };
  return manifest.app?.storage?.entities ?? [];
}

export function createWorld(options: WorldOptions): World {
  const clock = options.clock ?? new WorldClock(options.start, { followRealTime: options.followRealTime, simulatedTimers: options.simulatedTimers });
  const model = new JiraModel(() => clock.now());
  seed(model);
  const jira = new JiraStandIn(model, { checkContract: options.checkContract ?? false });
  const kvs = new LocalKvs(() => clock.now(), options.kvsFile, manifestEntities());
  const forge = new LocalForge({ manifestPath: MANIFEST, loadApp: options.loadApp, jira, kvs, autoRun: options.autoRun, installationId: options.installationId, jiraConcurrency: options.jiraConcurrency }).install();
  return { clock, model, jira, kvs, forge, close: () => (options.clock ? undefined : clock.uninstall()) };
}

function seed(model: JiraModel) {
  model.addUser({ accountId: PEOPLE.admin, displayName: 'Ada Admin', accountType: 'atlassian', admin: true, groups: ['jira-administrators', 'support-agents'] });
  model.addUser({ accountId: PEOPLE.agent, displayName: 'Alex Agent', accountType: 'atlassian', groups: ['support-agents'] });
  model.addUser({ accountId: PEOPLE.agent2, displayName: 'Sam Support', accountType: 'atlassian', groups: ['support-agents'] });
  model.addUser({ accountId: PEOPLE.manager, displayName: 'Morgan Manager', accountType: 'atlassian', groups: ['support-managers'] });
  model.addUser({ accountId: PEOPLE.vipCustomer, displayName: 'Dana Customer', accountType: 'customer' });
  model.addUser({ accountId: PEOPLE.groupVip, displayName: 'Chris Client', accountType: 'customer', groups: ['vip-customers'] });
  model.addUser({ accountId: PEOPLE.customer, displayName: 'Pat Public', accountType: 'customer' });
  model.addUser({ accountId: PEOPLE.outsider, displayName: 'Olly Outsider', accountType: 'atlassian' });
  const insiders = Object.values(PEOPLE).filter((id) => id !== PEOPLE.outsider);
  model.addProject({ key: 'SUP', name: 'Support', projectTypeKey: 'service_desk', browsers: insiders });
  model.addProject({ key: 'OPS', name: 'Operations', projectTypeKey: 'software' });
  for (const [name, category] of [
    ['Open', 'new'],
    ['In Progress', 'indeterminate'],
    ['Waiting for customer', 'indeterminate'],
    ['Escalated to L2', 'indeterminate'],
    ['Reopened', 'new'],
    ['Done', 'done'],
  ] as const) {
    model.addStatus(name, category);
  }
  for (const [name, color] of [
    ['Highest', '#d04437'],
    ['High', '#f15c75'],
    ['Medium', '#f79232'],
    ['Low', '#707070'],
    ['Lowest', '#999999'],
  ] as const) {
    model.addPriority(name, color);
  }
  for (const type of ['Bug', 'Service Request', 'Task']) model.addIssueType(type);
}
