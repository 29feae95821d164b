import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// The fulfillment worker starts paused and then buys one label at a time: a backlog by construction.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 50, carrierDeliveryDelayMs: 50, fulfillmentPaused: true, fulfillmentConcurrency: 1 });
});
afterAll(() => t?.stop());

test('under a backlog, a VIP next-day order placed after 20 standard orders ships before most of them', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 30 });
  const standard: string[] = [];
  for (let i = 0; i < 20; i++) standard.push((await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId);
  const vipPayload = orderPayload({ sku });
  const vip = (await t.api.post('/api/v1/orders').send({ ...vipPayload, customer: { ...vipPayload.customer, email: 'vip@example.com', tier: 'vip' }, shippingService: 'next_day' }))
    .body.orderId as string;
  const all = [...standard, vip];

  // Every order waits for its label on the fulfillment queue (scheduled, not only its parcel on record).
  await eventually(async () => expect(await t.hub.db.shipment.count({ where: { orderId: { in: all } } })).toBe(21), 60_000);
  const workflowIds = (await t.hub.db.order.findMany({ where: { id: { in: all } }, select: { workflowId: true } })).map((o) => o.workflowId);
  await eventually(async () => {
    const waiting = await Promise.all(
      workflowIds.map(async (id) => (await t.hub.temporal.workflow.getHandle(id).describe()).raw.pendingActivities?.some((a) => a.activityType?.name === 'carrierCreateShipment')),
    );
    expect(waiting.filter(Boolean)).toHaveLength(21);
  }, 60_000);
  const vipOrder = await t.hub.db.order.findUniqueOrThrow({ where: { id: vip } });
  expect(vipOrder).toMatchObject({ priorityClass: 'urgent' });
  expect(vipOrder.shipBy).not.toBeNull();
  // Operations see the same order in the pick list: the VIP order first, flagged with its ship-by.
  const queue = await t.api.get('/api/v1/fulfillment/queue?limit=500');
  const ours = queue.body.items.filter((i: { orderId: string }) => all.includes(i.orderId));
  expect(ours).toHaveLength(21);
  expect(ours[0]).toMatchObject({ orderId: vip, priorityClass: 'urgent', late: false });
  await new Promise((r) => setTimeout(r, 1_000));
  await t.hub.resumeFulfillment();

  await eventually(async () => expect(await t.hub.db.order.count({ where: { id: { in: all }, status: 'delivered' } })).toBe(21), 90_000);
  const labelled = await t.hub.db.orderEvent.findMany({ where: { orderId: { in: all }, type: 'labels_created' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const rank = labelled.findIndex((e) => e.orderId === vip);
  // One label at a time, all queued before the worker started: the VIP order is served first or close to it.
  expect(rank).toBeGreaterThanOrEqual(0);
  expect(rank).toBeLessThan(3);
});
