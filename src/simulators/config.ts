import { faultConfigFromEnv } from './faults';
import type { SimulatorOptions } from './server';

export class SimulatorConfigError extends Error {}

function nonNegativeInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new SimulatorConfigError(`${name} must be a non-negative integer, got "${text}"`);
  }
  return value;
}

/** Options for the standalone simulator process (see main.ts for the variables). */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  return {
    port: nonNegativeInteger(env, 'SIMULATORS_PORT', 4000),
    host: env.SIMULATORS_HOST || undefined,
    hubUrl: env.SIM_HUB_URL || 'http://127.0.0.1:3000',
    // A carrier key of the hub's API_KEYS, for the carrier webhook.
    hubApiKey: env.SIM_HUB_API_KEY || undefined,
    carrierDispatchDelayMs: nonNegativeInteger(env, 'SIM_CARRIER_DISPATCH_DELAY_MS', 0),
    carrierDeliveryDelayMs: nonNegativeInteger(env, 'SIM_CARRIER_DELIVERY_DELAY_MS', 0),
    faults: faultConfigFromEnv(env),
  };
}
