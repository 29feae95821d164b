import request from 'supertest';
import { createSku, eventually } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { shopifyHmac } from '../../src/channels/shopify/hmac';
import { refundedByChannel } from '../../src/channels/platformRefunds';
import { DEMO_SHOPIFY_DOMAIN } from '../../src/db/seed';
import { freshOrderId, withOrderId, type FixtureName } from './shopify/fixtures';

// Shopify's own sample orders through the real route, signed as Shopify signs (docs/shopify.md).
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

const secret = () => t.webhookSecrets.shopify[0];
let deliveryNo = 0;

function post(body: string, opts: { topic?: string; webhookId?: string; eventId?: string; shop?: string; hmac?: string; channel?: string } = {}) {
  const req = request(t.hub.apiUrl)
    .post(`/api/v1/channels/${opts.channel ?? 'shopify'}/webhooks`)
    .set('Content-Type', 'application/json')
    .set('X-Shopify-Topic', opts.topic ?? 'orders/create')
    .set('X-Shopify-Hmac-Sha256', opts.hmac ?? shopifyHmac(secret(), body))
    .set('X-Shopify-Shop-Domain', opts.shop ?? DEMO_SHOPIFY_DOMAIN)
    .set('X-Shopify-API-Version', '2025-07')
    .set('X-Shopify-Webhook-Id', opts.webhookId ?? `wh-${Date.now()}-${++deliveryNo}`);
  return (opts.eventId ? req.set('X-Shopify-Event-Id', opts.eventId) : req).send(body);
}

const inboxRows = (resourceId: string) => t.hub.db.channelWebhookInbox.findMany({ where: { channelId: 'shopify', resourceId }, orderBy: { id: 'asc' } });
/** The order once every delivery about it has been processed. */
const settled = (externalId: string) =>
  eventually(async () => {
    const rows = await inboxRows(externalId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'received' || r.status === 'failed').map((r) => [r.topic, r.status, r.lastError])).toEqual([]);
    const order = await t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId: 'shopify', externalId } }, include: { holds: true, transactions: true } });
    expect(order).not.toBeNull();
    return order!;
  }, 30_000);

async function deliverFixture(name: FixtureName, edit: (body: string) => string = (b) => b) {
  const id = freshOrderId();
  const body = edit(withOrderId(name, id));
  const started = performance.now();
  const res = await post(body);
  const ms = performance.now() - started;
  console.log(`shopify ${name}: ${res.status} in ${ms.toFixed(0)} ms`);
  expect(res.status).toBe(200);
  expect(ms).toBeLessThan(1000);
  return { id, body: JSON.parse(body.replace(/:\s*(\d{16,})/g, ':"$1"')) as Record<string, any>, order: await settled(id) }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const reload = (id: string) =>
  t.hub.db.order.findUniqueOrThrow({ where: { id }, include: { holds: true, transactions: true, customer: true } }).then((o) => ({ ...o, customerEmail: o.customer?.email }));
/** The body with its shipping address's first line changed (billing and the customer's default address keep theirs). */
const shipTo = (body: string, line1: string) => {
  const at = body.indexOf('"shipping_address"');
  return body.slice(0, at) + body.slice(at).replace('Chestnut Street 92', line1);
};
const activeHolds = (order: { holds: { reason: string; releasedAt: Date | null }[] }) => order.holds.filter((h) => !h.releasedAt).map((h) => h.reason);

describe("Shopify's samples through the signed route", () => {
  test('#1001 authorized, with tax lines and discount allocations: its total, authorized, held only for its unknown SKUs', async () => {
    const { order } = await deliverFixture('authorized');
    expect(order.totalMinor).toBe(59894);
    expect(order.taxMinor).toBe(1194);
    expect(order.discountsMinor).toBe(1000);
    expect(order.paymentStatus).toBe('authorized');
    // The SKUs are Shopify's demo products, unknown here; the rules may add their own holds (fraud review of a new customer).
    await eventually(async () => expect(activeHolds(await reload(order.id))).toContain('unmapped_sku'));
    expect(activeHolds(await reload(order.id))).not.toContain('total_mismatch');
  });

  test('multi-currency: the EUR total Shopify charged and the USD shop total', async () => {
    // Its SKU made a hub product with stock, so the order goes on to its payment step.
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { order } = await deliverFixture('multiCurrency', (b) => b.replace('"BEDB-20-BK-2"', JSON.stringify(sku)));
    expect([order.currency, order.totalMinor, order.shopCurrency, order.shopTotalMinor]).toEqual(['EUR', 23399, 'USD', 25579]);
    await eventually(async () => expect((await reload(order.id)).paymentStatus).toBe('paid'));
    expect(activeHolds(await reload(order.id))).not.toContain('total_mismatch');
  });

  test('guest order with sku "" and no customer or address: accepted, held for its address and its product', async () => {
    const { order } = await deliverFixture('guestEmptySku');
    expect(order.totalMinor).toBe(19900);
    await eventually(async () => expect(activeHolds(await reload(order.id))).toEqual(expect.arrayContaining(['address', 'unmapped_sku'])));
    expect((await reload(order.id)).customerEmail ?? null).toBeNull();
  });

  test('the test notification (64-bit ids, voided, cancelled): recorded as cancelled, never fulfilled; its figures do not add up, so total_mismatch', async () => {
    const { id, order } = await deliverFixture('testNotification');
    expect(order.externalId).toBe(id);
    await eventually(async () => expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('cancelled'), 30_000);
    expect((await reload(order.id)).holds.map((h) => h.reason)).toContain('total_mismatch');
    expect(await t.hub.db.shipment.count({ where: { orderId: order.id } })).toBe(0);
    const lines = await t.hub.db.orderLine.findMany({ where: { orderId: order.id }, orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => l.channelLineId)).toEqual(['866550311766439020', '141249953214522974']);
  });

  test("partially refunded before it arrives: the refund recorded as the channel's, held manual", async () => {
    const { order } = await deliverFixture('partiallyRefunded');
    expect(order.transactions.filter((x) => x.kind === 'refund').map((x) => [x.source, x.amountMinor])).toEqual([['channel', 20900]]);
    await eventually(async () => expect(activeHolds(await reload(order.id))).toContain('manual'));
  });
});

describe('verification and de-duplication', () => {
  test('a wrong HMAC and a wrong shop domain are 401; a replayed webhook id is 200 with nothing new', async () => {
    const id = freshOrderId();
    const body = withOrderId('authorized', id);
    expect((await post(body, { hmac: shopifyHmac('not-the-secret', body) })).status).toBe(401);
    expect((await post(body, { shop: 'someone-else.myshopify.com' })).status).toBe(401);
    expect(await inboxRows(id)).toEqual([]);

    const first = await post(body, { webhookId: `replay-${id}` });
    expect(first.body).toMatchObject({ received: true, duplicate: false });
    const order = await settled(id);
    const again = await post(body, { webhookId: `replay-${id}` });
    expect([again.status, again.body.duplicate]).toEqual([200, true]);
    // The same event delivered under another webhook id (Shopify's event id is per event): also nothing new.
    await post(body, { webhookId: `first-${id}`, eventId: `event-${id}` });
    const sameEvent = await post(body, { webhookId: `second-${id}`, eventId: `event-${id}` });
    expect([sameEvent.status, sameEvent.body.duplicate]).toEqual([200, true]);
    expect(await inboxRows(id)).toHaveLength(2);
    expect(await t.hub.db.order.count({ where: { channelId: 'shopify', externalId: id } })).toBe(1);
    expect((await settled(id)).id).toBe(order.id);
  });

  test('a non-Shopify channel has no /webhooks (404); a body that is not an order is 400', async () => {
    const body = withOrderId('authorized', freshOrderId());
    expect((await post(body, { channel: 'webstore' })).status).toBe(404);
    const notOrder = JSON.stringify({ line_items: [] });
    const res = await post(notOrder);
    expect([res.status, res.body.fields?.[0]?.field]).toEqual([400, 'body.id']);
  });
});

describe('topics on a known order', () => {
  test('an older updated_at is ignored; a new address before shipment is corrected; orders/cancelled cancels', async () => {
    const id = freshOrderId();
    const body = withOrderId('authorized', id);
    await post(body);
    const order = await settled(id);

    const stale = shipTo(body.replace(/"updated_at": "[^"]+"/, '"updated_at": "2001-01-01T00:00:00-05:00"'), 'Old Street 1');
    await post(stale, { topic: 'orders/updated' });
    await eventually(async () => expect((await inboxRows(id)).map((r) => r.status)).toEqual(['processed', 'ignored']), 30_000);
    expect((await inboxRows(id))[1].outcome).toMatch(/stale/);

    const moved = shipTo(body.replace(/"updated_at": "[^"]+"/, '"updated_at": "2030-01-01T00:00:00-05:00"'), 'Walnut Street 7');
    await post(moved, { topic: 'orders/updated' });
    await eventually(async () => {
      const rows = await inboxRows(id);
      expect(rows[2]?.outcome).toMatch(/address corrected/);
    }, 30_000);
    expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: order.id } })).shippingAddress).toMatchObject({ line1: 'Walnut Street 7' });

    const cancelled = moved
      .replace(/"updated_at": "[^"]+"/, '"updated_at": "2030-01-02T00:00:00-05:00"')
      .replace('"cancelled_at": null', '"cancelled_at": "2030-01-02T00:00:00-05:00"');
    await post(cancelled, { topic: 'orders/cancelled' });
    await eventually(async () => expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('cancelled'), 30_000);
  });
});

describe('refunds Shopify made', () => {
  test('refunds/create is recorded once, counted as what the channel refunded itself', async () => {
    // #1001 partially refunded (209.00) on arrival: held manual, so it stays here while Shopify refunds more and the hub cancels it.
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const id = freshOrderId();
    await post(withOrderId('partiallyRefunded', id).replace(/"IPOD2008(GREEN|RED|BLACK)"/g, JSON.stringify(sku)));
    const order = await settled(id);
    await eventually(async () => expect((await reload(order.id)).paymentStatus).toBe('paid'), 30_000);
    const refund = JSON.stringify({
      id: 609562970,
      order_id: 0,
      created_at: '2030-01-01T00:00:00-05:00',
      note: 'damaged',
      refund_line_items: [],
      transactions: [{ id: 1, kind: 'refund', status: 'success', amount: '33.99', currency: 'USD' }],
    }).replace('"order_id":0', `"order_id":${id}`);
    await post(refund, { topic: 'refunds/create' });
    await post(refund, { topic: 'refunds/create' });
    await eventually(async () => expect((await inboxRows(id)).map((r) => r.status)).toEqual(['processed', 'processed', 'processed']), 30_000);
    expect((await reload(order.id)).transactions.filter((x) => x.kind === 'refund').map((x) => [x.source, x.amountMinor])).toEqual([
      ['channel', 20900],
      ['channel', 3399],
    ]);

    // The cancel's channel refund then pays back only the rest (partners.ts channelRefund, refundedByChannel): proved end to end
    // before main's Shopify outbound (598.94 - 209.00 - 33.99 = 355.95 through the generic channel; 598.94 without the guard).
    // On main a Shopify channel refunds through the simulated store's Admin API, which needs the order seeded there: follow-up.
    expect(await refundedByChannel(t.hub.db, order.id)).toBe(20900 + 3399);
  });
});

describe('the inbox', () => {
  test('a delivery stored but never processed (a crash after the 200) is processed by the sweeper', async () => {
    const id = freshOrderId();
    const { parseJsonLossless } = await import('../../src/channels/shopify/losslessJson');
    await t.hub.db.channelWebhookInbox.create({
      data: {
        channelId: 'shopify',
        webhookId: `crashed-${id}`,
        topic: 'orders/create',
        shopDomain: DEMO_SHOPIFY_DOMAIN,
        resourceId: id,
        payload: parseJsonLossless(withOrderId('authorized', id)) as object,
      },
    });
    const order = await settled(id);
    expect(order.totalMinor).toBe(59894);
  });

  test('a delivery that can never be imported is answered 200, then kept failed with its error for an operator', async () => {
    const id = freshOrderId();
    const body = withOrderId('guestEmptySku', id).replace('"quantity": 1', '"quantity": 0');
    expect((await post(body)).status).toBe(200);
    const row = await eventually(async () => {
      const [r] = await inboxRows(id);
      expect(r.status).toBe('failed');
      return r;
    }, 30_000);
    expect(row.lastError).toMatch(/quantity/);
    expect(await t.hub.db.order.count({ where: { channelId: 'shopify', externalId: id } })).toBe(0);
  });
});

describe('the simulated store', () => {
  test("POST /admin/shopify/webhooks sends the hub a signed order in Shopify's shape, which goes to fulfilment", async () => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const res = await request(t.sim.url).post('/admin/shopify/webhooks').send({ sku, quantity: 2, price: '12.50' }).expect(200);
    expect(res.body).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const order = await settled(res.body.orderId);
    // 2 x 12.50 + 6% tax 1.50 + shipping 4.99
    expect([order.totalMinor, order.taxMinor]).toEqual([3149, 150]);
    await eventually(async () => expect(['fulfilling', 'partially_shipped', 'shipped', 'delivered']).toContain((await reload(order.id)).status), 30_000);
  });
});
