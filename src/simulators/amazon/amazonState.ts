import { randomBytes } from 'node:crypto';
import type { AmazonOrderBundle } from '../../channels/amazon/types';
import { DOCUMENTED_USAGE_PLANS, UsagePlanBuckets, type SpOperation } from './usagePlans';

/** An access token the simulated Login with Amazon issued (or a Restricted Data Token). */
export interface IssuedToken {
  seller: string;
  expiresAtMs: number;
  /** RDT only: the paths it opens ('/orders/v0/orders' with dataElements opens getOrders' PII). */
  restricted?: { path: string; dataElements?: string[] }[];
}

export interface AmazonSimConfig {
  tokenTtlSeconds: number;
  maxPageSize: number;
  /** The app has no role for personal data: createRestrictedDataToken answers 403. */
  rdtDenied: boolean;
}

/** Everything the Amazon simulator keeps: seeded orders, issued tokens, usage-plan buckets, faults and counters. */
export class AmazonSimState {
  readonly orders = new Map<string, AmazonOrderBundle>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly buckets = new UsagePlanBuckets({ ...DOCUMENTED_USAGE_PLANS });
  config: AmazonSimConfig = { tokenTtlSeconds: 3600, maxPageSize: 100, rdtDenied: false };
  /** Faults: the next n SP-API calls answer 429 (a throttling storm) or 503 (an outage). */
  pending429 = 0;
  pending503 = 0;
  readonly stats = {
    calls: {} as Record<string, number>,
    /** Requests that found their usage-plan bucket empty: a client that honours the plan keeps this at 0. */
    overLimit: 0,
    injected429: 0,
    injected503: 0,
    expiredTokenCalls: 0,
    tokensIssued: 0,
  };
  readonly shipmentConfirmations: { orderId: string; body: unknown }[] = [];
  readonly listingPatches: { sellerId: string; sku: string; marketplaceIds: string[]; body: unknown }[] = [];
  /** Feeds API: uploaded documents by id, and the feeds created (with what processing them did). */
  readonly feedDocuments = new Map<string, { contentType: string; content?: string }>();
  readonly feeds: { feedId: string; feedType: string; marketplaceIds: string[]; createdTime: string; content: string; cancelled: string[]; errors: string[] }[] = [];
  private sequence = 0;

  issue(prefix: string, token: IssuedToken): string {
    const value = `${prefix}|${randomBytes(12).toString('base64url')}`;
    this.tokens.set(value, token);
    this.stats.tokensIssued++;
    return value;
  }

  /** Every token issued so far expires now (the test's "expired token"). */
  expireAllTokens(): void {
    for (const t of this.tokens.values()) t.expiresAtMs = 0;
  }

  count(operation: SpOperation): void {
    this.stats.calls[operation] = (this.stats.calls[operation] ?? 0) + 1;
  }

  /**
   * Seeds or changes an order. LastUpdateDate is stamped with the simulator's clock, strictly
   * increasing, as Amazon moves it on every change: that is how a poller finds the change.
   */
  upsert(bundle: AmazonOrderBundle): void {
    const now = Math.max(Date.now(), this.sequence + 1);
    this.sequence = now;
    this.orders.set(bundle.order.AmazonOrderId, { ...bundle, order: { ...bundle.order, LastUpdateDate: new Date(now).toISOString() } });
  }
}
