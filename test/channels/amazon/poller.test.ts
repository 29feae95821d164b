// The Amazon connector end to end on the real stack: the SP-API simulator seeded with the
// published examples (test/fixtures/amazon), the poller workflow, the orders service. Usage plans
// are faster than Amazon's so the test runs in seconds; connector and simulator share them, and
// the simulator counts every request above them (must stay 0).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestHub, type TestHub } from '../../support/testHub';
import { createSku, eventually } from '../../support/fixtures';
import { pollerStatusQuery } from '../../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../../src/workflows/marketplace/pollerWorkflow';
import type { AmazonOrderBundle } from '../../../src/channels/amazon/types';
import mfn from '../../fixtures/amazon/mfn-unshipped.json';
import { FAST_USAGE_PLANS, testAmazonConnector } from './testConnector';
import pending from '../../fixtures/amazon/pending-no-total.json';
import afn from '../../fixtures/amazon/afn-shipped.json';
import canceled from '../../fixtures/amazon/canceled.json';

const fast = FAST_USAGE_PLANS;

let t: TestHub;
const sim = () => request(t.sim.url);

beforeAll(async () => {
  t = await startTestHub({
    carrierDispatchDelayMs: 600_000,
    amazon: {
      connector: testAmazonConnector('amzt-', { pageSize: 20 }),
      intervalMs: 300,
    },
  });
  await sim().post('/admin/amazon/config').send({ usagePlans: fast, maxPageSize: 20 }).expect(200);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function amazonChannel(marketplaceIds: string[]): Promise<string> {
  const id = `amzt-${randomUUID().slice(0, 8)}`;
  await t.hub.db.channel.create({
    data: { id, name: 'Amazon test seller', kind: 'marketplace', platform: 'amazon', settings: { sellerId: 'A2TESTSELLER', marketplaceIds, region: 'na' } },
  });
  return id;
}

const seed = (bundle: object) => sim().post('/admin/amazon/orders').send(bundle).expect(201);
const order = (channelId: string, externalId: string) =>
  t.hub.db.order.findUnique({ where: { channelId_externalId: { channelId, externalId } }, include: { lines: true, holds: true } });
const imported = async (channelId: string, externalId: string) => {
  const o = await order(channelId, externalId);
  if (!o) throw new Error(`${externalId} not imported yet`);
  return o;
};
const firstPass = (channelId: string) =>
  eventually(async () => expect((await t.hub.temporal.workflow.getHandle(pollerWorkflowId('amazon', channelId)).query(pollerStatusQuery)).lastPassAt).not.toBeNull(), 30_000);
const stats = async () =>
  (await sim().get('/admin/amazon/stats').expect(200)).body as { overLimit: number; injected429: number; expiredTokenCalls: number; calls: Record<string, number> };

it('imports the published examples: totals reconcile, Pending waits for Unshipped, AFN is recorded only, Canceled cancels; without an RDT the order is held for its address', async () => {
  const channel = await amazonChannel(['ATVPDKIKX0DER', 'A1PA6795UKMFR9']);
  const skuA = await createSku(t.hub.db, { 'WH-EAST': 50 });
  const skuB = await createSku(t.hub.db, { 'WH-EAST': 50 });
  await t.hub.db.channelListing.createMany({
    data: [
      { channelId: channel, sku: skuA, channelSku: 'NABetaASINB00551Q3CS', asin: 'B00551Q3CS' },
      { channelId: channel, sku: skuB, channelSku: 'CBA_OTF_5' },
    ],
  });
  await t.hub.amazonPollers!.startPoller(channel);
  // The first pass lists orders created in the look-back window; these examples were placed long
  // ago, so they arrive as changes (LastUpdateDate) seen by the passes after it.
  await firstPass(channel);
  await seed(mfn);
  await seed(pending);
  await seed(afn);

  await eventually(() => imported(channel, '902-1845936-5435065'), 60_000);
  // The workflow records Amazon's payment and evaluates the rules right after it starts.
  const m = await eventually(async () => {
    const o = await imported(channel, '902-1845936-5435065');
    expect(o.paymentStatus).toBe('paid');
    return o;
  });
  expect(m.totalMinor).toBe(2876);
  expect(m.holds.filter((h) => h.releasedAt === null).map((h) => h.reason)).toEqual([]);
  expect(m.lines.map((l) => [l.sku, l.channelLineId, l.quantity]).sort()).toEqual(
    [
      [skuA, '05015851154158', 1],
      [skuB, '79039765272157', 2],
    ].sort(),
  );
  const a = await eventually(() => imported(channel, '921-3175655-0452641'));
  expect(a.currency).toBe('EUR');
  expect(a.totalMinor).toBe(10000);
  expect(a.lines.every((l) => !l.requiresShipping)).toBe(true);
  // Pending: not imported while Amazon withholds its prices.
  expect(await order(channel, '902-3159896-1390916')).toBeNull();

  // Payment authorized: Unshipped with prices and OrderTotal, as Amazon then answers.
  await seed({ ...pending, order: { ...pending.order, OrderStatus: 'Unshipped', OrderTotal: { CurrencyCode: 'USD', Amount: '11.01' } }, items: [mfn.items[0]] });
  const p = await eventually(() => imported(channel, '902-3159896-1390916'), 30_000);
  expect(p.totalMinor).toBe(1101);
  expect(p.holds.filter((h) => h.releasedAt === null)).toEqual([]);

  await seed(canceled);
  await eventually(async () => expect((await order(channel, '902-1845936-5435065'))!.status).toBe('cancelled'), 60_000);

  // No role for personal data: the next order imports without its address and is held for it.
  await sim().post('/admin/amazon/config').send({ rdtDenied: true, expireTokens: true }).expect(200);
  await seed({ ...mfn, order: { ...mfn.order, AmazonOrderId: '902-0000000-0000001' } });
  const noPii = await eventually(() => imported(channel, '902-0000000-0000001'), 60_000);
  await eventually(async () => expect((await order(channel, '902-0000000-0000001'))!.holds.map((h) => h.reason)).toContain('address'));
  expect(noPii.totalMinor).toBe(2876);
  await sim().post('/admin/amazon/config').send({ rdtDenied: false }).expect(200);

  expect((await stats()).overLimit).toBe(0);
}, 180_000);

it('imports 60 orders over 3 pages exactly once through a 429 burst, an expired token and a worker restart mid-page, never above the usage plans', async () => {
  const channel = await amazonChannel(['A1F83G8C2ARO7P']);
  const sku = await createSku(t.hub.db, { 'WH-EAST': 500 });
  const ids = Array.from({ length: 60 }, (_, i) => `203-${String(i).padStart(7, '0')}-${randomUUID().replace(/\D/g, '').slice(0, 7).padEnd(7, '0')}`);
  for (const id of ids) {
    const bundle: AmazonOrderBundle = {
      order: { ...mfn.order, AmazonOrderId: id, PurchaseDate: new Date().toISOString(), MarketplaceId: 'A1F83G8C2ARO7P', OrderTotal: { CurrencyCode: 'GBP', Amount: '12.50' } },
      items: [
        {
          ...mfn.items[0],
          SellerSKU: sku,
          ASIN: undefined,
          OrderItemId: `${id.replace(/-/g, '')}1`,
          ItemPrice: { CurrencyCode: 'GBP', Amount: '12.50' },
          ItemTax: { CurrencyCode: 'GBP', Amount: '2.08' },
          PromotionDiscount: undefined,
        },
      ],
      address: mfn.address,
      buyerInfo: mfn.buyerInfo,
    };
    await seed(bundle);
  }
  const before = await stats();
  await sim().post('/admin/amazon/config').send({ throttle: 3 }).expect(200);
  await t.hub.amazonPollers!.startPoller(channel);
  const count = () => t.hub.db.order.count({ where: { channelId: channel } });

  await eventually(async () => expect(await count()).toBeGreaterThanOrEqual(8), 60_000, 50);
  await sim().post('/admin/amazon/config').send({ expireTokens: true }).expect(200);
  // Mid-page: the first page has 20 orders.
  expect(await count()).toBeLessThan(20);
  await t.hub.amazonPollers!.restartWorker();
  await eventually(async () => expect(await count()).toBe(60), 120_000);

  const handle = t.hub.temporal.workflow.getHandle(pollerWorkflowId('amazon', channel));
  const status = await eventually(async () => {
    const s = await handle.query(pollerStatusQuery);
    expect(s.pageToken).toBeNull();
    expect(s.lastPassAt).not.toBeNull();
    return s;
  });
  expect(status.rateWaits).toBeGreaterThan(0);
  // The pass's end is in the workflow's state before its saveCursor activity has written the row.
  const cursorRow = await eventually(async () => {
    const row = await t.hub.db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } });
    expect(row.lastSuccessAt).not.toBeNull();
    return row;
  });

  const sync = (await t.api.get(`/api/v1/channels/${channel}/sync`).expect(200)).body as Record<string, unknown>;
  // The poller keeps running: a pass may end between the row's read and the GET, moving the cursor on.
  const rowAfter = await t.hub.db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } });
  expect(sync).toMatchObject({ running: true, paused: false, pageToken: null, backlog: 0 });
  expect([cursorRow.cursor, rowAfter.cursor]).toContain(sync.cursor);
  expect(sync.rateLimitWaits).toBeGreaterThan(0);
  expect((await t.api.post(`/api/v1/channels/${channel}/sync`).send({ action: 'pause' }).expect(200)).body.paused).toBe(true);
  expect((await t.hub.db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } })).paused).toBe(true);
  expect((await t.api.post(`/api/v1/channels/${channel}/sync`).send({ action: 'resume' }).expect(200)).body.paused).toBe(false);
  await t.api.post(`/api/v1/channels/${channel}/sync`).send({ action: 'resync' }).expect(400);
  await t.api.get('/api/v1/channels/webstore/sync').expect(409);

  // A re-sync of the whole window lists every order again: none is imported twice.
  await t.api
    .post(`/api/v1/channels/${channel}/sync`)
    .send({ action: 'resync', from: new Date(Date.now() - 3_600_000).toISOString() })
    .expect(200);
  await eventually(async () => expect((await handle.query(pollerStatusQuery)).cursor! > cursorRow.cursor!).toBe(true), 30_000);
  expect(await count()).toBe(60);
  expect(await t.hub.db.order.groupBy({ by: ['externalId'], where: { channelId: channel }, _count: true })).toHaveLength(60);

  const after = await stats();
  expect(after.overLimit).toBe(0);
  expect(after.injected429 - before.injected429).toBe(3);
  expect(after.expiredTokenCalls - before.expiredTokenCalls).toBeGreaterThanOrEqual(1);
  expect(after.calls.getOrders - (before.calls?.getOrders ?? 0)).toBeGreaterThanOrEqual(3);
}, 240_000);
