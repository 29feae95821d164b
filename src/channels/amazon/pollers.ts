/**
 * Amazon's pollers (src/channels/marketplacePollers.ts): a channel with platform 'amazon' is polled
 * when it has Login with Amazon credentials and settings.marketplaceIds.
 */
import type { OrderService } from '../../api/orders/service';
import { startMarketplacePollers, type PollerHostOptions, type RunningPollers } from '../marketplacePollers';
import { createAmazonPollerActivities, type AmazonConnectorOptions } from './activities';

export interface AmazonPollersOptions extends PollerHostOptions {
  orders: Pick<OrderService, 'createOrder' | 'cancelOrder'>;
  connector: AmazonConnectorOptions;
}

export type RunningAmazonPollers = RunningPollers;

export function startAmazonPollers(opts: AmazonPollersOptions): Promise<RunningAmazonPollers> {
  return startMarketplacePollers(opts, {
    platform: 'amazon',
    label: 'Amazon',
    activities: createAmazonPollerActivities(opts.db, opts.orders, opts.connector),
    notPolled(channel) {
      const marketplaceIds = (channel.settings as { marketplaceIds?: unknown } | null)?.marketplaceIds;
      if (!opts.connector.credentials(channel)) return 'without Login with Amazon credentials';
      return Array.isArray(marketplaceIds) && marketplaceIds.length > 0 ? null : 'without settings.marketplaceIds';
    },
  });
}
