/**
 * What every simulated Shopify Admin endpoint shares: the call and its reply, Shopify's error
 * answer, and the lookups that answer 400/404/422 in Shopify's words.
 */
import type { Json, ShopState } from './store';

export interface AdminCall {
  s: ShopState;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** `http://host/shopify/<shop>/admin/api/<version>`: for Link headers. */
  apiBase: string;
}

export interface AdminReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A Shopify error answer: `{"errors": ...}` as the REST Admin API writes them. */
export class ShopifyError extends Error {
  constructor(
    readonly status: number,
    readonly errors: unknown,
  ) {
    super(typeof errors === 'string' ? errors : JSON.stringify(errors));
  }
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const ok = (body: unknown, headers?: Record<string, string>): AdminReply => ({ status: 200, body, headers });
export const created = (body: unknown): AdminReply => ({ status: 201, body });

/** Ids arrive as JSON numbers (kept as decimal strings by the lossless parser) or, leniently, strings. */
export function idOf(value: unknown, field: string): string {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  throw new ShopifyError(422, { [field]: ['is invalid'] });
}

export function rootObject(body: unknown, root: string): Json {
  if (!isObject(body) || !isObject(body[root])) throw new ShopifyError(400, { [root]: 'Required parameter missing or invalid' });
  return body[root];
}

export function orderOf(s: ShopState, id: string): Json {
  const order = s.orders.get(id);
  if (!order) throw new ShopifyError(404, 'Not Found');
  return order;
}
