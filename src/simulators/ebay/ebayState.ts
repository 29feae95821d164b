import { randomBytes } from 'node:crypto';
import type { EbayOrder } from '../../channels/ebay/types';

/**
 * eBay enforces call limits per application and user per day (developer.ebay.com "API call
 * limits": e.g. the Sell Fulfillment API 100,000 and the Sell Inventory API 2,000,000 calls a day).
 * Simulated as a token bucket per (user, API): `perDay` calls refilled evenly over the day, at most
 * `burst` at once; a call finding it empty is answered 429 and counted in `overLimit`.
 */
export interface CallLimit {
  perDay: number;
  burst: number;
}

export const EBAY_APIS = ['fulfillment', 'inventory', 'identity'] as const;
export type EbayApi = (typeof EBAY_APIS)[number];

export const DOCUMENTED_CALL_LIMITS: Record<EbayApi, CallLimit> = {
  fulfillment: { perDay: 100_000, burst: 100_000 },
  inventory: { perDay: 2_000_000, burst: 2_000_000 },
  identity: { perDay: 50_000, burst: 50_000 },
};

export interface IssuedToken {
  /** The refresh token it was minted from: the eBay user the calls count against. */
  user: string;
  expiresAtMs: number;
}

export interface JournalEntry {
  at: string;
  operation: string;
  status: number;
  orderId?: string;
  body?: unknown;
}

export class EbaySimState {
  readonly orders = new Map<string, EbayOrder>();
  /** The eBay user (refresh token) an order was seeded for; an order without one is every user's (one simulated seller). */
  readonly owners = new Map<string, string>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly journal: JournalEntry[] = [];
  /** Shipping fulfillments per order, as getShippingFulfillments answers them (ShippingFulfillment). */
  readonly fulfillments = new Map<string, { fulfillmentId: string; lineItems: unknown[]; shipmentTrackingNumber: string; shippedDate: string; shippingCarrierCode: string }[]>();
  config = { tokenTtlSeconds: 7200, maxLimit: 200 };
  limits: Record<EbayApi, CallLimit> = { ...DOCUMENTED_CALL_LIMITS };
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  /** Faults: the next n calls answer 429 (a throttling storm) or 503 (an outage), before anything else. */
  pending429 = 0;
  pending503 = 0;
  stats = { calls: {} as Record<string, number>, overLimit: 0, injected429: 0, injected503: 0, expiredTokenCalls: 0, tokensIssued: 0 };
  private fulfillmentSeq = 0;
  private refundSeq = 0;

  /** Stores an order as eBay would after a change: lastModifiedDate is now (unless `keepDates`). */
  upsert(order: EbayOrder, opts: { keepDates?: boolean; user?: string } = {}): EbayOrder {
    const stored = structuredClone(order);
    if (!opts.keepDates) stored.lastModifiedDate = new Date().toISOString();
    this.orders.set(stored.orderId, stored);
    if (opts.user) this.owners.set(stored.orderId, opts.user);
    return stored;
  }

  /** The order as `user` may see it (undefined: no such order, or another seller's). */
  orderOf(user: string, orderId: string): EbayOrder | undefined {
    const owner = this.owners.get(orderId);
    return owner === undefined || owner === user ? this.orders.get(orderId) : undefined;
  }

  ordersOf(user: string): EbayOrder[] {
    return [...this.orders.values()].filter((o) => (this.owners.get(o.orderId) ?? user) === user);
  }

  touch(order: EbayOrder): void {
    order.lastModifiedDate = new Date(Math.max(Date.now(), Date.parse(order.lastModifiedDate ?? '') + 1 || 0)).toISOString();
  }

  issueToken(user: string): { token: string; ttl: number } {
    const token = `v^1.1#i^1#sim#${randomBytes(12).toString('hex')}`;
    const ttl = this.config.tokenTtlSeconds;
    this.tokens.set(token, { user, expiresAtMs: Date.now() + ttl * 1000 });
    this.stats.tokensIssued++;
    return { token, ttl };
  }

  expireAllTokens(): void {
    for (const t of this.tokens.values()) t.expiresAtMs = 0;
  }

  setLimits(limits: Partial<Record<EbayApi, CallLimit>>): void {
    this.limits = { ...this.limits, ...limits };
    this.buckets.clear();
  }

  /** One call of `user` to `api`; false when the user's limit for it is used up. */
  take(user: string, api: EbayApi, nowMs = Date.now()): boolean {
    const { perDay, burst } = this.limits[api];
    const key = `${user}\u0000${api}`;
    const b = this.buckets.get(key) ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.atMs) / 86_400_000) * perDay);
    b.atMs = nowMs;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until the user's bucket for `api` holds one call again. */
  retryAfterSeconds(api: EbayApi): number {
    return Math.max(1, Math.ceil(86_400 / this.limits[api].perDay));
  }

  count(operation: string): void {
    this.stats.calls[operation] = (this.stats.calls[operation] ?? 0) + 1;
  }

  record(entry: Omit<JournalEntry, 'at'>): void {
    this.journal.push({ at: new Date().toISOString(), ...entry });
    if (this.journal.length > 5000) this.journal.splice(0, this.journal.length - 5000);
  }

  nextFulfillmentId(): string {
    return `SIM${Date.now()}${++this.fulfillmentSeq}`;
  }

  nextRefundId(): string {
    return `52${String(Date.now()).slice(-8)}${++this.refundSeq}`;
  }
}
