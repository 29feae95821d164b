import type { AmazonConnectorOptions } from '../../../src/channels/amazon/activities';

/** Usage plans faster than Amazon's so a test runs in seconds; the simulator gets the same ones, and counts every request above them. */
export const FAST_USAGE_PLANS = {
  getOrders: { rate: 4, burst: 2 },
  getOrder: { rate: 20, burst: 5 },
  getOrderItems: { rate: 20, burst: 5 },
  getOrderAddress: { rate: 5, burst: 5 },
  getOrderBuyerInfo: { rate: 5, burst: 5 },
  confirmShipment: { rate: 5, burst: 5 },
  createRestrictedDataToken: { rate: 5, burst: 2 },
  patchListingsItem: { rate: 5, burst: 5 },
};

/** The Amazon connector of a test hub: credentials for the test's own channels (ids starting with `prefix`), fast plans, an hour's look-back, no settling. */
export function testAmazonConnector(prefix: string, extra: Partial<AmazonConnectorOptions> = {}): Omit<AmazonConnectorOptions, 'endpoints'> {
  return {
    credentials: (c) => (c.id.startsWith(prefix) ? { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'secret', refreshToken: `Atzr|${c.id}` } : undefined),
    usagePlans: FAST_USAGE_PLANS,
    lookBackMs: 3_600_000,
    overlapMs: 1000,
    settleMs: 0,
    ...extra,
  };
}
