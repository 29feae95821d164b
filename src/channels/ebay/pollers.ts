/**
 * eBay's pollers (src/channels/marketplacePollers.ts): a channel with platform 'ebay' is polled when
 * it has OAuth credentials.
 */
import type { OrderService } from '../../api/orders/service';
import { startMarketplacePollers, type PollerHostOptions, type RunningPollers } from '../marketplacePollers';
import { createEbayPollerActivities } from './activities';
import type { EbayConnectorOptions } from './options';

export interface EbayPollersOptions extends PollerHostOptions {
  orders: Pick<OrderService, 'createOrder' | 'cancelOrder' | 'placeHold' | 'recordPayment'>;
  connector: EbayConnectorOptions;
}

export type RunningEbayPollers = RunningPollers;

export function startEbayPollers(opts: EbayPollersOptions): Promise<RunningEbayPollers> {
  return startMarketplacePollers(opts, {
    platform: 'ebay',
    label: 'eBay',
    activities: createEbayPollerActivities(opts.db, opts.orders, opts.connector),
    notPolled: (channel) => (opts.connector.credentials(channel) ? null : 'without OAuth credentials'),
  });
}
