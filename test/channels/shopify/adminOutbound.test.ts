// The Shopify Admin client and outbound calls against the simulated store: Shopify's documented
// request shapes (schema-checked on what the simulator recorded), lossless 64-bit ids, retries that
// never repeat an effect, and the rate limit (429 Retry-After -> nextRetryDelay, slowing down near
// the limit). No database or Temporal needed: ORDERHUB_SKIP_STACK=1 works. The simulator refuses
// quoted ids (Shopify writes them as JSON numbers) and journals ids as decimal strings.
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { startSimulators, type RunningSimulators } from '../../../src/simulators';
import { createShopifyAdminClient } from '../../../src/channels/shopify/adminClient';
import { createShopifyOutbound, type HubOrderLine, type ShopifyChannel } from '../../../src/channels/shopify/adminOutbound';
import { shopifyAwareChannelClient } from '../../../src/channels/shopify/adminChannelClient';
import type { createChannelClient } from '../../../src/activities/clients/channelClient';
import * as schemas from '../../fixtures/shopify-admin/requestSchemas';

const FIXTURES = path.join(__dirname, '../../fixtures/shopify-admin');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { request: unknown; response: Record<string, unknown> };
/** Shopify's own sample order #1001 (orders.json example), without its sample fulfillments and refunds. */
const docOrder = () => ({ ...(fixture('orders-list').response.orders as Record<string, unknown>[])[0], fulfillments: [], refunds: [] });

const SHOP = 'outbound-test.myshopify.com';
const TOKEN = 'shpat_outbound_test_token';
const LOCATION = '655441491';
let sim: RunningSimulators;

async function control(route: string, body: unknown | string): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
const seedShop = (shop: string) => control('/admin/shopify/shops', { shop, accessToken: TOKEN, locationId: LOCATION });
const seedOrder = (order: Record<string, unknown>, shop = SHOP) => control('/admin/shopify/orders', { shop, order });

const channel = (shop = SHOP): ShopifyChannel => ({ channelId: 'shopify-test', shopDomain: shop, accessToken: TOKEN, locations: { 'WH-EAST': LOCATION } });
const calls = (operation: string) => sim.state.journal.list({ operation: `shopify.${operation}` });
/** The hub's lines of the sample order, as the inbound mapping stores them (channelLineId = line_item id). */
const hubLines: HubOrderLine[] = [
  { lineNo: 1, sku: 'IPOD2008GREEN', quantity: 1, channelLineId: '466157049' },
  { lineNo: 2, sku: 'IPOD2008RED', quantity: 1, channelLineId: '518995019' },
  { lineNo: 3, sku: 'IPOD2008BLACK', quantity: 1, channelLineId: '703073504' },
];

function client(sleep?: (ms: number) => Promise<void>) {
  return createShopifyAdminClient({ adminUrl: `${sim.url}/shopify/{shop}`, apiVersion: '2025-07', timeoutMs: 5000, sleep });
}

beforeAll(async () => {
  sim = await startSimulators({ port: 0 });
  await seedShop(SHOP);
});
afterAll(() => sim.stop());

test("Shopify's documented request examples satisfy the request schemas the recorded calls are checked against", () => {
  expect(schemas.fulfillmentCreateRequest.safeParse(fixture('fulfillments-create').request).success).toBe(true);
  expect(schemas.inventorySetRequest.safeParse(fixture('inventory_levels-set').request).success).toBe(true);
  expect(schemas.refundCreateRequest.safeParse(fixture('refunds-create').request).success).toBe(true);
  expect(schemas.refundCalculateRequest.safeParse(fixture('refunds-calculate').request).success).toBe(true);
  // And the schemas are strict: an undocumented field is refused.
  expect(schemas.inventorySetRequest.safeParse({ location_id: 1, inventory_item_id: 2, available: 3, sku: 'X' }).success).toBe(false);
});

test('ids above 2^53 keep every digit both ways (seeded as bare JSON numbers, read back as the same digits)', async () => {
  const big = '5678901234567890123';
  const lineId = '1234567890123456789';
  await control(
    '/admin/shopify/orders',
    `{"shop":"${SHOP}","order":{"id":${big},"currency":"USD","total_price":"1.00","line_items":[{"id":${lineId},"sku":"X","quantity":1,"price":"1.00"}]}}`,
  );
  const admin = client();
  const { data } = await admin.get<{ order: { id: string; line_items: { id: string }[] } }>(channel(), `orders/${big}.json`);
  expect(data.order.id).toBe(big);
  expect(data.order.line_items[0].id).toBe(lineId);
  const fos = await admin.get<{ fulfillment_orders: { line_items: { line_item_id: string }[] }[] }>(channel(), `orders/${big}/fulfillment_orders.json`);
  expect(fos.data.fulfillment_orders[0].line_items[0].line_item_id).toBe(lineId);
  // What goes out is a bare number too: the simulator refuses a quoted id, as a contract check.
  const quoted = await fetch(`${sim.url}/shopify/${SHOP}/admin/api/2025-07/inventory_levels/set.json`, {
    method: 'POST',
    headers: { 'X-Shopify-Access-Token': TOKEN, 'Content-Type': 'application/json' },
    body: '{"location_id":"655441491","inventory_item_id":808950810,"available":1}',
  });
  expect(quoted.status).toBe(422);
});

test('a wrong access token is a 401 the activity does not retry', async () => {
  const err = await client()
    .get({ ...channel(), accessToken: 'wrong' }, 'orders.json')
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect((err as ApplicationFailure).details?.[0]).toMatchObject({ status: 401 });
});

test('orders.json pages oldest update first with Link page_info; page_info with a filter is refused', async () => {
  const shop = 'paging-test.myshopify.com';
  await seedShop(shop);
  for (let i = 0; i < 5; i++) await seedOrder({ id: 1000 + i, updated_at: `2026-11-2${i}T10:00:00Z`, currency: 'USD', total_price: '1.00', line_items: [] }, shop);
  const admin = client();
  const ids: string[] = [];
  let page = await admin.get<{ orders: { id: string }[] }>(channel(shop), 'orders.json', {
    limit: '2',
    status: 'any',
    order: 'updated_at asc',
    updated_at_min: '2026-11-21T00:00:00Z',
  });
  ids.push(...page.data.orders.map((o) => o.id));
  while (page.nextPageInfo) {
    page = await admin.get<{ orders: { id: string }[] }>(channel(shop), 'orders.json', { limit: '2', page_info: page.nextPageInfo });
    ids.push(...page.data.orders.map((o) => o.id));
  }
  expect(ids).toEqual(['1001', '1002', '1003', '1004']);
  const refused = await admin.get(channel(shop), 'orders.json', { page_info: 'x', status: 'any' }).catch((e: unknown) => e);
  expect((refused as ApplicationFailure).details?.[0]).toMatchObject({ status: 400 });
});

test('fulfillment: the parcel lines become fulfillment order line items with tracking, in the documented shape; a retry creates nothing', async () => {
  await seedOrder(docOrder());
  const outbound = createShopifyOutbound(client());
  const parcel = {
    items: [
      { sku: 'IPOD2008GREEN', quantity: 1 },
      { sku: 'IPOD2008RED', quantity: 1 },
    ],
    carrier: 'UPS',
    trackingNumber: '1Z001985YW99744790',
  };
  const first = await outbound.fulfill(channel(), '450789469', 'ord-1', hubLines, parcel);
  expect(first.repeated).toBe(false);
  const again = await outbound.fulfill(channel(), '450789469', 'ord-1', hubLines, parcel);
  expect(again).toEqual({ fulfillmentId: first.fulfillmentId, repeated: true });

  const made = calls('createFulfillment');
  expect(made).toHaveLength(1);
  expect(schemas.fulfillmentCreateRequest.parse(made[0].body)).toBeTruthy();
  const fo = [...sim.state.shopify.get(SHOP)!.fulfillmentOrders.values()].find((f) => f.order_id === '450789469')!;
  const foLine = (lineItemId: string) => fo.line_items.find((l) => l.line_item_id === lineItemId)!.id;
  expect(made[0].body).toEqual({
    fulfillment: {
      notify_customer: true,
      tracking_info: { number: '1Z001985YW99744790', company: 'UPS' },
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

  // A second parcel without tracking: once fulfilled, nothing of it is left, so a retry is a no-op.
  await outbound.fulfill(channel(), '450789469', 'ord-1', hubLines, { items: [{ sku: 'IPOD2008BLACK', quantity: 1 }] });
  expect(await outbound.fulfill(channel(), '450789469', 'ord-1', hubLines, { items: [{ sku: 'IPOD2008BLACK', quantity: 1 }] })).toEqual({ fulfillmentId: null, repeated: true });
  expect(calls('createFulfillment').filter((c) => c.status === 201)).toHaveLength(2);
});

test('stock: inventory_levels/set by the listing inventory item at the mapped location, in the documented shape', async () => {
  const outbound = createShopifyOutbound(client());
  sim.state.journal.clear();
  expect(await outbound.setStock(channel(), '808950810', 42)).toEqual({ set: true });
  expect(await outbound.setStock(channel(), null, 42)).toEqual({ set: false });
  const made = calls('setInventoryLevel');
  expect(made).toHaveLength(1);
  expect(schemas.inventorySetRequest.parse(made[0].body)).toEqual({ location_id: LOCATION, inventory_item_id: '808950810', available: 42 });
  expect(sim.state.shopify.get(SHOP)!.inventory.get(`808950810@${LOCATION}`)).toMatchObject({ available: 42 });
});

test('cancel lines, refund and cancel: documented shapes, each made once however often it is retried', async () => {
  await seedOrder({ ...docOrder(), id: 450789470 });
  const outbound = createShopifyOutbound(client());
  sim.state.journal.clear();
  const cancelled = [{ lineNo: 3, sku: 'IPOD2008BLACK', quantity: 1 }];
  const a = await outbound.cancelLines(channel(), '450789470', 'ord-2', hubLines, cancelled, 'out of stock', 'ord-2:channel.cancel-lines.u1');
  const b = await outbound.cancelLines(channel(), '450789470', 'ord-2', hubLines, cancelled, 'out of stock', 'ord-2:channel.cancel-lines.u1');
  expect(b).toEqual({ refundId: a.refundId, repeated: true });
  await outbound.refund(channel(), '450789470', 1000, 'USD', 'customer asked', 'ord-2:channel.refund');
  await outbound.refund(channel(), '450789470', 1000, 'USD', 'customer asked', 'ord-2:channel.refund');
  await outbound.cancel(channel(), '450789470', 'customer asked');
  expect(await outbound.cancel(channel(), '450789470', 'customer asked')).toEqual({ repeated: true });

  const refunds = calls('createRefund');
  expect(refunds).toHaveLength(2);
  for (const r of refunds) schemas.refundCreateRequest.parse(r.body);
  expect(refunds[0].body).toEqual({
    refund: {
      notify: true,
      note: 'out of stock [orderhub:ord-2:channel.cancel-lines.u1]',
      refund_line_items: [{ line_item_id: '703073504', quantity: 1, restock_type: 'cancel' }],
    },
  });
  const sale = sim.state.shopify.get(SHOP)!.transactions.get('450789470')![0];
  expect(refunds[1].body).toEqual({
    refund: {
      currency: 'USD',
      notify: true,
      note: 'customer asked [orderhub:ord-2:channel.refund]',
      transactions: [{ parent_id: sale.id, amount: '10.00', kind: 'refund', gateway: 'bogus' }],
    },
  });
  const cancels = calls('cancelOrder');
  expect(cancels).toHaveLength(1);
  expect(schemas.orderCancelRequest.parse(cancels[0].body)).toEqual({ reason: 'customer', email: true });
});

test("429: Shopify's Retry-After becomes the retryable failure's nextRetryDelay, and the client slows down near the limit", async () => {
  const shop = 'busy-test.myshopify.com';
  await seedShop(shop);
  const url = `${sim.url}/shopify/${shop}/admin/api/2025-07/orders.json`;
  const statuses = await Promise.all(Array.from({ length: 45 }, () => fetch(url, { headers: { 'X-Shopify-Access-Token': TOKEN } }).then((r) => r.status)));
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  const throttled = calls('listOrders').find((c) => c.status === 429);
  expect(throttled?.response).toEqual({ errors: expect.stringContaining('Exceeded 2 calls per second') });

  const waits: number[] = [];
  const admin = client(async (ms) => void waits.push(ms));
  // The bucket leaks one call every 500 ms: top it up right before the client's call, so that the
  // call finds it full however long the checks above took on a loaded machine.
  const refill = () => Promise.all(Array.from({ length: 4 }, () => fetch(url, { headers: { 'X-Shopify-Access-Token': TOKEN } })));
  await refill();
  const err = await admin.get(channel(shop), 'orders.json').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  expect(failure.type).toBe('ShopifyRateLimited');
  expect(failure.nonRetryable).toBe(false);
  expect(failure.nextRetryDelay).toBeGreaterThan(0);
  expect(failure.nextRetryDelay).toBeLessThanOrEqual(1000);

  // The next call waits for the bucket to drain below the limit before it is sent.
  await admin.get(channel(shop), 'orders.json').catch(() => undefined);
  expect(waits.length).toBeGreaterThan(0);
  expect(waits[0]).toBeGreaterThan(0);
});

test("a channel whose platform is not shopify keeps the hub's channel client", async () => {
  const base = { cancelOrder: jest.fn().mockResolvedValue({ cancellationId: 'X1' }) } as unknown as ReturnType<typeof createChannelClient>;
  const lookups = { shopifyChannel: jest.fn().mockResolvedValue(null), orderLines: jest.fn(), inventoryItemId: jest.fn() };
  const wrapped = shopifyAwareChannelClient(base, lookups, createShopifyOutbound(client()));
  expect(await wrapped.cancelOrder('webstore', 'E1', 'ord-3', 'customer', 'key')).toEqual({ cancellationId: 'X1' });
  expect(lookups.shopifyChannel).toHaveBeenCalledWith('webstore');
});
