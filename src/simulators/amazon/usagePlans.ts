/**
 * SP-API usage plans as Amazon documents them in each operation's description (ordersV0.json,
 * tokens_2021-03-01.json, listingsItems_2021-08-01.json, feeds_2021-06-30.json): requests per second and burst, per
 * selling partner and operation. A token bucket per (seller, operation): full at first, refilled
 * at `rate`, capped at `burst`; a request finding it empty is answered 429.
 */
export interface UsagePlan {
  rate: number;
  burst: number;
}

export const SP_OPERATIONS = [
  'getOrders',
  'getOrder',
  'getOrderItems',
  'getOrderAddress',
  'getOrderBuyerInfo',
  'confirmShipment',
  'createRestrictedDataToken',
  'patchListingsItem',
  'createFeedDocument',
  'createFeed',
] as const;
export type SpOperation = (typeof SP_OPERATIONS)[number];

export const DOCUMENTED_USAGE_PLANS: Record<SpOperation, UsagePlan> = {
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

interface Bucket {
  tokens: number;
  atMs: number;
}

export class UsagePlanBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private plans: Record<SpOperation, UsagePlan>) {}

  setPlans(plans: Partial<Record<SpOperation, UsagePlan>>): void {
    this.plans = { ...this.plans, ...plans };
    this.buckets.clear();
  }

  plan(operation: SpOperation): UsagePlan {
    return this.plans[operation];
  }

  /** Takes one request from the bucket; false when it is empty (the request is over the limit). */
  take(seller: string, operation: SpOperation, nowMs = Date.now()): boolean {
    const { rate, burst } = this.plans[operation];
    const key = `${seller}\u0000${operation}`;
    const b = this.buckets.get(key) ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.atMs) / 1000) * rate);
    b.atMs = nowMs;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
