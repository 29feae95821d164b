/** The simulated Admin refund endpoints: calculate, create and list refunds, and the order's transactions. */
import { ShopifyStores, newId, type Json } from './store';
import { ShopifyError, created, idOf, isObject, ok, orderOf, rootObject, type AdminCall, type AdminReply } from './adminCall';

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
