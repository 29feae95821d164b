/**
 * What the simulated Shopify stores hold: per shop, its access token, orders in Shopify's REST
 * shape (ids as decimal strings, see adminJson.ts), their fulfillment orders, fulfillments, refunds
 * and inventory levels. In memory only, like every simulator.
 */
import { LeakyBucket } from './bucket';

export type Json = Record<string, unknown>;

export interface FulfillmentOrderLine {
  id: string;
  shop_id: string;
  fulfillment_order_id: string;
  quantity: number;
  line_item_id: string;
  inventory_item_id: string | null;
  fulfillable_quantity: number;
  variant_id: string | null;
}

export interface ShopState {
  shop: string;
  shopId: string;
  accessToken: string;
  /** Where new fulfillment orders are assigned (the shop's first location). */
  locationId: string;
  orders: Map<string, Json>;
  fulfillmentOrders: Map<string, Json & { id: string; order_id: string; status: string; line_items: FulfillmentOrderLine[] }>;
  /** Per order id: its sale transactions (parents of refunds). */
  transactions: Map<string, Json[]>;
  inventory: Map<string, Json>;
  bucket: LeakyBucket;
}

/** Ids above 2^53, so a client that reads them through a JS number gets them wrong at once. */
let nextId = 9_007_199_254_741_000n;
export const newId = (): string => String(nextId++);

const money = (amount: string, currency: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } });

export class ShopifyStores {
  private readonly shops = new Map<string, ShopState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Creates the shop, or changes its token and keeps its data. */
  upsertShop(shop: string, accessToken: string, locationId?: string): ShopState {
    const existing = this.shops.get(shop);
    if (existing) {
      existing.accessToken = accessToken;
      if (locationId) existing.locationId = locationId;
      return existing;
    }
    const state: ShopState = {
      shop,
      shopId: newId(),
      accessToken,
      locationId: locationId ?? newId(),
      orders: new Map(),
      fulfillmentOrders: new Map(),
      transactions: new Map(),
      inventory: new Map(),
      bucket: new LeakyBucket(40, 2, this.now),
    };
    this.shops.set(shop, state);
    return state;
  }

  get(shop: string): ShopState | undefined {
    return this.shops.get(shop);
  }

  /**
   * Stores an order as Shopify would have it (a seeded order replaces one with the same id) and
   * gives it what Shopify makes along with every order: one fulfillment order at the shop's
   * location for the lines that need shipping, and a sale transaction for its total.
   */
  seedOrder(s: ShopState, input: Json): Json {
    const order: Json = { fulfillments: [], refunds: [], ...input };
    // Ids as decimal strings (adminJson.ts); an order without one gets a new one.
    order.id = (typeof order.id === 'string' && /^\d+$/.test(order.id)) || (typeof order.id === 'number' && Number.isSafeInteger(order.id)) ? String(order.id) : newId();
    const id = order.id as string;
    const at = new Date(this.now()).toISOString();
    order.created_at ??= at;
    order.updated_at ??= at;
    s.orders.set(id, order);
    for (const [foId, fo] of s.fulfillmentOrders) if (fo.order_id === id) s.fulfillmentOrders.delete(foId);
    const foId = newId();
    const lines = (Array.isArray(order.line_items) ? (order.line_items as Json[]) : []).filter((l) => l.requires_shipping !== false);
    const cancelled = order.cancelled_at !== null && order.cancelled_at !== undefined;
    s.fulfillmentOrders.set(foId, {
      id: foId,
      shop_id: s.shopId,
      order_id: id,
      assigned_location_id: s.locationId,
      request_status: 'unsubmitted',
      status: cancelled ? 'closed' : 'open',
      supported_actions: cancelled ? [] : ['create_fulfillment', 'move'],
      destination: order.shipping_address ?? null,
      line_items: lines.map((l) => {
        const quantity = typeof l.quantity === 'number' ? l.quantity : 0;
        return {
          id: newId(),
          shop_id: s.shopId,
          fulfillment_order_id: foId,
          quantity,
          line_item_id: String(l.id),
          inventory_item_id: null,
          fulfillable_quantity: cancelled ? 0 : quantity,
          variant_id: l.variant_id === null || l.variant_id === undefined ? null : String(l.variant_id),
        };
      }),
      international_duties: null,
      fulfill_at: null,
      fulfill_by: null,
      fulfillment_holds: [],
      created_at: at,
      updated_at: at,
      delivery_method: null,
      assigned_location: {
        address1: null,
        address2: null,
        city: null,
        country_code: 'US',
        location_id: s.locationId,
        name: 'Shop location',
        phone: null,
        province: null,
        zip: null,
      },
      merchant_requests: [],
    });
    const currency = typeof order.currency === 'string' ? order.currency : 'USD';
    const total = typeof order.total_price === 'string' ? order.total_price : '0.00';
    s.transactions.set(id, [{ id: newId(), order_id: id, kind: 'sale', status: 'success', gateway: 'bogus', amount: total, currency }]);
    return order;
  }

  /** Something changed the order: Shopify moves its updated_at (the reconciliation cursor). */
  touch(order: Json): void {
    order.updated_at = new Date(this.now()).toISOString();
  }

  static money = money;
}
