/**
 * The Shopify Admin REST endpoints the hub calls, answering in Shopify's documented shapes
 * (test/fixtures/shopify-admin/ holds the documentation's own examples). Pure handlers over the
 * store; routes.ts adds the token check, rate limit, faults and journal around them.
 */
import { ShopifyStores, newId, type FulfillmentOrderLine, type Json, type ShopState } from './store';

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

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ok = (body: unknown, headers?: Record<string, string>): AdminReply => ({ status: 200, body, headers });
const created = (body: unknown): AdminReply => ({ status: 201, body });

/** Ids arrive as JSON numbers (kept as decimal strings by the lossless parser) or, leniently, strings. */
function idOf(value: unknown, field: string): string {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  throw new ShopifyError(422, { [field]: ['is invalid'] });
}

function rootObject(body: unknown, root: string): Json {
  if (!isObject(body) || !isObject(body[root])) throw new ShopifyError(400, { [root]: 'Required parameter missing or invalid' });
  return body[root];
}

function orderOf(s: ShopState, id: string): Json {
  const order = s.orders.get(id);
  if (!order) throw new ShopifyError(404, 'Not Found');
  return order;
}

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

export function listFulfillmentOrders({ s, params }: AdminCall): AdminReply {
  orderOf(s, params.id);
  return ok({ fulfillment_orders: [...s.fulfillmentOrders.values()].filter((fo) => fo.order_id === params.id) });
}

// --- fulfillments.json ---

export function createFulfillment(call: AdminCall, stores: ShopifyStores): AdminReply {
  const { s } = call;
  const f = rootObject(call.body, 'fulfillment');
  const groups = f.line_items_by_fulfillment_order;
  if (!Array.isArray(groups) || groups.length === 0) throw new ShopifyError(422, { line_items_by_fulfillment_order: ['must be present'] });
  const picks: { line: FulfillmentOrderLine; quantity: number }[] = [];
  let orderId: string | null = null;
  for (const g of groups) {
    if (!isObject(g)) throw new ShopifyError(422, { line_items_by_fulfillment_order: ['is invalid'] });
    const fo = s.fulfillmentOrders.get(idOf(g.fulfillment_order_id, 'fulfillment_order_id'));
    if (!fo) throw new ShopifyError(404, 'Not Found');
    if (fo.status === 'closed' || fo.status === 'cancelled') throw new ShopifyError(422, [`Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status}.`]);
    if (orderId !== null && orderId !== fo.order_id) throw new ShopifyError(422, ['All fulfillment orders must belong to the same order.']);
    orderId = fo.order_id;
    const wanted = g.fulfillment_order_line_items;
    if (wanted === undefined) {
      // Left out: every remaining line of the fulfillment order.
      for (const line of fo.line_items) if (line.fulfillable_quantity > 0) picks.push({ line, quantity: line.fulfillable_quantity });
      continue;
    }
    if (!Array.isArray(wanted)) throw new ShopifyError(422, { fulfillment_order_line_items: ['is invalid'] });
    for (const w of wanted) {
      if (!isObject(w)) throw new ShopifyError(422, { fulfillment_order_line_items: ['is invalid'] });
      const line = fo.line_items.find((l) => l.id === idOf(w.id, 'fulfillment_order_line_items.id'));
      if (!line) throw new ShopifyError(422, [`Fulfillment order line item ${String(w.id)} does not belong to fulfillment order ${fo.id}.`]);
      const quantity = w.quantity;
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) throw new ShopifyError(422, { quantity: ['must be greater than 0'] });
      if (quantity > line.fulfillable_quantity) throw new ShopifyError(422, [`Invalid fulfillment order line item quantity requested.`]);
      picks.push({ line, quantity });
    }
  }
  if (orderId === null || picks.length === 0) throw new ShopifyError(422, ['Nothing to fulfill.']);
  const order = orderOf(s, orderId);
  for (const p of picks) p.line.fulfillable_quantity -= p.quantity;
  for (const fo of s.fulfillmentOrders.values()) {
    if (fo.order_id === orderId && fo.status !== 'closed' && fo.line_items.every((l) => l.fulfillable_quantity === 0)) fo.status = 'closed';
  }
  const tracking = isObject(f.tracking_info) ? f.tracking_info : {};
  const number = typeof tracking.number === 'string' ? tracking.number : null;
  const lineItems = Array.isArray(order.line_items) ? (order.line_items as Json[]) : [];
  const now = new Date().toISOString();
  const fulfillmentId = newId();
  const fulfillment = {
    id: fulfillmentId,
    order_id: orderId,
    status: 'success',
    created_at: now,
    service: 'manual',
    updated_at: now,
    tracking_company: typeof tracking.company === 'string' ? tracking.company : null,
    shipment_status: null,
    location_id: s.locationId,
    line_items: picks.map((p) => ({ ...(lineItems.find((l) => String(l.id) === p.line.line_item_id) ?? { id: p.line.line_item_id }), quantity: p.quantity })),
    tracking_number: number,
    tracking_numbers: number === null ? [] : [number],
    tracking_url: typeof tracking.url === 'string' ? tracking.url : null,
    tracking_urls: typeof tracking.url === 'string' ? [tracking.url] : [],
    receipt: {},
    name: `${String(order.name ?? '#')}.${(order.fulfillments as Json[]).length + 1}`,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${fulfillmentId}`,
  };
  (order.fulfillments as Json[]).push(fulfillment);
  stores.touch(order);
  return created({ fulfillment });
}

// --- inventory_levels/set.json ---

export function setInventoryLevel({ s, body }: AdminCall): AdminReply {
  if (!isObject(body)) throw new ShopifyError(400, { error: 'body must be a JSON object' });
  const locationId = idOf(body.location_id, 'location_id');
  const itemId = idOf(body.inventory_item_id, 'inventory_item_id');
  const available = body.available;
  if (typeof available !== 'number' || !Number.isInteger(available)) throw new ShopifyError(422, { available: ['must be an integer'] });
  const level = {
    inventory_item_id: itemId,
    location_id: locationId,
    available,
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
  };
  s.inventory.set(`${itemId}@${locationId}`, level);
  return ok({ inventory_level: level });
}

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

// --- orders/{id}/refunds/calculate.json and refunds.json ---

interface RefundLine {
  line_item_id: string;
  quantity: number;
  restock_type: string;
  location_id?: string;
}

const RESTOCK_TYPES = ['no_restock', 'cancel', 'return', 'legacy_restock'];

function refundLines(r: Json, order: Json): RefundLine[] {
  const raw = r.refund_line_items;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ShopifyError(422, { refund_line_items: ['is invalid'] });
  const lineItems = Array.isArray(order.line_items) ? (order.line_items as Json[]) : [];
  return raw.map((x) => {
    if (!isObject(x)) throw new ShopifyError(422, { refund_line_items: ['is invalid'] });
    const lineItemId = idOf(x.line_item_id, 'refund_line_items.line_item_id');
    const item = lineItems.find((l) => String(l.id) === lineItemId);
    if (!item) throw new ShopifyError(422, { refund_line_items: [`line item ${lineItemId} is not part of the order`] });
    const quantity = x.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > Number(item.quantity)) throw new ShopifyError(422, { quantity: ['is invalid'] });
    const restock = x.restock_type === undefined ? 'no_restock' : String(x.restock_type);
    if (!RESTOCK_TYPES.includes(restock)) throw new ShopifyError(422, { restock_type: ['is not included in the list'] });
    return { line_item_id: lineItemId, quantity, restock_type: restock, ...(x.location_id !== undefined && { location_id: idOf(x.location_id, 'location_id') }) };
  });
}

const cents = (amount: unknown): number => Math.round(Number(amount) * 100);
const decimal = (c: number): string => (c / 100).toFixed(2);

function refundedCents(order: Json): number {
  let sum = 0;
  for (const r of order.refunds as Json[]) for (const t of (r.transactions as Json[]) ?? []) sum += cents(t.amount);
  return sum;
}

export function calculateRefund({ s, params, body }: AdminCall): AdminReply {
  const order = orderOf(s, params.id);
  const r = rootObject(body, 'refund');
  const lines = refundLines(r, order);
  const lineItems = Array.isArray(order.line_items) ? (order.line_items as Json[]) : [];
  const currency = String(order.currency ?? 'USD');
  const sale = (s.transactions.get(String(order.id)) ?? [])[0];
  const refundLineItems = lines.map((l) => {
    const item = lineItems.find((x) => String(x.id) === l.line_item_id) ?? {};
    const subtotal = cents(item.price) * l.quantity;
    return {
      ...l,
      location_id: l.location_id ?? null,
      price: String(item.price ?? '0.00'),
      subtotal: decimal(subtotal),
      total_tax: '0.00',
      discounted_price: String(item.price ?? '0.00'),
      discounted_total_price: decimal(subtotal),
    };
  });
  const suggested = refundLineItems.reduce((sum, l) => sum + cents(l.subtotal), 0);
  const maximum = cents(order.total_price) - refundedCents(order);
  return ok({
    refund: {
      shipping: { amount: '0.00', tax: '0.00', maximum_refundable: '0.00' },
      duties: [],
      refund_line_items: refundLineItems,
      transactions: sale
        ? [
            {
              order_id: order.id,
              kind: 'suggested_refund',
              gateway: sale.gateway,
              parent_id: sale.id,
              amount: decimal(Math.min(suggested, maximum)),
              currency,
              maximum_refundable: decimal(maximum),
            },
          ]
        : [],
      currency,
    },
  });
}

export function createRefund({ s, params, body }: AdminCall, stores: ShopifyStores): AdminReply {
  const order = orderOf(s, params.id);
  const r = rootObject(body, 'refund');
  const lines = refundLines(r, order);
  const rawTransactions = r.transactions ?? [];
  if (!Array.isArray(rawTransactions)) throw new ShopifyError(422, { transactions: ['is invalid'] });
  const sales = s.transactions.get(String(order.id)) ?? [];
  let total = 0;
  const transactions = rawTransactions.map((t) => {
    if (!isObject(t)) throw new ShopifyError(422, { transactions: ['is invalid'] });
    if (t.kind !== 'refund') throw new ShopifyError(422, { kind: ['must be refund'] });
    const parentId = idOf(t.parent_id, 'parent_id');
    if (!sales.some((x) => x.id === parentId)) throw new ShopifyError(422, { parent_id: ['is invalid'] });
    const amount = typeof t.amount === 'string' || typeof t.amount === 'number' ? cents(t.amount) : NaN;
    if (!Number.isFinite(amount) || amount <= 0) throw new ShopifyError(422, { amount: ['must be greater than 0'] });
    total += amount;
    return {
      id: newId(),
      order_id: order.id,
      kind: 'refund',
      gateway: t.gateway ?? 'bogus',
      status: 'success',
      parent_id: parentId,
      amount: decimal(amount),
      currency: r.currency ?? order.currency,
    };
  });
  if (total > cents(order.total_price) - refundedCents(order)) throw new ShopifyError(422, { amount: ['exceeds the refundable amount'] });
  if (lines.length === 0 && transactions.length === 0) throw new ShopifyError(422, ['A refund needs line items or transactions.']);
  // Cancelled units leave the fulfillment orders (restock_type "cancel" on an unfulfilled line).
  for (const l of lines) {
    let left = l.quantity;
    for (const fo of s.fulfillmentOrders.values()) {
      if (fo.order_id !== order.id) continue;
      for (const fl of fo.line_items) {
        if (fl.line_item_id !== l.line_item_id || left === 0) continue;
        const take = Math.min(left, fl.fulfillable_quantity);
        fl.fulfillable_quantity -= take;
        left -= take;
      }
    }
  }
  const refundId = newId();
  const refund = {
    id: refundId,
    order_id: order.id,
    created_at: new Date().toISOString(),
    note: typeof r.note === 'string' ? r.note : null,
    user_id: null,
    processed_at: new Date().toISOString(),
    restock: lines.some((l) => l.restock_type !== 'no_restock'),
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    refund_line_items: lines.map((l) => ({ id: newId(), ...l })),
    transactions,
    order_adjustments: [],
  };
  (order.refunds as Json[]).push(refund);
  stores.touch(order);
  return created({ refund });
}

export const listRefunds = ({ s, params }: AdminCall): AdminReply => ok({ refunds: orderOf(s, params.id).refunds });

export const listTransactions = ({ s, params }: AdminCall): AdminReply => {
  const order = orderOf(s, params.id);
  const refunds = (order.refunds as Json[]).flatMap((r) => (r.transactions as Json[]) ?? []);
  return ok({ transactions: [...(s.transactions.get(params.id) ?? []), ...refunds] });
};
