/** The simulated Admin endpoints of what a store ships and holds: fulfillment orders, fulfillments, inventory levels. */
import { ShopifyStores, newId, type FulfillmentOrderLine, type Json } from './store';
import { ShopifyError, created, idOf, isObject, ok, orderOf, rootObject, type AdminCall, type AdminReply } from './adminCall';

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
