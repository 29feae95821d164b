// eBay outbound through the whole hub: orders imported by the poller from the Sell Fulfillment
// simulator (eBay's published sample) are shipped, cancelled and refunded, and their stock pushed;
// the simulator's journal holds the calls in the Sell APIs' shapes (schema-checked against the
// published OpenAPI documents), naming eBay's own line item ids.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestHub, type TestHub } from '../../support/testHub';
import { createSku, eventually } from '../../support/fixtures';
import { openApiProblems } from '../../support/openApiSchema';
import { idempotencyKey } from '../../../src/domain/ids';
import { createEbayOutbound } from '../../../src/channels/ebay/outboundCalls';
import { outboundScope } from '../../../src/channels/outboundClaims';
import { ebayRefundPath } from '../../../src/channels/ebay/hubRefunds';
import fulfillmentModel from '../../fixtures/ebay/models/sell_fulfillment_v1.schemas.json';
import inventoryModel from '../../fixtures/ebay/models/sell_inventory_v1.schemas.json';
import noSku from '../../fixtures/ebay/no-sku.json';

let t: TestHub;
const sim = () => request(t.sim.url);
const sellerOf = (channelId: string) => `v^1.1#sim-refresh-${channelId}`;
const connector = {
  credentials: (c: { id: string }) => (c.id.startsWith('ebo-') ? { clientId: 'Sim-App-PRD-1', clientSecret: 'PRD-sim-secret', refreshToken: sellerOf(c.id) } : undefined),
  lookBackMs: 3_600_000,
  overlapMs: 1000,
  settleMs: 0,
  pageSize: 20,
  rateLimitWaitMs: 300,
};

beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 300, carrierDeliveryDelayMs: 300, ebay: { connector, intervalMs: 300 } });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

interface Entry {
  operation: string;
  status: number;
  orderId?: string;
  body: Record<string, unknown>;
}
const journal = async (operation: string) => (await sim().get(`/admin/ebay/journal?operation=${operation}`).expect(200)).body as Entry[];

/** An eBay channel of this file with the sample's legacy item listed (offer and SKU too, for stock), its poller started. */
async function ebayChannel(stock: number): Promise<{ channel: string; sku: string; channelSku: string }> {
  const channel = `ebo-${randomUUID().slice(0, 8)}`;
  await t.hub.db.channel.create({ data: { id: channel, name: 'eBay outbound', kind: 'marketplace', platform: 'ebay', settings: { marketplaceId: 'EBAY_US' } } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': stock });
  const channelSku = `EBO-${channel}`;
  await t.hub.db.channelListing.create({ data: { channelId: channel, sku, legacyItemId: '295000000001', channelSku, offerId: `9${Date.now()}` } });
  await t.hub.ebayPollers!.startPoller(channel);
  return { channel, sku, channelSku };
}

const seed = (channel: string, order: object) =>
  sim()
    .post(`/admin/ebay/orders?seller=${encodeURIComponent(sellerOf(channel))}`)
    .send(order)
    .expect(201);

const hubOrder = (channelId: string, externalId: string) =>
  eventually(async () => {
    const o = await t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId, externalId } } });
    if (!o) throw new Error(`${externalId} not imported yet`);
    return o;
  }, 60_000);

it("an order imported from eBay ships: one shipping fulfillment naming eBay's line item id; stock reaches the listing by SKU and offer", async () => {
  const { channel, channelSku } = await ebayChannel(50);
  const orderId = '21-13901-00101';
  await seed(channel, { ...noSku, orderId });
  const imported = await hubOrder(channel, orderId);
  const shipped = await eventually(async () => {
    const o = await t.api.get(`/api/v1/orders/${imported.id}`);
    expect(o.body.status).toBe('delivered');
    return o.body as { shipments: { trackingNumber: string }[] };
  }, 60_000);

  const created = (await journal('createShippingFulfillment')).filter((e) => e.orderId === orderId);
  expect(created.map((e) => e.status)).toEqual([201]);
  expect(openApiProblems(fulfillmentModel as never, 'ShippingFulfillmentDetails', created[0].body, { closed: true })).toEqual([]);
  expect(created[0].body).toMatchObject({
    lineItems: [{ lineItemId: '10081234500001', quantity: 1 }],
    trackingNumber: shipped.shipments[0].trackingNumber.replace(/[^A-Za-z0-9]/g, ''),
  });

  // Stock: bulk updates by the listing's SKU and offer, the last one 49 (50 - 1 shipped).
  const updates = await eventually(async () => {
    const mine = (await journal('bulkUpdatePriceQuantity')).filter((e) => JSON.stringify(e.body).includes(channelSku));
    expect(mine.length).toBeGreaterThan(0);
    const last = (mine[mine.length - 1].body.requests as { sku: string; shipToLocationAvailability: { quantity: number } }[]).find((r) => r.sku === channelSku)!;
    expect(last.shipToLocationAvailability.quantity).toBe(49);
    return mine;
  });
  for (const u of updates) expect(openApiProblems(inventoryModel as never, 'BulkPriceQuantity', u.body, { closed: true })).toEqual([]);
}, 150_000);

it('a cancelled paid order is refunded through issue_refund once, by line, and the poller does not hold it for the hub’s own refund', async () => {
  const { channel } = await ebayChannel(0);
  const orderId = '21-13901-00102';
  await seed(channel, { ...noSku, orderId });
  const imported = await hubOrder(channel, orderId);
  // No stock: the paid order waits for it, then is cancelled.
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${imported.id}`)).body.status).toBe('backordered'), 60_000);
  expect((await t.api.post(`/api/v1/orders/${imported.id}/cancel`).send({ reason: 'customer request' })).status).toBe(200);

  const [refund] = await eventually(async () => {
    const r = (await journal('issueRefund')).filter((e) => e.orderId === orderId);
    expect(r).toHaveLength(1);
    return r;
  });
  expect(refund.status).toBe(200);
  expect(openApiProblems(fulfillmentModel as never, 'IssueRefundRequest', refund.body, { closed: true })).toEqual([]);
  // The hub's reason ("order cancelled") is eBay's OTHER; the seller's total (eBay's collect-and-remit taxes are not the seller's to refund), on eBay's line.
  expect(refund.body).toMatchObject({ reasonForRefund: 'OTHER', refundItems: [{ lineItemId: '10081234500001', refundAmount: { value: '264.00', currency: 'USD' } }] });

  // The same refund asked again (an activity retry) is not sent again.
  const outbound = createEbayOutbound(t.hub.db, { ...connector, endpoints: { apiUrl: t.sim.url, tokenUrl: `${t.sim.url}/identity/v1/oauth2/token` } });
  const c = outbound.channelFor({ id: channel, platform: 'ebay', secretName: null })!;
  const again = await outbound.refund(c, orderId, imported.id, 26400, 'USD', 'customer request', idempotencyKey(imported.id, 'channel.refund'));
  expect(again.repeated).toBe(true);
  // eBay changed the order (PARTIALLY_REFUNDED); later passes see it; nothing is refunded twice and nothing held.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await journal('issueRefund')).filter((e) => e.orderId === orderId)).toHaveLength(1);
  const after = await t.hub.db.order.findUnique({ where: { id: imported.id }, include: { holds: true } });
  expect(after!.status).toBe('cancelled');
}, 150_000);

it('a refund whose answer was lost is found on eBay, not issued again', async () => {
  const { channel } = await ebayChannel(0);
  const orderId = '21-13901-00103';
  await seed(channel, { ...noSku, orderId });
  const imported = await hubOrder(channel, orderId);
  const outbound = createEbayOutbound(t.hub.db, { ...connector, endpoints: { apiUrl: t.sim.url, tokenUrl: `${t.sim.url}/identity/v1/oauth2/token` } });
  const c = outbound.channelFor({ id: channel, platform: 'ebay', secretName: null })!;
  const key = `lost-answer-${randomUUID()}`;
  const first = await outbound.refund(c, orderId, imported.id, 1000, 'USD', 'return', key);
  expect(first.repeated).toBe(false);
  // What a crash between eBay's answer and the record leaves: the claim, without the answer.
  await t.hub.db.idempotencyRecord.update({ where: { scope_key: { scope: outboundScope('ebay', channel), key } }, data: { statusCode: null } });
  const retry = await outbound.refund(c, orderId, imported.id, 1000, 'USD', 'return', key);
  expect(retry).toEqual({ refundId: first.refundId, repeated: true });
  expect((await journal('issueRefund')).filter((e) => e.orderId === orderId)).toHaveLength(1);
  // A second refund of its own (another key) is issued.
  expect((await outbound.refund(c, orderId, imported.id, 500, 'USD', 'return', `${key}-2`)).repeated).toBe(false);
  const record = await t.hub.db.idempotencyRecord.findUnique({ where: { scope_key: { scope: outboundScope('ebay', channel), key } } });
  expect(record).toMatchObject({ path: ebayRefundPath(orderId), statusCode: 200 });
}, 120_000);
