import type { CallLimit } from './callGate';
import type { EbayCredentials, EbayEndpoints } from './client';

/** How the eBay connector runs in this process (src/channels/ebay/config.ts builds it from EBAY_*). */
export interface EbayConnectorOptions {
  /** Replaces eBay's production endpoints (the sandbox, the simulator). */
  endpoints?: EbayEndpoints;
  /** The channel's OAuth client and refresh token (by its secretName); undefined: the channel cannot be polled. */
  credentials(channel: { id: string; secretName: string | null }): EbayCredentials | undefined;
  /** First sync: orders changed this long ago and later. Default 7 days (getOrders reaches back two years at most). */
  lookBackMs?: number;
  /** Each pass starts this much before the last pass's end, so a change indexed late is not missed. Default 5 min. */
  overlapMs?: number;
  /** A pass ends this long before now (eBay's advice: the current time minus 2 minutes). Default 2 min. */
  settleMs?: number;
  /** getOrders' limit: default 100, at most 200 (the document's maximum). */
  pageSize?: number;
  /** How long to wait after a 429 without Retry-After. Default 60 s. */
  rateLimitWaitMs?: number;
  /** The seller's Sell Fulfillment call limit as the connector counts it. Default eBay's 100,000 a day, 100 at once. */
  callLimit?: CallLimit;
  /** Refresh an access token this long before it expires. Default 5 min (eBay's user tokens live 2 hours). */
  refreshBeforeMs?: number;
}
