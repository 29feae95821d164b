import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// Point of sale: paid and taken home at the store, so no label, no carrier, no parcel.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

test('a pickup order takes its stock from the store, completes without a carrier, and is delivered', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5, 'WH-WEST': 5 });
  const payload = { ...orderPayload({ sku, quantity: 2, channel: 'pos' }), fulfillment: { mode: 'pickup', pickupLocationId: 'WH-WEST' } };
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));
  const order = (await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body;
  expect(order.shipments).toEqual([]);
  expect(order.fulfillmentStatus).toBe('delivered');
  expect(order.timeline.map((e: { type: string }) => e.type)).toContain('picked_up');
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 3, reserved: 0 });
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 0 });
  expect(t.sim.state.journal.list({ system: 'carrier' }).filter((c) => JSON.stringify(c.body ?? {}).includes(res.body.orderId))).toEqual([]);
  expect((await t.hub.db.order.findUniqueOrThrow({ where: { id: res.body.orderId } })).fulfillmentMode).toBe('pickup');
});

test('pickup needs the store', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const res = await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, channel: 'pos' }), fulfillment: { mode: 'pickup' } });
  expect(res.status).toBe(400);
  expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('body.fulfillment.pickupLocationId');
});
