import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorApp } from './app';
import { startCarrierAutoAdvance } from './carrierAutoAdvance';
import type { FaultConfig } from './faults';
import type { SimulatedShopifyStore } from './shopify/webhookRoutes';
import { createSimulatorState, type SimulatorState } from './state';

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where carrier events are posted; without it carrier auto-advance stays off. */
  hubUrl?: string;
  /** API key (carrier or admin role) the carrier webhook calls send; omitted: none. */
  hubApiKey?: string;
  carrierDispatchDelayMs?: number;
  carrierDeliveryDelayMs?: number;
  faults?: FaultConfig;
  /** The simulated Shopify store (its hub channel, shop domain, app secret, API version); sends to `hubUrl`. Omitted: none. */
  shopifyStore?: Omit<SimulatedShopifyStore, 'hubUrl'>;
  log?: (line: string) => void;
}

export interface RunningSimulators {
  url: string;
  port: number;
  state: SimulatorState;
  stop(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSimulators(opts: SimulatorOptions): Promise<RunningSimulators> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const state = createSimulatorState({ faults: opts.faults });
  const shopifyStore = opts.shopifyStore && opts.hubUrl ? { ...opts.shopifyStore, hubUrl: opts.hubUrl } : undefined;
  const server = http.createServer(createSimulatorApp(state, { shopifyStore }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const autoAdvance = startCarrierAutoAdvance({
    shipments: state.carrierShipments,
    timers: state.timers,
    hubUrl: opts.hubUrl,
    hubApiKey: opts.hubApiKey,
    dispatchDelayMs: opts.carrierDispatchDelayMs ?? 0,
    deliveryDelayMs: opts.carrierDeliveryDelayMs ?? 0,
    log,
  });
  if (autoAdvance.enabled) {
    log(`carrier auto-advance on: dispatch after ${opts.carrierDispatchDelayMs} ms, events to ${opts.hubUrl}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      autoAdvance.stop();
      state.timers.clearAll();
      server.close(() => resolve());
      // close() alone waits for idle keep-alive sockets (and requests parked in injected latency).
      server.closeAllConnections();
    });
    return stopping;
  };

  return { url: `http://${urlHost(host)}:${port}`, port, state, stop };
}
