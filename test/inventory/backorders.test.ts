import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 200, carrierDeliveryDelayMs: 200 });
});
afterAll(() => t?.stop());

const order = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const statuses = async (ids: string[]) => Promise.all(ids.map(async (id) => (await order(id)).status));

test('100 concurrent orders for a SKU with 10 units: exactly 10 reserved, 90 backordered, stock never negative, ledger balanced', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 6, 'WH-WEST': 4 });
  const responses = await Promise.all(Array.from({ length: 100 }, () => t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 1, paid: false }))));
  expect(responses.every((r) => r.status === 202)).toBe(true);
  const ids = responses.map((r) => r.body.orderId as string);

  const settled = await eventually(async () => {
    const s = await statuses(ids);
    expect(s.filter((x) => x === 'awaiting_payment').length + s.filter((x) => x === 'backordered').length).toBe(100);
    return s;
    // 100 reservations of one SKU's 10 units replan against each other (src/activities/reserveInOneCall.ts); on a loaded
    // machine 97 of 100 had settled at 60 s in a clean-clone run (issue 17's bench measures the speed, not this test).
  }, 180_000);
  expect(settled.filter((s) => s === 'awaiting_payment')).toHaveLength(10);
  expect(settled.filter((s) => s === 'backordered')).toHaveLength(90);

  const levels = await t.hub.db.stockLevel.findMany({ where: { sku } });
  expect(levels.every((l) => l.onHand >= 0 && l.reserved <= l.onHand)).toBe(true);
  expect(levels.reduce((n, l) => n + l.reserved, 0)).toBe(10);
  const ledger = await t.hub.db.stockLedgerEntry.groupBy({ by: ['locationId'], where: { sku }, _sum: { onHandDelta: true, reservedDelta: true } });
  for (const level of levels) {
    const sums = ledger.find((l) => l.locationId === level.locationId)!._sum;
    expect({ onHand: sums.onHandDelta, reserved: sums.reservedDelta }).toEqual({ onHand: level.onHand, reserved: level.reserved });
  }
  // The shortfall is visible on each backordered order, never silent.
  const backordered = ids[settled.indexOf('backordered')];
  const timeline = (await order(backordered)).timeline;
  expect(timeline.find((e: { type: string }) => e.type === 'backordered').data.shortfall[0]).toMatchObject({ sku, requested: 1, available: 0 });
}, 300_000);

test('a receipt completes waiting orders in arrival order, and a new order does not jump the queue', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2 }));
    ids.push(res.body.orderId);
    await eventually(async () => expect((await order(res.body.orderId)).status).toBe('backordered'));
  }
  // 5 units: enough for the two oldest (2 + 2), and 1 left over that the third cannot use.
  const receipt = await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 5, reason: 'receipt' });
  expect(receipt.status).toBe(201);
  await eventually(async () => expect(await statuses(ids.slice(0, 2))).toEqual(['delivered', 'delivered']));
  expect(await statuses(ids.slice(2))).toEqual(['backordered', 'backordered']);

  // A newcomer wanting the 1 spare unit waits behind the older orders that claim it.
  const newcomer = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 1 }))).body.orderId;
  await eventually(async () => expect((await order(newcomer)).status).toBe('backordered'));

  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 4, reason: 'receipt' });
  await eventually(async () => expect(await statuses(ids.slice(2))).toEqual(['delivered', 'delivered']));
  await eventually(async () => expect((await order(newcomer)).status).toBe('delivered'));
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 0, reserved: 0 });
});

test('stock released by a cancelled order goes to the oldest waiting order', async () => {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 1 });
  const first = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, paid: false }))).body.orderId;
  await eventually(async () => expect((await order(first)).status).toBe('awaiting_payment'));
  const waiting = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId;
  await eventually(async () => expect((await order(waiting)).status).toBe('backordered'));
  expect((await t.api.post(`/api/v1/orders/${first}/cancel`).send({ reason: 'changed mind' })).status).toBe(200);
  await eventually(async () => expect((await order(waiting)).status).toBe('delivered'));
});

test('a backordered order can be cancelled, and leaves the queue', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId;
  await eventually(async () => expect((await order(id)).status).toBe('backordered'));
  const res = await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'no longer needed' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'no longer needed', paymentStatus: 'refunded' });
  expect((await t.hub.db.backorder.findUniqueOrThrow({ where: { orderId: id } })).state).toBe('cancelled');
});

test('policy reserve_available: the order holds what there is, takes the rest from a receipt, and ships whole', async () => {
  const channel = `partial-${Date.now().toString(36)}`;
  await t.hub.db.channel.create({ data: { id: channel, name: 'Holds what it can', kind: 'webstore' } });
  const put = await t.api.put(`/api/v1/channels/${channel}/backorder-policy`).send({ backorderPolicy: 'reserve_available' });
  expect(put.body).toEqual({ channel, backorderPolicy: 'reserve_available', effective: 'reserve_available' });
  expect((await t.api.put(`/api/v1/channels/${channel}/backorder-policy`).send({ backorderPolicy: 'later' })).status).toBe(400);

  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, channel }))).body.orderId;
  await eventually(async () => expect((await order(id)).status).toBe('backordered'));
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 2, reserved: 2 });
  const event = (await order(id)).timeline.find((e: { type: string }) => e.type === 'backordered');
  expect(event.data.holding).toEqual([expect.objectContaining({ sku, locationId: 'WH-EAST', quantity: 2 })]);
  expect(event.message).toContain('short of 1 × ');

  // A later order on a whole-order channel queues behind the 1 unit the first one still needs.
  const later = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 1 }))).body.orderId;
  await eventually(async () => expect((await order(later)).status).toBe('backordered'));
  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
  await eventually(async () => expect((await order(id)).status).toBe('delivered'));
  expect((await order(later)).status).toBe('backordered');
  const shipped = await t.hub.db.reservation.findMany({ where: { orderId: id } });
  expect(shipped.reduce((n, r) => n + r.quantity, 0)).toBe(3);

  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
  await eventually(async () => expect((await order(later)).status).toBe('delivered'));
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 0, reserved: 0 });
});

test('policy reserve_available: a cancelled partial order gives back what it held', async () => {
  const channel = `partial-c-${Date.now().toString(36)}`;
  await t.hub.db.channel.create({ data: { id: channel, name: 'Holds what it can', kind: 'webstore', backorderPolicy: 'reserve_available' } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1, 'WH-WEST': 1 });
  const id = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 5, channel }))).body.orderId;
  await eventually(async () => expect((await order(id)).status).toBe('backordered'));
  expect((await stockAt(t.hub.db, sku, 'WH-EAST')).reserved + (await stockAt(t.hub.db, sku, 'WH-WEST')).reserved).toBe(2);
  expect((await t.api.post(`/api/v1/orders/${id}/cancel`).send({ reason: 'too slow' })).status).toBe(200);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 1, reserved: 0 });
});

test('a receipt serves a waiting VIP order before an older standard one (queue by priority, then arrival)', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
  const standard = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body.orderId;
  await eventually(async () => expect((await order(standard)).status).toBe('backordered'));
  const vipPayload = orderPayload({ sku });
  const vip = (await t.api.post('/api/v1/orders').send({ ...vipPayload, customer: { ...vipPayload.customer, email: 'vip-bo@example.com', tier: 'vip' } })).body.orderId;
  await eventually(async () => expect((await order(vip)).status).toBe('backordered'));
  expect((await order(vip)).holds.map((h: { reason: string }) => h.reason)).toContain('inventory');

  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
  await eventually(async () => expect((await order(vip)).status).toBe('delivered'));
  expect((await order(standard)).status).toBe('backordered');
  expect((await order(vip)).holds.find((h: { reason: string }) => h.reason === 'inventory')).toMatchObject({ releasedBy: 'system' });
});
