/**
 * The hub's Shopify Admin REST client: one pinned API version, the shop's access token in
 * `X-Shopify-Access-Token`, ids kept as decimal strings both ways (adminJson.ts), and Shopify's
 * rate limit respected: it slows down when `X-Shopify-Shop-Api-Call-Limit` says the shop's bucket
 * is nearly full, and a 429 becomes a retryable activity failure whose `nextRetryDelay` is
 * Shopify's `Retry-After`, so Temporal waits exactly as long as Shopify asked.
 * (shopify.dev/docs/api/admin-rest/usage/rate-limits, …/usage/pagination)
 */
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ApplicationFailure } from '@temporalio/common';
import { startPartnerCall } from '../../observability/integrationMetrics';
import { PartnerErrorType } from '../../activities/clients/partnerHttp';
import { parseShopifyJson, stringifyWithIds } from './adminJson';

export const SHOPIFY_RATE_LIMITED = 'ShopifyRateLimited';

export interface ShopifyAdminOptions {
  /** Where a shop's Admin API is, `{shop}` standing for its domain: `https://{shop}`, or the simulator's `http://host:port/shopify/{shop}`. Unset: `https://{shop}`. */
  adminUrl?: string;
  /** Pinned REST Admin API version (SHOPIFY_API_VERSION); a channel's settings.apiVersion overrides it. */
  apiVersion: string;
  timeoutMs: number;
  /** Milliseconds to wait; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ShopCredentials {
  shopDomain: string;
  accessToken: string;
  apiVersion?: string;
}

export interface AdminResponse<T> {
  data: T;
  /** page_info of the `rel="next"` Link, null on the last page. */
  nextPageInfo: string | null;
}

/** Calls left in the bucket below which the client waits for it to drain. */
const HEADROOM = 5;
/** Shopify's standard leak rate, calls per second (the header gives the size, not the rate). */
const LEAK_PER_SECOND = 2;

interface BucketSeen {
  used: number;
  size: number;
  at: number;
}

/** `<https://…?limit=50&page_info=abc>; rel="next", <…>; rel="previous"` -> abc */
export function nextPageInfo(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return new URL(m[1]).searchParams.get('page_info');
  }
  return null;
}

export function createShopifyAdminClient(opts: ShopifyAdminOptions) {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Per shop: what the last answer said about its bucket (one process's view; Shopify has the truth).
  const buckets = new Map<string, BucketSeen>();
  const http: AxiosInstance = axios.create({
    timeout: opts.timeoutMs,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    transformRequest: [(data: unknown) => (data === undefined ? undefined : stringifyWithIds(data))],
    transformResponse: [(text: unknown) => (typeof text === 'string' && text.trim() !== '' ? parseShopifyJson(text) : text)],
    responseType: 'text',
  });

  const baseOf = (c: ShopCredentials) =>
    `${(opts.adminUrl ?? 'https://{shop}').replace('{shop}', encodeURIComponent(c.shopDomain)).replace(/\/+$/, '')}/admin/api/${c.apiVersion ?? opts.apiVersion}`;

  async function waitForBucket(shop: string): Promise<void> {
    const seen = buckets.get(shop);
    if (!seen) return;
    const level = seen.used - ((Date.now() - seen.at) / 1000) * LEAK_PER_SECOND;
    const over = level - (seen.size - HEADROOM);
    if (over > 0) await sleep(Math.ceil((over / LEAK_PER_SECOND) * 1000));
  }

  function remember(shop: string, header: unknown): void {
    const m = typeof header === 'string' ? /^(\d+)\/(\d+)$/.exec(header.trim()) : null;
    if (m) buckets.set(shop, { used: Number(m[1]), size: Number(m[2]), at: Date.now() });
  }

  async function request<T>(c: ShopCredentials, method: 'GET' | 'POST', path: string, options: { query?: Record<string, string>; body?: unknown } = {}): Promise<AdminResponse<T>> {
    await waitForBucket(c.shopDomain);
    const url = `${baseOf(c)}/${path}`;
    const recordCall = startPartnerCall('channel');
    try {
      const res = await http.request<T>({ method, url, params: options.query, data: options.body, headers: { 'X-Shopify-Access-Token': c.accessToken } });
      remember(c.shopDomain, res.headers['x-shopify-shop-api-call-limit']);
      recordCall();
      return { data: res.data, nextPageInfo: nextPageInfo(res.headers.link as string | undefined) };
    } catch (err) {
      recordCall(err);
      if (err instanceof AxiosError) remember(c.shopDomain, err.response?.headers['x-shopify-shop-api-call-limit']);
      throw classifyShopifyError(`${method} ${path}`, err);
    }
  }

  return {
    get: <T>(c: ShopCredentials, path: string, query?: Record<string, string>) => request<T>(c, 'GET', path, { query }),
    post: <T>(c: ShopCredentials, path: string, body?: unknown) => request<T>(c, 'POST', path, { body }),
  };
}

export type ShopifyAdminClient = ReturnType<typeof createShopifyAdminClient>;

/** Seconds of a `Retry-After` header (Shopify writes e.g. "2.0"); unusable: 2 s, one leak. */
function retryAfterMs(value: unknown): number {
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(Math.ceil(seconds * 1000), 100) : 2000;
}

function describe(data: unknown): string {
  if (data && typeof data === 'object' && 'errors' in data) return JSON.stringify((data as { errors: unknown }).errors).slice(0, 500);
  return typeof data === 'string' ? data.slice(0, 500) : '';
}

/**
 * 429: retryable after Shopify's Retry-After; other 4xx (a refused request, 404, 401 a wrong
 * token): Shopify's "no", not retried; 5xx, timeouts, refused connections: retried by the policy.
 */
export function classifyShopifyError(what: string, err: unknown): Error {
  if (!(err instanceof AxiosError)) return err instanceof Error ? err : new Error(String(err));
  const status = err.response?.status;
  const message = describe(err.response?.data) || err.message;
  if (status === 429) {
    return ApplicationFailure.create({
      type: SHOPIFY_RATE_LIMITED,
      message: `Shopify rate limit at ${what}: ${message}`,
      nonRetryable: false,
      nextRetryDelay: retryAfterMs(err.response?.headers['retry-after']),
      details: [{ system: 'channel', status }],
    });
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) {
    return ApplicationFailure.create({
      type: PartnerErrorType.Rejected,
      message: `Shopify rejected ${what} with ${status}: ${message}`,
      nonRetryable: true,
      details: [{ system: 'channel', status }],
    });
  }
  return ApplicationFailure.create({
    type: PartnerErrorType.Unavailable,
    message: `Shopify unavailable at ${what}${status ? ` (${status})` : ''}: ${message}`,
    nonRetryable: false,
    details: [{ system: 'channel', status: status ?? null }],
  });
}
