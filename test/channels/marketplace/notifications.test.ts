// Platform notifications on the real stack: Amazon's published ORDER_CHANGE example and an eBay
// ORDER_CONFIRMATION message posted to POST /api/v1/channels/:channel/notifications make the
// channel's poller fetch the named order at once (its next pass is ten minutes away), once
// however often the notification comes; garbage is a 400 naming the field.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestHub, type TestHub } from '../../support/testHub';
import { createSku, eventually } from '../../support/fixtures';
import { pollerStatusQuery } from '../../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../../src/workflows/marketplace/pollerWorkflow';
import { databaseMetricsText } from '../../../src/api/metrics/dbMetrics';
import { parseAmazonNotification, parseEbayNotification } from '../../../src/channels/marketplaceNotifications';
import orderChange from '../../fixtures/amazon/order-change-notification.json';
import mfn from '../../fixtures/amazon/mfn-unshipped.json';
import noSku from '../../fixtures/ebay/no-sku.json';
import { FAST_USAGE_PLANS, testAmazonConnector } from '../amazon/testConnector';

const ebaySeller = (channelId: string) => `v^1.1#sim-refresh-${channelId}`;

let t: TestHub;
const sim = () => request(t.sim.url);

beforeAll(async () => {
  t = await startTestHub({
    carrierDispatchDelayMs: 600_000,
    amazon: {
      connector: testAmazonConnector('amzn-'),
      // Far away: what arrives during the test came through a notification.
      intervalMs: 600_000,
    },
    ebay: {
      connector: {
        credentials: (c) => (c.id.startsWith('ebn-') ? { clientId: 'Sim-App-PRD-1', clientSecret: 'PRD-sim-secret', refreshToken: ebaySeller(c.id) } : undefined),
        lookBackMs: 3_600_000,
        overlapMs: 1000,
        settleMs: 0,
        rateLimitWaitMs: 300,
      },
      intervalMs: 600_000,
    },
  });
  await sim().post('/admin/amazon/config').send({ usagePlans: FAST_USAGE_PLANS }).expect(200);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function channel(platform: 'amazon' | 'ebay'): Promise<string> {
  const id = `${platform === 'amazon' ? 'amzn' : 'ebn'}-${randomUUID().slice(0, 8)}`;
  const settings = platform === 'amazon' ? { sellerId: 'A2TESTSELLER', marketplaceIds: ['ATVPDKIKX0DER'], region: 'na' } : { marketplaceId: 'EBAY_US' };
  await t.hub.db.channel.create({ data: { id, name: `${platform} notified`, kind: 'marketplace', platform, settings } });
  const pollers = platform === 'amazon' ? t.hub.amazonPollers! : t.hub.ebayPollers!;
  await pollers.startPoller(id);
  // The first pass (nothing to list) is over: the next one is ten minutes away.
  await eventually(async () => expect((await t.hub.temporal.workflow.getHandle(pollerWorkflowId(platform, id)).query(pollerStatusQuery)).lastPassAt).not.toBeNull(), 30_000);
  return id;
}

const notify = (channelId: string, body: unknown) => t.api.post(`/api/v1/channels/${channelId}/notifications`).send(body as object);
const amazonNotification = (amazonOrderId: string) => ({
  ...orderChange,
  Payload: { OrderChangeNotification: { ...orderChange.Payload.OrderChangeNotification, AmazonOrderId: amazonOrderId } },
});
const count = (channelId: string) => t.hub.db.order.count({ where: { channelId } });

it('Amazon ORDER_CHANGE: the named order is fetched by getOrder and imported at once, once however often it is notified; an unknown id is fetched and reported', async () => {
  const id = await channel('amazon');
  const sku = await createSku(t.hub.db, { 'WH-EAST': 20 });
  const amazonOrderId = `113-${Date.now() % 10_000_000}-${randomUUID().replace(/\D/g, '').slice(0, 7).padEnd(7, '0')}`;
  await sim()
    .post('/admin/amazon/orders')
    .send({ ...mfn, order: { ...mfn.order, AmazonOrderId: amazonOrderId, IsPrime: true }, items: mfn.items.map((i) => ({ ...i, SellerSKU: sku, ASIN: undefined })) })
    .expect(201);
  const before = ((await sim().get('/admin/amazon/stats').expect(200)).body as { calls: Record<string, number> }).calls.getOrder ?? 0;

  const accepted = await notify(id, amazonNotification(amazonOrderId)).expect(202);
  expect(accepted.body).toEqual({ channel: id, topic: 'ORDER_CHANGE', orderIds: [amazonOrderId] });
  await notify(id, amazonNotification(amazonOrderId)).expect(202);
  const o = await eventually(() => t.hub.db.order.findUniqueOrThrow({ where: { channelId_externalId: { channelId: id, externalId: amazonOrderId } } }), 30_000);
  expect(o.totalMinor).toBe(2876);
  await notify(id, amazonNotification(amazonOrderId)).expect(202);
  await eventually(async () => expect((await t.hub.temporal.workflow.getHandle(pollerWorkflowId('amazon', id)).query(pollerStatusQuery)).notified).toBe(0));
  expect(await count(id)).toBe(1);
  const stats = (await sim().get('/admin/amazon/stats').expect(200)).body as { calls: Record<string, number>; overLimit: number };
  expect(stats.calls.getOrder - before).toBeGreaterThanOrEqual(1);
  expect(stats.overLimit).toBe(0);

  // Amazon does not know it: fetched anyway, nothing imported, the cursor's lastError names it.
  await notify(id, amazonNotification('999-0000000-0000000')).expect(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/channels/${id}/sync`).expect(200)).body.lastError).toMatch(/unknown to the platform: 999-0000000-0000000/), 30_000);
  expect(await count(id)).toBe(1);

  const sync = (await t.api.get(`/api/v1/channels/${id}/sync`).expect(200)).body as Record<string, unknown>;
  expect(sync).toMatchObject({ running: true, notified: 0, backlog: 0 });
  expect(typeof sync.lagMs).toBe('number');
  expect(sync.rateLimitWaitsTotal).toEqual(expect.any(Number));
  const metrics = await databaseMetricsText(t.hub.db);
  expect(metrics).toMatch(new RegExp(`orderhub_marketplace_poller_lag_seconds\\{channel="${id}",platform="amazon"\\} \\d`));
  expect(metrics).toMatch(new RegExp(`orderhub_marketplace_poller_rate_limit_waits\\{channel="${id}",platform="amazon"\\} \\d`));
}, 120_000);

it('eBay ORDER_CONFIRMATION: the order is fetched by getOrders(orderIds) and imported at once', async () => {
  const id = await channel('ebay');
  await t.hub.db.channelListing.create({ data: { channelId: id, sku: await createSku(t.hub.db, { 'WH-EAST': 20 }), legacyItemId: noSku.lineItems[0].legacyItemId } });
  const orderId = `27-${Date.now() % 100_000}-${randomUUID().replace(/\D/g, '').slice(0, 5).padEnd(5, '0')}`;
  await sim()
    .post(`/admin/ebay/orders?seller=${encodeURIComponent(ebaySeller(id))}`)
    .send({ ...noSku, orderId })
    .expect(201);
  const message = {
    metadata: { topic: 'ORDER_CONFIRMATION', schemaVersion: '1.0', deprecated: false },
    notification: { notificationId: randomUUID(), eventDate: new Date().toISOString(), publishDate: new Date().toISOString(), publishAttemptCount: 1, data: { orderId } },
  };
  expect((await notify(id, message).expect(202)).body).toEqual({ channel: id, topic: 'ORDER_CONFIRMATION', orderIds: [orderId] });
  await eventually(() => t.hub.db.order.findUniqueOrThrow({ where: { channelId_externalId: { channelId: id, externalId: orderId } } }), 30_000);
  await notify(id, message).expect(202);
  await eventually(async () => expect((await t.hub.temporal.workflow.getHandle(pollerWorkflowId('ebay', id)).query(pollerStatusQuery)).notified).toBe(0));
  expect(await count(id)).toBe(1);
}, 120_000);

it('refuses structural garbage with a 400 naming the field, a channel that is not polled with 409, another channel\u2019s key with 403', async () => {
  const amazon = await t.hub.db.channel.findFirstOrThrow({ where: { platform: 'amazon', id: { startsWith: 'amzn-' } } });
  const fieldOf = async (body: unknown) => ((await notify(amazon.id, body).expect(400)).body as { fields?: { field: string }[] }).fields?.map((d) => d.field);
  expect(await fieldOf({})).toEqual(['NotificationType']);
  expect(await fieldOf({ ...orderChange, NotificationType: 'ANY_OFFER_CHANGED' })).toEqual(['NotificationType']);
  expect(await fieldOf({ ...orderChange, Payload: {} })).toEqual(['Payload.OrderChangeNotification']);
  expect(await fieldOf(amazonNotification(''))).toEqual(['Payload.OrderChangeNotification.AmazonOrderId']);
  await notify(amazon.id, []).expect(400);
  await notify('webstore', amazonNotification('113-0000000-0000000')).expect(409);
  await notify(`missing-${randomUUID().slice(0, 6)}`, amazonNotification('113-0000000-0000000')).expect(404);
  // The ebay key acts for channel ebay only; on its own channel it passes the key check (a poller
  // for the demo channel may run in another test file's hub, or not: 202 or 409, never 403).
  await t.as(t.keys.ebay).post(`/api/v1/channels/${amazon.id}/notifications`).send(amazonNotification('113-0000000-0000000')).expect(403);
  const own = await t
    .as(t.keys.ebay)
    .post('/api/v1/channels/ebay/notifications')
    .send({ metadata: { topic: 'ORDER_CONFIRMATION' }, notification: { data: { orderId: '1-2' } } });
  expect([202, 409]).toContain(own.status);

  expect(parseEbayNotification({ metadata: { topic: 'ORDER_CONFIRMATION' }, notification: {} })).toEqual({
    problems: [{ field: 'notification.data', message: 'is required (an object)' }],
  });
  expect(parseEbayNotification({ metadata: {}, notification: { data: { orderId: 'x' } } })).toMatchObject({ problems: [{ field: 'metadata.topic' }] });
  expect(parseAmazonNotification(orderChange)).toEqual({ ids: ['903-8868176-2219830'], topic: 'ORDER_CHANGE' });
}, 60_000);

it('a poller still in its first activity (no handlers yet) answers GET /sync from the saved state, and takes notifications', async () => {
  const id = `amzn-${randomUUID().slice(0, 8)}`;
  await t.hub.db.channel.create({ data: { id, name: 'amazon stuck', kind: 'marketplace', platform: 'amazon', settings: { marketplaceIds: ['ATVPDKIKX0DER'] } } });
  // Its activities' queue has no worker: loadCursor never runs, so the workflow never registers its query handler.
  const handle = await t.hub.temporal.workflow.start('marketplacePollerWorkflow', {
    workflowId: pollerWorkflowId('amazon', id),
    taskQueue: t.taskQueue,
    args: [{ platform: 'amazon', channelId: id, activityTaskQueue: `nobody-${randomUUID()}`, intervalMs: 1000 }],
  });
  await eventually(async () => expect((await handle.fetchHistory()).events?.some((e) => e.activityTaskScheduledEventAttributes)).toBe(true));
  const sync = (await t.api.get(`/api/v1/channels/${id}/sync`).expect(200)).body as Record<string, unknown>;
  expect(sync).toMatchObject({ channel: id, running: false, cursor: null, lagMs: null });
  await notify(id, amazonNotification('113-0000000-0000001')).expect(202);
  await handle.terminate('test over');
}, 60_000);
