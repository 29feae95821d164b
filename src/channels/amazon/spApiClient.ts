/**
 * HTTP calls to the Selling Partner API for one channel: Login with Amazon access tokens
 * (refreshed a minute before they expire, cached per channel in the process), a Restricted
 * Data Token for getOrders' personal data, the usage plans through a RateGate, and SP-API's
 * error answers turned into errors the activities can tell apart.
 */
import { createFeedDocumentRequest, createFeedRequest, fulfillmentAvailabilityPatch } from './outbound';
import { RateGate } from './rateGate';
import type { AmazonOrderBundle, SpBuyerInfo, SpConfirmShipmentRequest, SpOrder, SpOrderAddress, SpOrderItem } from './types';

export interface AmazonCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface AmazonEndpoints {
  /** The SP-API regional endpoint (https://sellingpartnerapi-na.amazon.com, -eu, -fe), or the simulator. */
  spApiUrl: string;
  /** Login with Amazon's token endpoint (https://api.amazon.com/auth/o2/token), or the simulator's. */
  lwaUrl: string;
}

/** SP-API answered with an error (ErrorList); `status` 429 and 5xx are worth retrying, 4xx otherwise are not. */
export class SpApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`${operation}: ${status} ${code}${detail ? ` (${detail})` : ''}`);
  }
}

interface CachedToken {
  value: string;
  expiresAtMs: number;
}

const REFRESH_MARGIN_MS = 60_000;
const accessTokens = new Map<string, CachedToken>();
const restrictedTokens = new Map<string, CachedToken | 'denied'>();

export interface SpApiClientOptions {
  channelId: string;
  endpoints: AmazonEndpoints;
  credentials: AmazonCredentials;
  gate: RateGate;
  timeoutMs?: number;
}

export function createSpApiClient({ channelId, endpoints, credentials, gate, timeoutMs = 10_000 }: SpApiClientOptions) {
  async function accessToken(): Promise<string> {
    const cached = accessTokens.get(channelId);
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > Date.now()) return cached.value;
    const res = await fetch(endpoints.lwaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: credentials.clientId, client_secret: credentials.clientSecret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token) throw new SpApiError('lwaToken', res.status, body.error ?? 'invalid_response', 'Login with Amazon refused the refresh token');
    const token = { value: body.access_token, expiresAtMs: Date.now() + (body.expires_in ?? 3600) * 1000 };
    accessTokens.set(channelId, token);
    return token.value;
  }

  /** One SP-API request after the usage plan allows it; an expired access token is refreshed and the request sent once more. */
  async function call<T>(
    operation: string,
    method: string,
    path: string,
    opts: { query?: URLSearchParams; body?: unknown; token?: string } = {},
  ): Promise<{ status: number; body: T }> {
    for (let attempt = 0; ; attempt++) {
      gate.take(operation);
      const token = opts.token ?? (await accessToken());
      const url = `${endpoints.spApiUrl}${path}${opts.query ? `?${opts.query.toString()}` : ''}`;
      const res = await fetch(url, {
        method,
        headers: { 'x-amz-access-token': token, ...(opts.body !== undefined && { 'content-type': 'application/json' }) },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      gate.learnRate(operation, res.headers.get('x-amzn-RateLimit-Limit'));
      const text = await res.text();
      const body = text ? (JSON.parse(text) as T & { errors?: { code?: string; details?: string; message?: string }[] }) : ({} as T & { errors?: undefined });
      if (res.ok) return { status: res.status, body };
      const error = body.errors?.[0];
      if (res.status === 429) gate.drain(operation);
      if (res.status === 403 && /expired/i.test(error?.details ?? '') && attempt === 0) {
        // Expired before our margin said so (a clock, a revocation): forget it and ask again.
        if (opts.token) restrictedTokens.delete(channelId);
        else accessTokens.delete(channelId);
        if (opts.token) return call(operation, method, path, { ...opts, token: await restrictedDataToken() });
        continue;
      }
      throw new SpApiError(operation, res.status, error?.code ?? 'Unknown', error?.details ?? error?.message ?? '');
    }
  }

  /**
   * An RDT that opens getOrders' buyerInfo and shippingAddress, or undefined when the
   * application has no role for personal data (then orders import without it and are held for
   * the address). A refusal is remembered for ten minutes.
   */
  async function restrictedDataToken(): Promise<string | undefined> {
    const cached = restrictedTokens.get(channelId);
    if (cached === 'denied') return undefined;
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > Date.now()) return cached.value;
    try {
      const { body } = await call<{ restrictedDataToken: string; expiresIn: number }>('createRestrictedDataToken', 'POST', '/tokens/2021-03-01/restrictedDataToken', {
        // getOrders' list and getOrder by id (the generic path opens every order of the seller: a notification names any of them).
        body: {
          restrictedResources: [
            { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
            { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['buyerInfo', 'shippingAddress'] },
          ],
        },
      });
      restrictedTokens.set(channelId, { value: body.restrictedDataToken, expiresAtMs: Date.now() + body.expiresIn * 1000 });
      return body.restrictedDataToken;
    } catch (err) {
      if (!(err instanceof SpApiError) || err.status !== 403) throw err;
      restrictedTokens.set(channelId, 'denied');
      setTimeout(() => restrictedTokens.get(channelId) === 'denied' && restrictedTokens.delete(channelId), 600_000).unref();
      return undefined;
    }
  }

  return {
    /** getOrders: one page. `query` carries the filters, or only NextToken and MarketplaceIds for the pages after the first. */
    async getOrders(query: URLSearchParams): Promise<{ orders: SpOrder[]; nextToken?: string }> {
      const token = await restrictedDataToken();
      const { body } = await call<{ payload: { Orders: SpOrder[]; NextToken?: string } }>('getOrders', 'GET', '/orders/v0/orders', { query, token });
      return { orders: body.payload.Orders ?? [], nextToken: body.payload.NextToken || undefined };
    },

    /** getOrder: one order by id (a notification named it), or undefined when Amazon does not know it. */
    async getOrder(orderId: string): Promise<SpOrder | undefined> {
      const token = await restrictedDataToken();
      try {
        return (await call<{ payload: SpOrder }>('getOrder', 'GET', `/orders/v0/orders/${encodeURIComponent(orderId)}`, { token })).body.payload;
      } catch (err) {
        if (err instanceof SpApiError && err.status === 404) return undefined;
        throw err;
      }
    },

    /** getOrderItems, following its NextToken. */
    async getOrderItems(orderId: string): Promise<SpOrderItem[]> {
      const items: SpOrderItem[] = [];
      let next: string | undefined;
      do {
        const { body } = await call<{ payload: { OrderItems: SpOrderItem[]; NextToken?: string } }>(
          'getOrderItems',
          'GET',
          `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`,
          {
            query: next ? new URLSearchParams({ NextToken: next }) : undefined,
          },
        );
        items.push(...(body.payload.OrderItems ?? []));
        next = body.payload.NextToken || undefined;
      } while (next);
      return items;
    },

    async getOrderAddress(orderId: string): Promise<SpOrderAddress> {
      const token = await restrictedDataToken();
      return (await call<{ payload: SpOrderAddress }>('getOrderAddress', 'GET', `/orders/v0/orders/${encodeURIComponent(orderId)}/address`, { token })).body.payload;
    },

    async getOrderBuyerInfo(orderId: string): Promise<SpBuyerInfo> {
      const token = await restrictedDataToken();
      return (await call<{ payload: SpBuyerInfo }>('getOrderBuyerInfo', 'GET', `/orders/v0/orders/${encodeURIComponent(orderId)}/buyerInfo`, { token })).body.payload;
    },

    async confirmShipment(orderId: string, request: SpConfirmShipmentRequest): Promise<void> {
      await call('confirmShipment', 'POST', `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`, { body: request });
    },

    /**
     * A feed (Feeds API 2021-06-30): createFeedDocument, the document uploaded to the presigned URL
     * it answers with, then createFeed naming it. Answers with the feed's id.
     */
    async submitFeed(feedType: string, marketplaceIds: string[], contentType: string, content: string): Promise<string> {
      const { body: doc } = await call<{ feedDocumentId: string; url: string }>('createFeedDocument', 'POST', '/feeds/2021-06-30/documents', {
        body: createFeedDocumentRequest(contentType),
      });
      const upload = await fetch(doc.url, { method: 'PUT', headers: { 'content-type': contentType }, body: content, signal: AbortSignal.timeout(timeoutMs) });
      if (!upload.ok) throw new SpApiError('uploadFeedDocument', upload.status, 'UploadFailed', await upload.text().catch(() => ''));
      const { body } = await call<{ feedId: string }>('createFeed', 'POST', '/feeds/2021-06-30/feeds', {
        body: createFeedRequest(feedType, marketplaceIds, doc.feedDocumentId),
      });
      return body.feedId;
    },

    /** Stock: the Listings Items API's fulfillment_availability of a merchant-fulfilled SKU. */
    async setQuantity(sellerId: string, sku: string, marketplaceIds: string[], productType: string, quantity: number): Promise<void> {
      await call('patchListingsItem', 'PATCH', `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`, {
        query: new URLSearchParams({ marketplaceIds: marketplaceIds.join(',') }),
        body: fulfillmentAvailabilityPatch(productType, quantity),
      });
    },
  };
}

export type SpApiClient = ReturnType<typeof createSpApiClient>;
export type { AmazonOrderBundle };
