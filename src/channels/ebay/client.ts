/**
 * eBay's Sell APIs as the connector calls them: OAuth user access tokens minted from the seller's
 * refresh token (cached, refreshed before they expire and once more on a 401), getOrders/getOrder,
 * createShippingFulfillment, getShippingFulfillments, issueRefund and bulkUpdatePriceQuantity. A 429 becomes an
 * EbayApiError with eBay's Retry-After, so the caller can wait on a workflow timer instead of
 * holding a worker slot.
 */
import type { EbayBulkPriceQuantity, EbayIssueRefundRequest, EbayOrder, EbayOrderPage, EbayShippingFulfillmentDetails } from './types';

export interface EbayCredentials {
  clientId: string;
  clientSecret: string;
  /** The seller's OAuth refresh token (valid 18 months; minted once by the consent flow). */
  refreshToken: string;
}

export interface EbayEndpoints {
  /** https://api.ebay.com (sandbox: https://api.sandbox.ebay.com), or the simulator. */
  apiUrl: string;
  /** The OAuth token endpoint: {apiUrl}/identity/v1/oauth2/token. */
  tokenUrl: string;
}

export const EBAY_PRODUCTION: EbayEndpoints = { apiUrl: 'https://api.ebay.com', tokenUrl: 'https://api.ebay.com/identity/v1/oauth2/token' };

/** The scopes the connector's calls need (the fulfillment and inventory scopes of the OAS security schemes). */
export const EBAY_SCOPES = ['https://api.ebay.com/oauth/api_scope/sell.fulfillment', 'https://api.ebay.com/oauth/api_scope/sell.inventory'];

export class EbayApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: string,
    /** From Retry-After on a 429, when eBay sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`eBay ${operation}: ${status} ${body.slice(0, 300)}`);
  }
}

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

/** Access tokens per (client, refresh token), shared by the activities of this process. */
const tokenCache = new Map<string, CachedToken>();

export interface EbayClientOptions {
  endpoints: EbayEndpoints;
  credentials: EbayCredentials;
  /** A token this close to expiry is refreshed before use. Default 5 minutes. */
  refreshBeforeMs?: number;
  fetchImpl?: typeof fetch;
}

export function createEbayClient(opts: EbayClientOptions) {
  const doFetch = opts.fetchImpl ?? fetch;
  const refreshBeforeMs = opts.refreshBeforeMs ?? 5 * 60_000;
  const cacheKey = `${opts.endpoints.tokenUrl}\u0000${opts.credentials.clientId}\u0000${opts.credentials.refreshToken}`;

  async function accessToken(forceRefresh = false): Promise<string> {
    const cached = tokenCache.get(cacheKey);
    if (!forceRefresh && cached && cached.expiresAtMs - refreshBeforeMs > Date.now()) return cached.token;
    const { clientId, clientSecret, refreshToken } = opts.credentials;
    const res = await doFetch(opts.endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, scope: EBAY_SCOPES.join(' ') }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new EbayApiError('oauth2/token', res.status, text, retryAfter(res));
    const body = JSON.parse(text) as { access_token?: string; expires_in?: number };
    if (!body.access_token || typeof body.expires_in !== 'number') throw new EbayApiError('oauth2/token', res.status, `unexpected answer: ${text}`);
    tokenCache.set(cacheKey, { token: body.access_token, expiresAtMs: Date.now() + body.expires_in * 1000 });
    return body.access_token;
  }

  async function call<T>(operation: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T; location?: string }> {
    for (let attempt = 1; ; attempt++) {
      const token = await accessToken(attempt > 1);
      const res = await doFetch(`${opts.endpoints.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      // A token eBay no longer takes (revoked, or expired earlier than it said): one fresh token, one retry.
      if (res.status === 401 && attempt === 1) continue;
      if (!res.ok) throw new EbayApiError(operation, res.status, text, retryAfter(res));
      return { status: res.status, json: (text ? JSON.parse(text) : {}) as T, location: res.headers.get('location') ?? undefined };
    }
  }

  return {
    accessToken,
    async getOrders(query: { filter?: string; limit: number; offset: number; orderIds?: string[] }): Promise<EbayOrderPage> {
      const params = new URLSearchParams({
        ...(query.filter && { filter: query.filter }),
        ...(query.orderIds && { orderIds: query.orderIds.join(',') }),
        limit: String(query.limit),
        offset: String(query.offset),
      });
      return (await call<EbayOrderPage>('getOrders', 'GET', `/sell/fulfillment/v1/order?${params.toString()}`)).json;
    },
    async getOrder(orderId: string): Promise<EbayOrder> {
      return (await call<EbayOrder>('getOrder', 'GET', `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}`)).json;
    },
    /** Answers with the new fulfillment's id (the last segment of the Location header). */
    async createShippingFulfillment(orderId: string, details: EbayShippingFulfillmentDetails): Promise<string | undefined> {
      const res = await call('createShippingFulfillment', 'POST', `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment`, details);
      return res.location?.split('/').pop();
    },
    /** getShippingFulfillments: the order's parcels as eBay has them (a retry reads them before shipping again). */
    async getShippingFulfillments(orderId: string): Promise<{ fulfillmentId?: string; shipmentTrackingNumber?: string }[]> {
      const res = await call<{ fulfillments?: { fulfillmentId?: string; shipmentTrackingNumber?: string }[] }>(
        'getShippingFulfillments',
        'GET',
        `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment`,
      );
      return res.json.fulfillments ?? [];
    },
    async issueRefund(orderId: string, request: EbayIssueRefundRequest): Promise<{ refundId?: string; refundStatus?: string }> {
      return (await call<{ refundId?: string; refundStatus?: string }>('issueRefund', 'POST', `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/issue_refund`, request))
        .json;
    },
    async bulkUpdatePriceQuantity(request: EbayBulkPriceQuantity): Promise<{ responses?: { sku?: string; offerId?: string; statusCode?: number }[] }> {
      return (
        await call<{ responses?: { sku?: string; offerId?: string; statusCode?: number }[] }>(
          'bulkUpdatePriceQuantity',
          'POST',
          '/sell/inventory/v1/bulk_update_price_quantity',
          request,
        )
      ).json;
    },
  };
}

export type EbayClient = ReturnType<typeof createEbayClient>;

function retryAfter(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}
