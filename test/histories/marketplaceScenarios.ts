// Recording scenarios for the channel pull workflows (record.ts runs them): the Amazon and eBay
// pollers (long-lived: their histories end at the task after a pass and a notified fetch) and one
// Shopify reconciliation run (it completes). Each runs on a hub of its own with the connector set up.
import request from 'supertest';
import { createSku, eventually } from '../support/fixtures';
import type { TestHub, TestHubOptions } from '../support/testHub';
import { pollerStatusQuery } from '../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../src/workflows/marketplace/pollerWorkflow';
import { shopifyReconcileWorkflow } from '../../src/workflows/shopifyReconcile.workflow';
import { FAST_USAGE_PLANS, testAmazonConnector } from '../channels/amazon/testConnector';
import mfn from '../fixtures/amazon/mfn-unshipped.json';
import orderChange from '../fixtures/amazon/order-change-notification.json';
import noSku from '../fixtures/ebay/no-sku.json';

type Scenario = (t: TestHub) => Promise<string>;

const AMAZON = 'amzrec-1';
const EBAY = 'ebrec-1';
const SHOPIFY = 'shopify-rec-1';
const SHOP = 'record-history.myshopify.com';
const SHOPIFY_TOKEN = 'shpat_record_history_token';
const ebaySeller = `v^1.1#sim-refresh-${EBAY}`;
// Long intervals: after the first pass and the notified fetch the poller waits, so its history stands still.
const idle = 600_000;

export const marketplaceHubOptions: Record<string, TestHubOptions> = {
  'amazon-poller-pass-and-notification': { carrierDispatchDelayMs: idle, amazon: { connector: testAmazonConnector('amzrec-'), intervalMs: idle } },
  'ebay-poller-pass-and-notification': {
    carrierDispatchDelayMs: idle,
    ebay: {
      connector: {
        credentials: (c) => (c.id === EBAY ? { clientId: 'Sim-App-PRD-1', clientSecret: 'PRD-sim-secret', refreshToken: ebaySeller } : undefined),
        lookBackMs: 3_600_000,
        overlapMs: 1000,
        settleMs: 0,
        rateLimitWaitMs: 300,
      },
      intervalMs: idle,
    },
  },
  'shopify-reconcile-pages': { carrierDispatchDelayMs: idle, shopifyTokens: { [SHOPIFY]: SHOPIFY_TOKEN } },
};

const imported = (t: TestHub, channelId: string, externalId: string) =>
  eventually(() => t.hub.db.order.findUniqueOrThrow({ where: { channelId_externalId: { channelId, externalId } } }), 60_000);

const quiet = (t: TestHub, platform: 'amazon' | 'ebay', channelId: string) =>
  eventually(async () => {
    const status = await t.hub.temporal.workflow.getHandle(pollerWorkflowId(platform, channelId)).query(pollerStatusQuery);
    if (status.lastPassAt === null || status.notified > 0 || status.backlog > 0) throw new Error('the poller is still working');
  }, 60_000);

export const marketplaceScenarios: Record<string, Scenario> = {
  'amazon-poller-pass-and-notification': async (t) => {
    const sim = request(t.sim.url);
    await sim.post('/admin/amazon/config').send({ usagePlans: FAST_USAGE_PLANS }).expect(200);
    const settings = { sellerId: 'A2TESTSELLER', marketplaceIds: ['ATVPDKIKX0DER'], region: 'na' };
    await t.hub.db.channel.create({ data: { id: AMAZON, name: 'Amazon (recording)', kind: 'marketplace', platform: 'amazon', settings } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 20 });
    const seed = (amazonOrderId: string) =>
      sim
        .post('/admin/amazon/orders')
        .send({ ...mfn, order: { ...mfn.order, AmazonOrderId: amazonOrderId, PurchaseDate: new Date().toISOString() }, items: mfn.items.map((i) => ({ ...i, SellerSKU: sku, ASIN: undefined })) })
        .expect(201);
    await seed('113-0000001-0000001');
    await t.hub.amazonPollers!.startPoller(AMAZON);
    await imported(t, AMAZON, '113-0000001-0000001');
    await quiet(t, 'amazon', AMAZON);
    // A second order, announced by ORDER_CHANGE: fetched at once, between passes.
    await seed('113-0000002-0000002');
    const notification = { ...orderChange, Payload: { OrderChangeNotification: { ...orderChange.Payload.OrderChangeNotification, AmazonOrderId: '113-0000002-0000002' } } };
    await t.api.post(`/api/v1/channels/${AMAZON}/notifications`).send(notification).expect(202);
    await imported(t, AMAZON, '113-0000002-0000002');
    await quiet(t, 'amazon', AMAZON);
    return pollerWorkflowId('amazon', AMAZON);
  },
  'ebay-poller-pass-and-notification': async (t) => {
    const sim = request(t.sim.url);
    await t.hub.db.channel.create({ data: { id: EBAY, name: 'eBay (recording)', kind: 'marketplace', platform: 'ebay', settings: { marketplaceId: 'EBAY_US' } } });
    await t.hub.db.channelListing.create({ data: { channelId: EBAY, sku: await createSku(t.hub.db, { 'WH-EAST': 20 }), legacyItemId: noSku.lineItems[0].legacyItemId } });
    const seed = (orderId: string) =>
      sim
        .post(`/admin/ebay/orders?seller=${encodeURIComponent(ebaySeller)}`)
        .send({ ...noSku, orderId })
        .expect(201);
    await seed('27-00001-00001');
    await t.hub.ebayPollers!.startPoller(EBAY);
    await imported(t, EBAY, '27-00001-00001');
    await quiet(t, 'ebay', EBAY);
    await seed('27-00002-00002');
    const now = new Date().toISOString();
    const message = {
      metadata: { topic: 'ORDER_CONFIRMATION', schemaVersion: '1.0', deprecated: false },
      notification: { notificationId: '0f6a1c1e-2a39-4a8e-9a55-6c1f3b2d4e01', eventDate: now, publishDate: now, publishAttemptCount: 1, data: { orderId: '27-00002-00002' } },
    };
    await t.api.post(`/api/v1/channels/${EBAY}/notifications`).send(message).expect(202);
    await imported(t, EBAY, '27-00002-00002');
    await quiet(t, 'ebay', EBAY);
    return pollerWorkflowId('ebay', EBAY);
  },
  'shopify-reconcile-pages': async (t) => {
    const sim = request(t.sim.url);
    await sim.post('/admin/shopify/shops').send({ shop: SHOP, accessToken: SHOPIFY_TOKEN }).expect(200);
    await t.hub.db.channel.create({ data: { id: SHOPIFY, name: 'Shopify (recording)', kind: 'webstore', platform: 'shopify', settings: { shopDomain: SHOP } } });
    const base = Date.now() - 10 * 60_000;
    // More orders than one page holds, so the run pages; empty ones are enough to exercise the pull.
    for (let i = 0; i < 60; i++) {
      const order = { id: 9_100_001 + i, updated_at: new Date(base + i * 1000).toISOString(), currency: 'USD', total_price: '0.00', line_items: [] };
      await sim.post('/admin/shopify/orders').send({ shop: SHOP, order }).expect(200);
    }
    const workflowId = `shopify-reconcile-record:${SHOPIFY}`;
    const handle = await t.hub.temporal.workflow.start(shopifyReconcileWorkflow, { taskQueue: t.taskQueue, workflowId, args: [SHOPIFY] });
    await handle.result();
    return workflowId;
  },
};
