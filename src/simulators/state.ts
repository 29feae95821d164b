import { CarrierShipments } from './carrierShipments';
import { ChannelInventory } from './channelInventory';
import { CrmCustomers } from './crmCustomers';
import { FaultInjector, type FaultConfig } from './faults';
import { GatewayAuthorizations } from './gatewayAuthorizations';
import { DocumentNumbers, TrackingNumbers } from './ids';
import { IdempotencyStore } from './idempotency';
import { CallJournal } from './journal';
import { TimerRegistry } from './timers';
import { ShopifyStores } from './shopify/store';

/** Everything the simulated partners remember; lives in memory only, gone on restart. */
export interface SimulatorState {
  journal: CallJournal;
  idempotency: IdempotencyStore;
  faults: FaultInjector;
  documentNumbers: DocumentNumbers;
  crmCustomers: CrmCustomers;
  carrierShipments: CarrierShipments;
  channelInventory: ChannelInventory;
  gatewayAuthorizations: GatewayAuthorizations;
  timers: TimerRegistry;
  /** The simulated Shopify stores (src/simulators/shopify/). */
  shopify: ShopifyStores;
}

export interface SimulatorStateOptions {
  faults?: FaultConfig;
  /** Drives fault dice and tracking-number seeds; inject for reproducible runs. */
  random?: () => number;
  /** Most recent calls kept in the journal. */
  journalLimit?: number;
}

export function createSimulatorState(options: SimulatorStateOptions = {}): SimulatorState {
  const random = options.random ?? Math.random;
  const documentNumbers = new DocumentNumbers();
  return {
    journal: new CallJournal(options.journalLimit),
    idempotency: new IdempotencyStore(),
    faults: new FaultInjector(options.faults, random),
    documentNumbers,
    crmCustomers: new CrmCustomers(documentNumbers),
    carrierShipments: new CarrierShipments(documentNumbers, new TrackingNumbers(random)),
    channelInventory: new ChannelInventory(),
    gatewayAuthorizations: new GatewayAuthorizations(),
    timers: new TimerRegistry(),
    shopify: new ShopifyStores(),
  };
}
