/** Entry point: map a channel's native order payload to a create-order request. Pure; never throws. */
import { adaptAmazon } from './amazon';
import type { AdapterResult } from './common';
import { adaptEbay } from './ebay';
import { adaptPos } from './pos';
import { adaptWebstore } from './webstore';

export type { AdapterFailure, AdapterResult, AdapterSuccess, ChannelOrder, Fulfillment, Problem } from './common';
export { adaptAmazon, adaptEbay, adaptPos, adaptWebstore };

export const CHANNEL_ADAPTERS: Readonly<Record<string, (payload: unknown) => AdapterResult>> = {
  webstore: adaptWebstore,
  amazon: adaptAmazon,
  ebay: adaptEbay,
  pos: adaptPos,
};

export function adaptChannelOrder(channel: string, payload: unknown): AdapterResult {
  const adapter = typeof channel === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_ADAPTERS, channel) ? CHANNEL_ADAPTERS[channel] : undefined;
  if (!adapter) {
    return { ok: false, problems: [{ field: 'channel', message: `unknown channel "${String(channel)}"; expected one of ${Object.keys(CHANNEL_ADAPTERS).join(', ')}` }] };
  }
  try {
    return adapter(payload);
  } catch (err) {
    // Adapters are written not to throw; this is a last line of defence, not a code path.
    return { ok: false, problems: [{ field: '', message: `could not map payload: ${err instanceof Error ? err.message : 'unexpected error'}` }] };
  }
}
