// The eBay connector end to end on the real stack: the Sell Fulfillment simulator seeded with the
// fixtures (test/fixtures/ebay), the marketplace poller workflow, the orders service. Each test has
// its own channel and eBay seller (refresh token), so the simulator shows it only its own orders.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestHub, type TestHub } from '../../support/testHub';
import { createSku, eventually } from '../../support/fixtures';
import { pausePollerUpdate, pollerStatusQuery, resumePollerUpdate } from '../../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../../src/workflows/marketplace/pollerWorkflow';
import type { EbayOrder } from '../../../src/channels/ebay/types';
import noSku from '../../fixtures/ebay/no-sku.json';
import buyerRemoved from '../../fixtures/ebay/buyer-removed.json';
import fullyRefunded from '../../fixtures/ebay/fully-refunded.json';
import cancelRequested from '../../fixtures/ebay/cancel-requested.json';

let t: TestHub;
const sim = () => request(t.sim.url);
const sellerOf = (channelId: string) => `v^1.1#sim-refresh-${channelId}`;

beforeAll(async () => {
  t = await startTestHub({
    carrierDispatchDelayMs: 600_000,
    ebay: {
      connector: {
        credentials: (c) => (c.id.startsWith('ebt-') ? { clientId: 'Sim-App-PRD-1', clientSecret: 'PRD-sim-secret', refreshToken: sellerOf(c.id) } : undefined),
        lookBackMs: 3_600_000,
        overlapMs: 1000,
        settleMs: 0,
        pageSize: 3,
        rateLimitWaitMs: 300,
        refreshBeforeMs: 1000,
        // The limit the third test gives the simulator: the connector counts it itself.
        callLimit: { perDay: 20 * 86_400, burst: 10 },
      },
      intervalMs: 300,
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function ebayChannel(): Promise<string> {
  const id = `ebt-${randomUUID().slice(0, 8)}`;
  await t.hub.db.channel.create({ data: { id, name: 'eBay test seller', kind: 'marketplace', platform: 'ebay', settings: { marketplaceId: 'EBAY_US' } } });
  return id;
}

const seed = (channelId: string, order: object) =>
  sim()
    .post(`/admin/ebay/orders?seller=${encodeURIComponent(sellerOf(channelId))}`)
    .send(order)
    .expect(201);
const order = (channelId: string, externalId: string) =>
  t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId, externalId } }, include: { lines: true, holds: true } });
const imported = async (channelId: string, externalId: string) => {
  const o = await order(channelId, externalId);
  if (!o) throw new Error(`${externalId} not imported yet`);
  return o;
};
const pollerStatus = (channelId: string) => t.hub.temporal.workflow.getHandle(pollerWorkflowId('ebay', channelId)).query(pollerStatusQuery);
const stats = async () =>
  (await sim().get('/admin/ebay/stats').expect(200)).body as { overLimit: number; injected429: number; expiredTokenCalls: number; calls: Record<string, number> };

it('imports the four fixtures: lines by legacy item id, totals reconcile without eBay’s own taxes, buyer-less order held for its address, refunded cancelled, cancel request held for an operator', async () => {
  const channel = await ebayChannel();
  const skus = await Promise.all([1, 2, 3, 4].map(() => createSku(t.hub.db, { 'WH-EAST': 50 })));
  await t.hub.db.channelListing.createMany({
    data: [
      { channelId: channel, sku: skus[0], legacyItemId: '295000000001' },
      { channelId: channel, sku: skus[1], channelSku: 'EBAY-SAMPLE-2' },
      { channelId: channel, sku: skus[2], channelSku: 'EBAY-SAMPLE-3' },
      { channelId: channel, sku: skus[3], channelSku: 'EBAY-SAMPLE-4' },
    ],
  });
  for (const o of [noSku, buyerRemoved, fullyRefunded, cancelRequested]) await seed(channel, o);
  await t.hub.ebayPollers!.startPoller(channel);

  const a = await eventually(() => imported(channel, noSku.orderId));
  expect(a.lines).toEqual([expect.objectContaining({ sku: skus[0], channelLineId: '10081234500001', quantity: 1 })]);
  // 294.33 includes 30.33 of taxes eBay collects and remits: the seller's order is 263 + 1.
  expect(a.totalMinor).toBe(26400);
  expect(a.taxMinor).toBe(0);
  await eventually(async () => expect((await imported(channel, noSku.orderId)).paymentStatus).toBe('paid'));

  const b = await eventually(() => imported(channel, buyerRemoved.orderId));
  expect(b.totalMinor).toBe(28833);
  expect(b.taxMinor).toBe(2433);
  expect(b.lines[0]).toMatchObject({ sku: skus[1], channelLineId: '10081234500002' });
  await eventually(async () => expect((await imported(channel, buyerRemoved.orderId)).holds.map((h) => h.reason)).toContain('address'));

  const c = await eventually(async () => {
    const o = await imported(channel, fullyRefunded.orderId);
    expect(o.status).toBe('cancelled');
    return o;
  });
  expect(c.totalMinor).toBe(26400);

  const d = await eventually(async () => {
    const o = await imported(channel, cancelRequested.orderId);
    expect(o.holds.find((h) => h.reason === 'manual' && h.releasedAt === null)).toBeDefined();
    return o;
  });
  expect(d.totalMinor).toBe(25085);
  expect(d.discountsMinor).toBe(1315);
  // getOrders lists cancelRequests empty; the connector read the request from getOrder.
  expect(d.holds.find((h) => h.reason === 'manual')!.note).toMatch(/^eBay: cancel requested \(BUYER, BUYER_ASKED_CANCEL, request 5100000004\)/);

  for (const id of [noSku, buyerRemoved, fullyRefunded, cancelRequested].map((o) => o.orderId)) {
    expect((await imported(channel, id)).holds.filter((h) => h.reason === 'total_mismatch' || h.reason === 'unmapped_sku')).toEqual([]);
  }
  await eventually(async () => expect((await pollerStatus(channel)).lastPassAt).not.toBeNull());
  // The pass's end is in the workflow's state before its saveCursor activity has written the row.
  await eventually(async () => {
    const cursor = await t.hub.db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } });
    expect(cursor.lastSuccessAt).not.toBeNull();
    expect(cursor.pageToken).toBeNull();
  });
  // The operators' view of the poller (GET /api/v1/channels/:channel/sync) covers eBay channels.
  const sync = (await t.api.get(`/api/v1/channels/${channel}/sync`).expect(200)).body as { running: boolean; lastSuccessAt: string | null; cursor: string | null };
  expect(sync).toMatchObject({ running: true, lastSuccessAt: expect.any(String), cursor: expect.any(String) });
}, 90_000);

it('changes on eBay after import: a cancel request holds the order once however often it is seen; PENDING then PAID records the payment', async () => {
  const channel = await ebayChannel();
  const sku = await createSku(t.hub.db, { 'WH-EAST': 50 });
  await t.hub.db.channelListing.create({ data: { channelId: channel, sku, legacyItemId: '295000000001' } });
  const pending = { ...structuredClone(noSku), orderId: `21-13902-${Date.now().toString().slice(-5)}`, orderPaymentStatus: 'PENDING' } as EbayOrder;
  await seed(channel, pending);
  await t.hub.ebayPollers!.startPoller(channel);
  await eventually(async () => expect((await imported(channel, pending.orderId)).paymentStatus).toBe('pending'));

  const requested = { ...pending, cancelStatus: { cancelState: 'CANCEL_REQUESTED', cancelRequests: [] } };
  await seed(channel, requested);
  const manualHolds = async () => (await imported(channel, pending.orderId)).holds.filter((h) => h.reason === 'manual');
  await eventually(async () => expect(await manualHolds()).toHaveLength(1), 30_000);
  // Seen again by later passes (the overlap, another change): still one hold.
  await seed(channel, requested);
  const pass = (await pollerStatus(channel)).lastPassAt;
  await eventually(async () => expect((await pollerStatus(channel)).lastPassAt).not.toBe(pass));
  const next = (await pollerStatus(channel)).lastPassAt;
  await eventually(async () => expect((await pollerStatus(channel)).lastPassAt).not.toBe(next));
  expect(await manualHolds()).toHaveLength(1);

  // The buyer paid after all (the request stays for the operator): the payment is recorded, the hold stays.
  await seed(channel, { ...requested, orderPaymentStatus: 'PAID' });
  await eventually(async () => expect((await imported(channel, pending.orderId)).paymentStatus).toBe('paid'), 30_000);
  expect((await manualHolds()).filter((h) => h.releasedAt === null)).toHaveLength(1);
}, 90_000);

it('30 orders over pages of 3 through a 429 storm, an expired token, a worker restart mid-pass and orders changed mid-pass (the later ones shift forward): every order imported exactly once, never over the call limit', async () => {
  const channel = await ebayChannel();
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1000 });
  await t.hub.db.channelListing.create({ data: { channelId: channel, sku, legacyItemId: '295000000001' } });
  const ids = Array.from({ length: 30 }, (_, i) => `21-13903-${String(i).padStart(5, '0')}`);
  for (const [i, id] of ids.entries()) {
    await seed(channel, { ...structuredClone(noSku), orderId: `${channel}-${id}`, lineItems: [{ ...noSku.lineItems[0], lineItemId: `1008${String(i).padStart(10, '0')}` }] });
  }
  const orderIds = ids.map((id) => `${channel}-${id}`);
  // A call limit of 10 calls at once refilled at 20 a second, and a storm of 429s waiting at the start.
  await sim()
    .post('/admin/ebay/config')
    .send({ limits: { fulfillment: { perDay: 20 * 86_400, burst: 10 } }, throttle: 4 })
    .expect(200);
  const before = await stats();
  await t.hub.ebayPollers!.startPoller(channel);

  await eventually(async () => expect(await t.hub.db.order.count({ where: { channelId: channel } })).toBeGreaterThanOrEqual(6), 30_000);
  // Mid-pass (paused between pages): three orders already imported change on eBay, so they leave the
  // pass's window and every later order moves three places forward; tokens expire; the activity worker dies.
  const handle = t.hub.temporal.workflow.getHandle(pollerWorkflowId('ebay', channel));
  const paused = await handle.executeUpdate(pausePollerUpdate);
  expect(paused.pageToken).not.toBeNull();
  for (const id of orderIds.slice(0, 3)) await seed(channel, { ...structuredClone(noSku), orderId: id, lineItems: [{ ...noSku.lineItems[0], lineItemId: `1009${id.slice(-5)}` }] });
  await sim().post('/admin/ebay/config').send({ expireTokens: true }).expect(200);
  await t.hub.ebayPollers!.restartWorker();
  await handle.executeUpdate(resumePollerUpdate);

  await eventually(async () => expect(await t.hub.db.order.count({ where: { channelId: channel } })).toBe(30), 60_000);
  const rows = await t.hub.db.order.findMany({ where: { channelId: channel }, select: { externalId: true } });
  expect(rows.map((r) => r.externalId).sort()).toEqual([...orderIds].sort());
  const after = await stats();
  expect(after.injected429 - before.injected429).toBe(4);
  expect(after.overLimit - before.overLimit).toBe(0);
  expect(after.expiredTokenCalls - before.expiredTokenCalls).toBeGreaterThan(0);
  const status = await pollerStatus(channel);
  expect(status.rateWaits).toBeGreaterThan(0);
  await sim()
    .post('/admin/ebay/config')
    .send({ limits: { fulfillment: { perDay: 100_000, burst: 100_000 } } })
    .expect(200);
}, 120_000);
