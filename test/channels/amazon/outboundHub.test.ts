// Amazon outbound through the whole hub: orders imported by the poller from the SP-API simulator
// (the published examples) are shipped, cancelled and their stock pushed, and the simulator
// receives the calls in the SP-API's shapes (schema-checked against the published models), naming
// Amazon's own order item ids. Usage plans are faster than Amazon's so the test runs in seconds.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestHub, type TestHub } from '../../support/testHub';
import { createSku, eventually } from '../../support/fixtures';
import { swaggerProblems } from '../../support/swaggerSchema';
import { pollerStatusQuery } from '../../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../../src/workflows/marketplace/pollerWorkflow';
import ordersModel from '../../fixtures/amazon/models/ordersV0.json';
import listingsModel from '../../fixtures/amazon/models/listingsItems_2021-08-01.json';
import mfn from '../../fixtures/amazon/mfn-unshipped.json';
import afn from '../../fixtures/amazon/afn-shipped.json';

const fast = {
  getOrders: { rate: 4, burst: 2 },
  getOrderItems: { rate: 20, burst: 5 },
  getOrderAddress: { rate: 5, burst: 5 },
  getOrderBuyerInfo: { rate: 5, burst: 5 },
  confirmShipment: { rate: 5, burst: 5 },
  createRestrictedDataToken: { rate: 5, burst: 2 },
  patchListingsItem: { rate: 50, burst: 50 },
  createFeedDocument: { rate: 5, burst: 5 },
  createFeed: { rate: 5, burst: 5 },
};

interface Stats {
  overLimit: number;
  shipmentConfirmations: {
    orderId: string;
    body: { marketplaceId: string; packageDetail: Record<string, unknown> & { orderItems: { orderItemId: string; quantity: number }[] } };
  }[];
  listingPatches: { sellerId: string; sku: string; marketplaceIds: string[]; body: { patches: { value: { quantity: number }[] }[] } }[];
  feeds: { feedType: string; marketplaceIds: string[]; content: string; cancelled: string[]; errors: string[] }[];
}

let t: TestHub;
const sim = () => request(t.sim.url);
const stats = async () => (await sim().get('/admin/amazon/stats').expect(200)).body as Stats;

beforeAll(async () => {
  t = await startTestHub({
    carrierDispatchDelayMs: 300,
    carrierDeliveryDelayMs: 300,
    amazon: {
      connector: {
        credentials: (c) => (c.id.startsWith('amzo-') ? { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'secret', refreshToken: `Atzr|${c.id}` } : undefined),
        usagePlans: fast,
        lookBackMs: 3_600_000,
        overlapMs: 1000,
        settleMs: 0,
        pageSize: 20,
      },
      intervalMs: 300,
    },
  });
  await sim().post('/admin/amazon/config').send({ usagePlans: fast }).expect(200);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/**
 * An Amazon channel of this file, its two SKUs listed under the example's seller SKUs, its poller past its first pass.
 * The simulator is one seller: each test's channel polls marketplaces of its own, so it never imports another test's orders.
 */
async function amazonChannel(stock: number, marketplaceIds: string[]): Promise<{ channel: string; skus: string[] }> {
  const channel = `amzo-${randomUUID().slice(0, 8)}`;
  await t.hub.db.channel.create({
    data: {
      id: channel,
      name: 'Amazon outbound',
      kind: 'marketplace',
      platform: 'amazon',
      settings: { sellerId: 'A2TESTSELLER', marketplaceIds, region: 'na' },
    },
  });
  const skus = [await createSku(t.hub.db, { 'WH-EAST': stock }), await createSku(t.hub.db, { 'WH-EAST': stock })];
  await t.hub.db.channelListing.createMany({
    data: [
      { channelId: channel, sku: skus[0], channelSku: 'NABetaASINB00551Q3CS', asin: 'B00551Q3CS' },
      { channelId: channel, sku: skus[1], channelSku: 'CBA_OTF_5' },
    ],
  });
  await t.hub.amazonPollers!.startPoller(channel);
  await eventually(async () => expect((await t.hub.temporal.workflow.getHandle(pollerWorkflowId('amazon', channel)).query(pollerStatusQuery)).lastPassAt).not.toBeNull(), 30_000);
  return { channel, skus };
}

const hubOrder = (channelId: string, externalId: string) =>
  eventually(async () => {
    const o = await t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId, externalId } }, include: { shipments: true } });
    if (!o) throw new Error(`${externalId} not imported yet`);
    return o;
  }, 60_000);

it("an MFN order imported from Amazon ships: one confirmShipment naming Amazon's order item ids; the AFN order none; stock reaches the listings", async () => {
  const { channel } = await amazonChannel(50, ['ATVPDKIKX0DER', 'A1PA6795UKMFR9']);
  await sim().post('/admin/amazon/orders').send(mfn).expect(201);
  await sim().post('/admin/amazon/orders').send(afn).expect(201);
  const imported = await hubOrder(channel, mfn.order.AmazonOrderId);
  const shipped = await eventually(async () => {
    const o = await t.api.get(`/api/v1/orders/${imported.id}`);
    expect(o.body.status).toBe('delivered');
    return o.body as { shipments: { trackingNumber: string; carrier: string }[] };
  }, 60_000);

  const confirmations = (await stats()).shipmentConfirmations.filter((c) => c.orderId === mfn.order.AmazonOrderId);
  expect(confirmations).toHaveLength(1);
  const { body } = confirmations[0];
  expect(swaggerProblems(ordersModel as never, 'ConfirmShipmentRequest', body)).toEqual([]);
  expect(body.marketplaceId).toBe('ATVPDKIKX0DER');
  expect(body.packageDetail.packageReferenceId).toMatch(/^[1-9]\d*$/);
  expect(body.packageDetail.trackingNumber).toBe(shipped.shipments[0].trackingNumber);
  expect([...body.packageDetail.orderItems].sort((a, b) => a.orderItemId.localeCompare(b.orderItemId))).toEqual([
    { orderItemId: '05015851154158', quantity: 1 },
    { orderItemId: '79039765272157', quantity: 2 },
  ]);
  // Amazon now shows the order Shipped; the AFN order (Amazon's to ship) was imported and never confirmed.
  await hubOrder(channel, afn.order.AmazonOrderId);
  expect((await stats()).shipmentConfirmations.filter((c) => c.orderId === afn.order.AmazonOrderId)).toEqual([]);

  // Stock: the listing's seller SKU gets the merchant-fulfilled quantity, the last one 49 (50 - 1 shipped).
  const patches = await eventually(async () => {
    const p = (await stats()).listingPatches.filter((l) => l.sku === 'NABetaASINB00551Q3CS');
    expect(p.length).toBeGreaterThan(0);
    expect(p[p.length - 1].body.patches[0].value[0].quantity).toBe(49);
    return p;
  });
  for (const p of patches) {
    expect(p).toMatchObject({ sellerId: 'A2TESTSELLER', marketplaceIds: ['ATVPDKIKX0DER', 'A1PA6795UKMFR9'] });
    expect(swaggerProblems(listingsModel as never, 'ListingsItemPatchRequest', p.body)).toEqual([]);
  }
  expect((await stats()).overLimit).toBe(0);
}, 150_000);

it('a cancelled MFN order: Amazon gets one order acknowledgement feed with StatusCode Failure for its items, and cancels the order', async () => {
  const { channel } = await amazonChannel(0, ['A1F83G8C2ARO7P']);
  const id = '902-0000000-0000077';
  await sim()
    .post('/admin/amazon/orders')
    .send({ ...mfn, order: { ...mfn.order, AmazonOrderId: id, MarketplaceId: 'A1F83G8C2ARO7P' } })
    .expect(201);
  const imported = await hubOrder(channel, id);
  // No stock: the paid order waits for it, then the seller cancels it.
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${imported.id}`)).body.status).toBe('backordered'), 60_000);
  expect((await t.api.post(`/api/v1/orders/${imported.id}/cancel`).send({ reason: 'out of stock' })).status).toBe(200);

  const [feed] = await eventually(async () => {
    const feeds = (await stats()).feeds.filter((f) => f.content.includes(`<AmazonOrderID>${id}</AmazonOrderID>`));
    expect(feeds).toHaveLength(1);
    return feeds;
  });
  expect(feed).toMatchObject({ feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: ['A1F83G8C2ARO7P'], cancelled: [id], errors: [] });
  expect(feed.content).toContain('<StatusCode>Failure</StatusCode>');
  expect(feed.content.match(/<CancelReason>NoInventory<\/CancelReason>/g)).toHaveLength(2);
  // The poller sees Amazon's cancellation of the order it cancelled: nothing more is sent.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await stats()).feeds.filter((f) => f.content.includes(id))).toHaveLength(1);
}, 150_000);
