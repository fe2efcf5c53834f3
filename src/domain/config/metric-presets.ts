/**
 * Ready-made metrics an admin starts from. Response and resolution are what every policy of the
 * first config version held; the rest are the other metrics service desks commonly track.
 */
import type { MetricConfig } from './schema';

type Preset = Omit<MetricConfig, 'targets'>;

/** Until the first public comment by an agent, or a resolution. Never restarts. */
export const RESPONSE: Preset = {
  id: 'response',
  name: 'Time to first response',
  start: [{ on: 'created' }],
  stop: [{ on: 'comment', by: 'agent' }, { on: 'resolution-set' }],
};

/** Until a resolution is set; clearing it resumes the clock with its elapsed time. */
export const RESOLUTION: Preset = {
  id: 'resolution',
  name: 'Time to resolution',
  start: [{ on: 'created' }, { on: 'resolution-cleared' }],
  stop: [{ on: 'resolution-set' }],
  onRestart: 'continue',
};

/** From each comment of the reporter or a customer until an agent answers publicly. */
export const NEXT_UPDATE: Preset = {
  id: 'next-update',
  name: 'Time to next update',
  start: [{ on: 'created' }, { on: 'comment', by: 'reporter-or-customer' }],
  stop: [{ on: 'comment', by: 'agent' }, { on: 'resolution-set' }],
  onRestart: 'restart',
};

/** Time the issue waits on the service desk: paused while it waits for the customer. */
export const WAITING_FOR_SUPPORT: Preset = {
  id: 'waiting-for-support',
  name: 'Time waiting for support',
  start: [{ on: 'created' }, { on: 'resolution-cleared' }],
  pause: { status: ['Waiting for customer'] },
  stop: [{ on: 'resolution-set' }],
  onRestart: 'continue',
};

/** An internal team's clock: while the issue is in the team's status, summed over re-entries. */
export function olaPreset(status: string, id = 'ola', name = `OLA: ${status}`): Preset {
  return {
    id,
    name,
    kind: 'ola',
    start: [{ on: 'status-entered', status: [status] }],
    stop: [{ on: 'status-left', status: [status] }, { on: 'resolution-set' }],
    onRestart: 'continue',
  };
}

export const PRESETS = { response: RESPONSE, resolution: RESOLUTION, 'next-update': NEXT_UPDATE, 'waiting-for-support': WAITING_FOR_SUPPORT } as const;
