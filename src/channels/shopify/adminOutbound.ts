/**
 * What the hub tells a Shopify store, through the Admin REST API in Shopify's own shapes:
 * a parcel shipped (fulfillment orders -> fulfillment with tracking), a stock figure
 * (inventory_levels/set), the order cancelled, money refunded, units cancelled (a refund with
 * refund_line_items, restock_type "cancel").
 *
 * Shopify's REST API takes no idempotency keys, so each write first reads what the store has and
 * stops if the effect is there already: a fulfillment with the parcel's tracking number (or nothing
 * of the parcel's lines left to fulfill), an order already cancelled, a refund whose note carries
 * the hub's key. A retry after a lost answer therefore never ships, cancels or refunds twice.
 */
import { formatMoney } from '../../domain/money';
import type { ShipmentState } from '../../domain/order';
import { type HubOrderLine, unitsByChannelLine, unmappable } from '../channelLines';
import type { ShopCredentials, ShopifyAdminClient } from './adminClient';

export type { HubOrderLine };

/** A Shopify channel as the outbound calls need it. */
export interface ShopifyChannel extends ShopCredentials {
  channelId: string;
  /** Hub location id -> Shopify location id (settings.locationIds). */
  locations: Record<string, string>;
  /** The Shopify location the channel's sellable quantity is set at (settings.inventoryLocationId). */
  inventoryLocationId?: string;
}

/** What the hub knows, read from its database (adminChannelClient.ts) or handed in by tests. */
export interface ShopifyOutboundLookups {
  /** The channel, or null when it is not a Shopify channel. */
  shopifyChannel(channelId: string): Promise<ShopifyChannel | null>;
  orderLines(orderId: string): Promise<HubOrderLine[]>;
  inventoryItemId(channelId: string, sku: string): Promise<string | null>;
}

interface ShopifyOrder {
  id: string;
  cancelled_at: string | null;
  fulfillments?: { id: string; tracking_number: string | null }[];
}
interface FulfillmentOrder {
  id: string;
  status: string;
  line_items: { id: string; line_item_id: string; fulfillable_quantity: number }[];
}
interface Transaction {
  id: string;
  kind: string;
  status: string;
  gateway: string;
  amount: string;
}
interface Refund {
  id: string;
  note: string | null;
}

const enc = encodeURIComponent;

/** The hub's key inside a refund's note: how a retry recognizes the refund it already made. */
export const refundMarker = (key: string) => `[orderhub:${key}]`;

type ReasonKind = 'customer' | 'inventory' | 'fraud' | 'declined' | 'other';
/** Shopify's cancel reasons: customer, inventory, fraud, declined, other. */
export function cancelReason(reason: string): ReasonKind {
  const r = reason.toLowerCase();
  if (r.includes('stock') || r.includes('backorder') || r.includes('inventory')) return 'inventory';
  if (r.includes('payment') || r.includes('declined')) return 'declined';
  if (r.includes('fraud')) return 'fraud';
  if (r.includes('customer') || r.includes('buyer')) return 'customer';
  return 'other';
}

export function createShopifyOutbound(admin: ShopifyAdminClient) {
  const getOrder = async (c: ShopifyChannel, externalId: string) =>
    (await admin.get<{ order: ShopifyOrder }>(c, `orders/${enc(externalId)}.json`, { fields: 'id,cancelled_at,fulfillments' })).data.order;

  async function refunded(c: ShopifyChannel, externalId: string, key: string): Promise<Refund | undefined> {
    const { data } = await admin.get<{ refunds: Refund[] }>(c, `orders/${enc(externalId)}/refunds.json`);
    return data.refunds.find((r) => (r.note ?? '').includes(refundMarker(key)));
  }

  return {
    /** A parcel shipped: its lines as fulfillment order line items, with its tracking. */
    async fulfill(c: ShopifyChannel, externalId: string, orderId: string, lines: HubOrderLine[], shipment: Pick<ShipmentState, 'items' | 'carrier' | 'trackingNumber'>) {
      const order = await getOrder(c, externalId);
      const tracking = shipment.trackingNumber ?? '';
      const existing = tracking === '' ? undefined : (order.fulfillments ?? []).find((f) => f.tracking_number === tracking);
      if (existing) return { fulfillmentId: existing.id, repeated: true };

      const units = unitsByChannelLine(lines, shipment.items, orderId, 'Shopify');
      const { data } = await admin.get<{ fulfillment_orders: FulfillmentOrder[] }>(c, `orders/${enc(externalId)}/fulfillment_orders.json`);
      // Walked in Shopify's own order (fulfillment orders, then their lines), not the parcel's, so the same parcel always
      // makes the same request whichever order the hub's allocation listed its items in.
      const need = new Map(units);
      const groups = new Map<string, { id: string; quantity: number }[]>();
      for (const fo of data.fulfillment_orders) {
        if (fo.status !== 'open' && fo.status !== 'in_progress') continue;
        for (const item of fo.line_items) {
          const left = need.get(item.line_item_id) ?? 0;
          if (left === 0 || item.fulfillable_quantity === 0) continue;
          const take = Math.min(left, item.fulfillable_quantity);
          groups.set(fo.id, [...(groups.get(fo.id) ?? []), { id: item.id, quantity: take }]);
          need.set(item.line_item_id, left - take);
        }
      }
      // Nothing of the parcel is left to fulfill: an earlier attempt (or the merchant) did it.
      if (groups.size === 0) return { fulfillmentId: null, repeated: true };
      const body = {
        fulfillment: {
          notify_customer: true,
          tracking_info: { number: tracking, ...(shipment.carrier && { company: shipment.carrier }) },
          line_items_by_fulfillment_order: [...groups].map(([foId, items]) => ({ fulfillment_order_id: foId, fulfillment_order_line_items: items })),
        },
      };
      const res = await admin.post<{ fulfillment: { id: string } }>(c, 'fulfillments.json', body);
      return { fulfillmentId: res.data.fulfillment.id, repeated: false };
    },

    /** The channel's sellable quantity of a SKU, at the channel's stock location; a SKU not listed on the shop is skipped. */
    async setStock(c: ShopifyChannel, inventoryItemId: string | null, quantity: number) {
      if (inventoryItemId === null) return { set: false };
      const locationId = c.inventoryLocationId ?? Object.values(c.locations)[0];
      if (!locationId) throw unmappable(`Shopify channel ${c.channelId} has no settings.inventoryLocationId nor settings.locationIds: nowhere to set stock`);
      await admin.post(c, 'inventory_levels/set.json', { location_id: locationId, inventory_item_id: inventoryItemId, available: Math.max(0, quantity) });
      return { set: true };
    },

    async cancel(c: ShopifyChannel, externalId: string, reason: string) {
      const order = await getOrder(c, externalId);
      if (order.cancelled_at) return { repeated: true };
      await admin.post(c, `orders/${enc(externalId)}/cancel.json`, { reason: cancelReason(reason), email: true });
      return { repeated: false };
    },

    /** Money back, against the order's successful sale or capture. */
    async refund(c: ShopifyChannel, externalId: string, amountMinor: number, currency: string, reason: string, key: string) {
      const done = await refunded(c, externalId, key);
      if (done) return { refundId: done.id, repeated: true };
      const { data } = await admin.get<{ transactions: Transaction[] }>(c, `orders/${enc(externalId)}/transactions.json`);
      const parent = data.transactions.filter((t) => t.status === 'success' && (t.kind === 'sale' || t.kind === 'capture')).sort((a, b) => Number(b.amount) - Number(a.amount))[0];
      if (!parent) throw unmappable(`Shopify order ${externalId} has no successful sale or capture to refund against`);
      const body = {
        refund: {
          currency,
          notify: true,
          note: `${reason} ${refundMarker(key)}`,
          transactions: [{ parent_id: parent.id, amount: formatMoney(amountMinor, currency), kind: 'refund', gateway: parent.gateway }],
        },
      };
      const res = await admin.post<{ refund: { id: string } }>(c, `orders/${enc(externalId)}/refunds.json`, body);
      return { refundId: res.data.refund.id, repeated: false };
    },

    /** Units that will not ship: a refund of their line items with restock_type "cancel" and no money (that goes through refund()). */
    async cancelLines(
      c: ShopifyChannel,
      externalId: string,
      orderId: string,
      lines: HubOrderLine[],
      cancelled: { lineNo: number; sku: string; quantity: number }[],
      reason: string,
      key: string,
    ) {
      const done = await refunded(c, externalId, key);
      if (done) return { refundId: done.id, repeated: true };
      const units = unitsByChannelLine(lines, cancelled, orderId, 'Shopify');
      const body = {
        refund: {
          notify: true,
          note: `${reason} ${refundMarker(key)}`,
          refund_line_items: [...units].map(([lineItemId, quantity]) => ({ line_item_id: lineItemId, quantity, restock_type: 'cancel' })),
        },
      };
      const res = await admin.post<{ refund: { id: string } }>(c, `orders/${enc(externalId)}/refunds.json`, body);
      return { refundId: res.data.refund.id, repeated: false };
    },
  };
}

export type ShopifyOutbound = ReturnType<typeof createShopifyOutbound>;
