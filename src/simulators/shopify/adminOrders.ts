/** The simulated Admin order endpoints: list (updated_at_min, status, Link pagination), get, cancel. */
import { ShopifyStores, type Json } from './store';
import { ShopifyError, isObject, ok, orderOf, type AdminCall, type AdminReply } from './adminCall';

// --- orders.json: updated_at_min, status, limit, order=updated_at asc, page_info Link pagination ---

interface PageCursor {
  updatedAtMin: string | null;
  status: string;
  /** The last order of the previous page: (updated_at, id). */
  after: [string, string] | null;
}

const encodeCursor = (c: PageCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): PageCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageCursor;
    if (typeof c.status === 'string') return c;
  } catch {
    // fall through
  }
  throw new ShopifyError(400, { page_info: 'Invalid value.' });
}

const byUpdated = (a: Json, b: Json) => {
  const at = Date.parse(String(a.updated_at)) - Date.parse(String(b.updated_at));
  if (at !== 0) return at;
  const [x, y] = [BigInt(String(a.id)), BigInt(String(b.id))];
  return x === y ? 0 : x < y ? -1 : 1;
};

function statusMatches(order: Json, status: string): boolean {
  const cancelled = order.cancelled_at !== null && order.cancelled_at !== undefined;
  const closed = order.closed_at !== null && order.closed_at !== undefined;
  if (status === 'any') return true;
  if (status === 'cancelled') return cancelled;
  if (status === 'closed') return closed;
  return !cancelled && !closed; // open, the default
}

export function listOrders({ s, query, apiBase }: AdminCall): AdminReply {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw new ShopifyError(400, { limit: 'Invalid value, must be between 1 and 250.' });
  let cursor: PageCursor;
  if (query.page_info !== undefined) {
    // Shopify: a page_info request takes only limit and fields; the filters are inside the cursor.
    const extra = Object.keys(query).filter((k) => !['page_info', 'limit', 'fields'].includes(k));
    if (extra.length > 0) throw new ShopifyError(400, { page_info: `${extra.join(', ')} cannot be passed with page_info.` });
    cursor = decodeCursor(query.page_info);
  } else {
    if (query.updated_at_min !== undefined && Number.isNaN(Date.parse(query.updated_at_min))) throw new ShopifyError(400, { updated_at_min: 'Invalid value.' });
    if (query.order !== undefined && query.order !== 'updated_at asc') throw new ShopifyError(400, { order: 'the simulator pages by "updated_at asc" only' });
    cursor = { updatedAtMin: query.updated_at_min ?? null, status: query.status ?? 'open', after: null };
  }
  const min = cursor.updatedAtMin === null ? null : Date.parse(cursor.updatedAtMin);
  const matching = [...s.orders.values()]
    .filter((o) => statusMatches(o, cursor.status) && (min === null || Date.parse(String(o.updated_at)) >= min))
    .sort(byUpdated)
    .filter((o) => cursor.after === null || byUpdated(o, { updated_at: cursor.after[0], id: cursor.after[1] }) > 0);
  const page = matching.slice(0, limit);
  const headers: Record<string, string> = {};
  if (matching.length > limit) {
    const last = page[page.length - 1];
    const next = encodeCursor({ ...cursor, after: [String(last.updated_at), String(last.id)] });
    headers.Link = `<${apiBase}/orders.json?limit=${limit}&page_info=${next}>; rel="next"`;
  }
  return ok({ orders: page }, headers);
}

export const getOrder = ({ s, params }: AdminCall): AdminReply => ok({ order: orderOf(s, params.id) });

// --- orders/{id}/cancel.json ---

const CANCEL_REASONS = ['customer', 'inventory', 'fraud', 'declined', 'other'];

export function cancelOrder({ s, params, body }: AdminCall, stores: ShopifyStores): AdminReply {
  const order = orderOf(s, params.id);
  const b = isObject(body) ? body : {};
  if (b.reason !== undefined && !CANCEL_REASONS.includes(String(b.reason))) throw new ShopifyError(422, { reason: ['is not included in the list'] });
  if (order.cancelled_at !== null && order.cancelled_at !== undefined) throw new ShopifyError(422, { error: 'Order has already been cancelled' });
  if ((order.fulfillments as Json[]).length > 0) throw new ShopifyError(422, { error: 'Cannot cancel an order that has fulfillments' });
  order.cancelled_at = new Date().toISOString();
  order.cancel_reason = b.reason ?? 'other';
  for (const fo of s.fulfillmentOrders.values()) {
    if (fo.order_id !== order.id) continue;
    fo.status = 'closed';
    for (const l of fo.line_items) l.fulfillable_quantity = 0;
  }
  stores.touch(order);
  return ok({ order });
}
