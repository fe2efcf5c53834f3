/** The first form of the config document keeps working: migrated on read, evaluating as before. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, evaluateJson } from '../../../test/support/evaluate';
import { AGENT, issue } from '../../../test/support/issue-builder';
import type { Config } from './schema';
import { validateConfig } from './validate';
import { migrateV1, type ConfigV1 } from './v1';

const v1: ConfigV1 = JSON.parse(readFileSync(join(EXAMPLES, 'v1', 'sla-config.json'), 'utf8'));
const current: Config = JSON.parse(readFileSync(join(EXAMPLES, 'sla-config.json'), 'utf8'));
const t = (hhmm: string, day = '2026-11-23') => `${day}T${hhmm}:00+01:00`;

describe('migrateV1', () => {
  it('turns VIP rules into the tiers vip and standard, and each policy into the response and resolution presets', () => {
    const migrated = migrateV1(v1);
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.tiers).toEqual([
      { id: 'vip', name: 'VIP', rules: [{ groups: ['vip-customers'] }, { accountIds: ['712020:5c3f0b0e-6f43-4b7a-9a43-2c7b4b1a9f10'] }] },
      { id: 'standard', name: 'Standard' },
    ]);
    const [response, resolution] = migrated.policies[0]!.metrics;
    expect(response).toEqual({
      id: 'response',
      name: 'Time to first response',
      start: [{ on: 'created' }],
      pause: { status: ['Waiting for customer'] },
      stop: [{ on: 'comment', by: 'agent' }, { on: 'resolution-set' }],
      targets: v1.policies[0]!.response.targets,
    });
    expect(resolution).toMatchObject({ id: 'resolution', start: [{ on: 'created' }, { on: 'resolution-cleared' }], stop: [{ on: 'resolution-set' }], onRestart: 'continue' });
  });

  it('gives a valid document of the current form, which stays as it is when read again', () => {
    const migrated = validateConfig(v1);
    expect(migrated).toMatchObject({ ok: true, migratedFrom: 1 });
    const again = validateConfig((migrated as { config: Config }).config);
    expect(again).toEqual({ ok: true, config: (migrated as { config: Config }).config });
  });

  it('keeps a policy without pause statuses unpaused, and restart on reopen', () => {
    const plain = structuredClone(v1);
    delete plain.policies[0]!.pauseStatuses;
    plain.policies[0]!.resolution.onReopen = 'restart';
    const [response, resolution] = migrateV1(plain).policies[0]!.metrics;
    expect(response!.pause).toBeUndefined();
    expect(resolution!.onRestart).toBe('restart');
  });
});

describe('a document of the first form evaluates as the current one', () => {
  const sup7 = JSON.parse(readFileSync(join(EXAMPLES, 'SUP-7.json'), 'utf8'));
  const stories: [string, unknown, string][] = [
    ['the shared example SUP-7', sup7, '2026-11-24T00:00:00Z'],
    ['a paused and resumed issue', issue({ created: t('09:00') }).status(t('10:00'), 'Waiting for customer').status(t('11:00'), 'In Progress').json(), t('12:00')],
    ['an answered, resolved and reopened issue', issue({ created: t('09:00') }).comment(t('09:40'), AGENT).resolve(t('11:00')).reopen(t('09:00', '2026-11-24')).json(), t('12:00', '2026-11-24')],
    ['a breached issue whose priority was lowered', issue({ created: t('09:00'), priority: 'Highest' }).priority(t('10:00'), 'Low').json(), t('15:00')],
  ];

  it.each(stories)('%s: response and resolution, figure for figure', (_, json, now) => {
    const read = validateConfig(v1);
    if (!read.ok) throw new Error('the first-form example is valid');
    const before = evaluateJson(json, now, { config: read.config });
    const after = evaluateJson(json, now, { config: current });
    for (const metric of ['response', 'resolution']) expect(before.metrics[metric]).toEqual(after.metrics[metric]);
  });
});
