import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Point of sale: paid and taken home at the store, so no label, no carrier, no parcel. The demo's
// store is WH-EAST: the one location that serves pickups, and the only one the pos buffer sells from.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

const order = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const pickupAt = (pickupLocationId: string | undefined, o: Parameters<typeof orderPayload>[0]) => ({
  ...orderPayload({ channel: 'pos', ...o }),
  fulfillment: { mode: 'pickup', pickupLocationId },
});

/** A channel of its own (shared channels stay untouched for the other test files). */
async function channelWith(opts: { policy?: string; buffer?: { safetyStock?: number; percent?: number; maxListed?: number | null; locationIds?: string[] } }) {
  const id = `pk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await t.hub.db.channel.create({ data: { id, name: `Test channel ${id}`, kind: 'pos', backorderPolicy: opts.policy ?? null } });
  if (opts.buffer) await t.hub.db.channelBuffer.create({ data: { channelId: id, safetyStock: 0, percent: 100, maxListed: null, locationIds: [], ...opts.buffer } });
  return id;
}

test('a pickup order takes its stock from the store, completes without a carrier, and is delivered', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5, 'WH-WEST': 5 });
  const res = await t.api.post('/api/v1/orders').send(pickupAt('WH-EAST', { sku, quantity: 2 }));
  expect(res.status).toBe(202);
  await eventually(async () => expect((await order(res.body.orderId)).status).toBe('delivered'));
  const body = await order(res.body.orderId);
  expect(body.shipments).toEqual([]);
  expect(body.fulfillmentStatus).toBe('delivered');
  expect(body.timeline.map((e: { type: string }) => e.type)).toContain('picked_up');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 5, reserved: 0 });
  expect(t.sim.state.journal.list({ system: 'carrier' }).filter((c) => JSON.stringify(c.body ?? {}).includes(res.body.orderId))).toEqual([]);
  expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: res.body.orderId } })).fulfillmentMode).toBe('pickup');
});

test('a pickup never takes stock from another location: short at the store it waits (the channel policy), and a receipt at the store completes it', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1, 'WH-WEST': 20 });
  const res = await t.api.post('/api/v1/orders').send(pickupAt('WH-EAST', { sku, quantity: 3 }));
  expect(res.status).toBe(202);
  await eventually(async () => expect((await order(res.body.orderId)).status).toBe('backordered'));
  const backordered = (await order(res.body.orderId)).timeline.find((e: { type: string }) => e.type === 'backordered');
  expect(backordered.data.shortfall).toEqual([{ sku, requested: 3, available: 1 }]);
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 20, reserved: 0 });

  // Stock arriving elsewhere does not help a pickup; stock at its store does.
  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-WEST', delta: 5, reason: 'receipt' });
  await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 2, reason: 'receipt' });
  await eventually(async () => expect((await order(res.body.orderId)).status).toBe('delivered'));
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 0, reserved: 0 });
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 25, reserved: 0 });
});

test('short at the store on a channel whose policy is cancel: cancelled insufficient_stock, nothing taken elsewhere', async () => {
  const channel = await channelWith({ policy: 'cancel' });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 0, 'WH-WEST': 9 });
  const res = await t.api.post('/api/v1/orders').send(pickupAt('WH-EAST', { sku, channel }));
  expect(res.status).toBe(202);
  await eventually(async () => expect((await order(res.body.orderId)).status).toBe('cancelled'));
  expect((await order(res.body.orderId)).cancelReason).toBe('insufficient_stock');
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 9, reserved: 0 });
});

test('pickup needs a store that exists and serves pickups, for this channel: else a 400 naming fulfillment.pickupLocationId, and nothing starts', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5, 'WH-WEST': 5 });
  const westOnly = await channelWith({ buffer: { locationIds: ['WH-WEST'] } });
  const cases: [string, ReturnType<typeof pickupAt>][] = [
    ['no store', pickupAt(undefined, { sku })],
    ['an unknown store', pickupAt('STORE-NOWHERE', { sku })],
    ['a warehouse without a pickup counter', pickupAt('WH-WEST', { sku, channel: 'webstore' })],
    ['a store the channel does not sell from', pickupAt('WH-EAST', { sku, channel: westOnly })],
  ];
  for (const [name, payload] of cases) {
    const res = await t.api.post('/api/v1/orders').send(payload);
    expect({ name, status: res.status, fields: res.body.fields?.map((f: { field: string }) => f.field) }).toEqual({
      name,
      status: 400,
      fields: ['body.fulfillment.pickupLocationId'],
    });
    expect(await t.hub.db.order.count({ where: { externalId: payload.externalId } })).toBe(0);
  }
});

test('the channel buffer applies at reservation as it does to the listed quantity: its locations, safety stock, percent and cap', async () => {
  // Lists floor((5 - 1) * 50 %) = 2 from WH-EAST only; WH-WEST's 10 units are not this channel's.
  const channel = await channelWith({ buffer: { safetyStock: 1, percent: 50, locationIds: ['WH-EAST'] } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5, 'WH-WEST': 10 });
  expect((await t.api.get(`/api/v1/inventory/${sku}`)).body.channels).toContainEqual({ channel, sellable: 2 });

  const tooMany = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, channel }))).body.orderId;
  await eventually(async () => expect((await order(tooMany)).status).toBe('backordered'));
  expect((await order(tooMany)).timeline.find((e: { type: string }) => e.type === 'backordered').data.shortfall).toEqual([{ sku, requested: 3, available: 2 }]);
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 10, reserved: 0 });
  expect((await t.api.post(`/api/v1/orders/${tooMany}/cancel`).send({ reason: 'test over' })).status).toBe(200);

  const fits = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, channel }))).body.orderId;
  await eventually(async () => expect((await order(fits)).fulfillmentStatus).not.toBe('unfulfilled'));
  expect((await order(fits)).status).not.toBe('backordered');
  expect(await t.hub.db.reservation.findMany({ where: { orderId: fits }, select: { locationId: true, quantity: true } })).toEqual([{ locationId: 'WH-EAST', quantity: 2 }]);

  const capped = await channelWith({ buffer: { maxListed: 1 } });
  const overCap = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, channel: capped }))).body.orderId;
  await eventually(async () => expect((await order(overCap)).status).toBe('backordered'));
  expect((await t.api.post(`/api/v1/orders/${overCap}/cancel`).send({ reason: 'test over' })).status).toBe(200);
});
