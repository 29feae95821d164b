import type { UsagePlan } from './rateGate';

/** Amazon's documented usage plans (ordersV0.json, tokens_2021-03-01.json, listingsItems_2021-08-01.json, feeds_2021-06-30.json); the chaos run scales them all by one factor (scaleUsagePlans). */
export const AMAZON_USAGE_PLANS: Record<string, UsagePlan> = {
  getOrders: { rate: 0.0167, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
};

/** Every plan times `factor` (the chaos run's time compression: the simulator gets the same factor, so the ratio of calls to limits stays Amazon's). */
export function scaleUsagePlans(factor: number, plans: Record<string, UsagePlan> = AMAZON_USAGE_PLANS): Record<string, UsagePlan> {
  return Object.fromEntries(Object.entries(plans).map(([op, p]) => [op, { rate: p.rate * factor, burst: p.burst }]));
}
