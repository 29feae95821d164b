// Through the whole hub: orders of a channel whose platform is shopify are shipped, cancelled and
// refunded, and their stock pushed, through the simulated store's Admin API, in Shopify's
// documented request shapes (the calls the simulator recorded, schema-checked). A database of its
// own: a Shopify channel in the shared one would take part in every other file's stock pushes.
import fs from 'node:fs';
import path from 'node:path';
import { createSku, eventually } from '../../support/fixtures';
import { startTestHub, requireEnv, type TestHub } from '../../support/testHub';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../support/throwawayDatabase';
import { STACK_ENV } from '../../../src/infra/ephemeralStack';
import * as schemas from '../../fixtures/shopify-admin/requestSchemas';

const CHANNEL = 'shopify-e2e';
const SHOP = 'e2e-store.myshopify.com';
const TOKEN = 'shpat_e2e_token';
const LOCATION = '655441491';
const ITEM = '808950810';

let tmp: ThrowawayDatabase;
let t: TestHub;

const sampleOrder = (id: number) => ({
  ...(JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/shopify-admin/orders-list.json'), 'utf8')).response.orders[0] as Record<string, unknown>),
  id,
  fulfillments: [],
  refunds: [],
});

async function control(route: string, body: unknown): Promise<void> {
  const res = await fetch(`${t.sim.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

const recorded = (operation: string) =>
  t.sim.state.journal
    .list({ operation: `shopify.${operation}` })
    .filter((c) => c.params.shop === SHOP && c.status < 300)
    .filter((c) => !c.faulted);

/** An order of the Shopify channel for Shopify's sample order #1001's first two lines. */
function hubOrder(externalId: string, skus: [string, string]) {
  return {
    channel: CHANNEL,
    externalId,
    customer: { email: 'bob.norman@mail.example.com', name: 'Bob Norman', tier: 'standard' },
    currency: 'USD',
    lines: [
      { sku: skus[0], quantity: 1, unitPrice: '199.00', channelLineId: '466157049' },
      { sku: skus[1], quantity: 1, unitPrice: '199.00', channelLineId: '518995019' },
    ],
    shippingAddress: { name: 'Bob Norman', line1: 'Chestnut Street 92', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US' },
    shippingService: 'standard',
    shippingPrice: '5.00',
    payment: { status: 'paid', reference: `pay-${externalId}` },
  };
}

beforeAll(async () => {
  tmp = await createThrowawayDatabase(requireEnv(STACK_ENV.databaseUrl), 'orderhub_shopify');
  t = await startTestHub({ databaseUrl: tmp.url, carrierDispatchDelayMs: 300, carrierDeliveryDelayMs: 300, shopifyTokens: { [CHANNEL]: TOKEN } });
  await t.hub.db.channel.create({
    data: { id: CHANNEL, name: 'Shopify e2e', kind: 'webstore', platform: 'shopify', settings: { shopDomain: SHOP, apiVersion: '2025-07', locationIds: { 'WH-EAST': LOCATION } } },
  });
  await control('/admin/shopify/shops', { shop: SHOP, accessToken: TOKEN, locationId: LOCATION });
});

afterAll(async () => {
  await t?.stop();
  await tmp?.drop();
});

test('a cancelled paid order: Shopify gets the refund against its sale and the cancel, once each', async () => {
  await control('/admin/shopify/orders', { shop: SHOP, order: sampleOrder(450789470) });
  const skus: [string, string] = [await createSku(t.hub.db, { 'WH-EAST': 0 }), await createSku(t.hub.db, { 'WH-EAST': 0 })];
  const res = await t.api.post('/api/v1/orders').send(hubOrder('450789470', skus));
  expect(res.status).toBe(202);
  const { orderId } = res.body;
  // No stock: the paid order waits for it (backorder), then is cancelled.
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body.status).toBe('backordered'));
  expect((await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' })).status).toBe(200);

  const [refund] = await eventually(async () => {
    const calls = recorded('createRefund');
    expect(calls).toHaveLength(1);
    return calls;
  });
  const sale = t.sim.state.shopify.get(SHOP)!.transactions.get('450789470')![0];
  expect(schemas.refundCreateRequest.parse(refund.body)).toMatchObject({
    refund: { currency: 'USD', transactions: [{ parent_id: sale.id, amount: '403.00', kind: 'refund', gateway: 'bogus' }] },
  });
  const [cancel] = await eventually(async () => {
    const calls = recorded('cancelOrder');
    expect(calls).toHaveLength(1);
    return calls;
  });
  expect(schemas.orderCancelRequest.parse(cancel.body)).toEqual({ reason: 'customer', email: true });
  expect(t.sim.state.shopify.get(SHOP)!.orders.get('450789470')).toMatchObject({ cancel_reason: 'customer' });
});

test("a shipped order: Shopify's fulfillment order lines are fulfilled with the parcel's tracking; the listed SKU's stock is set at the mapped location", async () => {
  await control('/admin/shopify/orders', { shop: SHOP, order: sampleOrder(450789469) });
  const skus: [string, string] = [await createSku(t.hub.db, { 'WH-EAST': 5 }), await createSku(t.hub.db, { 'WH-EAST': 5 })];
  await t.hub.db.channelListing.create({ data: { channelId: CHANNEL, sku: skus[0], inventoryItemId: ITEM } });
  const res = await t.api.post('/api/v1/orders').send(hubOrder('450789469', skus));
  expect(res.status).toBe(202);
  const order = await eventually(async () => {
    const got = (await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body;
    expect(got.status).toBe('delivered');
    return got;
  });

  const [fulfillment] = recorded('createFulfillment');
  expect(recorded('createFulfillment')).toHaveLength(1);
  const body = schemas.fulfillmentCreateRequest.parse(fulfillment.body);
  const fo = [...t.sim.state.shopify.get(SHOP)!.fulfillmentOrders.values()].find((f) => f.order_id === '450789469')!;
  const foLine = (lineItemId: string) => fo.line_items.find((l) => l.line_item_id === lineItemId)!.id;
  expect(body).toEqual({
    fulfillment: {
      notify_customer: true,
      tracking_info: { number: order.shipments[0].trackingNumber, company: order.shipments[0].carrier },
      line_items_by_fulfillment_order: [
        {
          fulfillment_order_id: fo.id,
          fulfillment_order_line_items: [
            { id: foLine('466157049'), quantity: 1 },
            { id: foLine('518995019'), quantity: 1 },
          ],
        },
      ],
    },
  });

  // Stock pushes after the reservation and the shipment: every one in Shopify's shape, the last one 4 (5 - 1 shipped).
  const pushes = await eventually(async () => {
    const calls = recorded('setInventoryLevel').filter((c) => (c.body as { inventory_item_id: string }).inventory_item_id === ITEM);
    expect(calls.length).toBeGreaterThan(0);
    expect((calls[calls.length - 1].body as { available: number }).available).toBe(4);
    return calls;
  });
  for (const p of pushes) expect(schemas.inventorySetRequest.parse(p.body)).toMatchObject({ location_id: LOCATION, inventory_item_id: ITEM });
});

test('reconciliation imports an order whose webhook was never sent, through the webhook inbox, once', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const order = { ...sampleOrder(450789480), updated_at: new Date().toISOString() } as Record<string, unknown>;
  // The sample's lines name their product by SKU: point them all at a hub SKU through the listing.
  order.line_items = (order.line_items as Record<string, unknown>[]).map((l) => ({ ...l, sku }));
  await control('/admin/shopify/orders', { shop: SHOP, order });

  // What the schedule starts every SHOPIFY_RECONCILE_EVERY, run twice: the second pull overlaps the first.
  for (const run of ['a', 'b'])
    await t.hub.temporal.workflow.execute('shopifyReconcileWorkflow', { taskQueue: t.taskQueue, workflowId: `reconcile-test-${run}-${Date.now()}`, args: [CHANNEL] });

  const imported = await eventually(async () => {
    const found = await t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId: CHANNEL, externalId: '450789480' } } });
    expect(found).not.toBeNull();
    return found!;
  }, 30_000);
  expect(imported.channelId).toBe(CHANNEL);
  const inbox = await t.hub.db.channelWebhookInbox.findMany({ where: { channelId: CHANNEL, resourceId: '450789480' } });
  // Both pulls saw the same order version: one inbox row, one order.
  expect(inbox).toHaveLength(1);
  expect(inbox[0].webhookId).toMatch(/^reconcile:450789480:/);
  expect(await t.hub.db.order.count({ where: { channelId: CHANNEL, externalId: '450789480' } })).toBe(1);
});
