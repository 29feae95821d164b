import { WorkflowNotFoundError } from '@temporalio/client';
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// The carrier simulator advances parcels by itself here, as in `npm start`.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ carrierDispatchDelayMs: 300, carrierDeliveryDelayMs: 300 });
});
afterAll(() => t?.stop());

test('a paid order reaches delivered by itself, and each partner saw each call exactly once', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const res = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, unitPrice: '19.99', shippingPrice: '4.99' }));
  expect(res.status).toBe(202);
  const { orderId } = res.body;

  const order = await eventually(async () => {
    const got = await t.api.get(`/api/v1/orders/${orderId}`);
    expect(got.body.status).toBe('delivered');
    return got.body;
  });
  expect(order).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'delivered', total: '44.97', subtotal: '39.98', shipping: '4.99' });
  expect(order.shipments).toHaveLength(1);
  expect(order.shipments[0]).toMatchObject({ status: 'delivered', carrier: 'simcarrier' });
  expect(order.timeline.map((e: { type: string }) => e.type)).toEqual(
    expect.arrayContaining(['received', 'stock_reserved', 'paid', 'fulfilling', 'labels_created', 'shipped', 'delivered']),
  );

  const effects = t.sim.state.journal.list({ orderId }).filter((c) => !c.duplicate && !c.faulted);
  const count = (operation: string) => effects.filter((c) => c.operation === operation).length;
  expect(count('createSalesOrder')).toBe(1);
  expect(count('recordOrder')).toBe(1);
  expect(count('createShipment')).toBe(1);
  expect(count('createInvoice')).toBe(1);
  expect(count('createFulfillment')).toBe(1);
  expect(count('createRefund')).toBe(0);

  // Shipping took the units out of stock for good.
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
});

test('three concurrent POSTs of one channel order make one order, one workflow and one reservation', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
  const payload = orderPayload({ sku, quantity: 3 });
  const responses = await Promise.all([1, 2, 3].map(() => t.api.post('/api/v1/orders').send(payload)));

  expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 202]);
  const ids = new Set(responses.map((r) => r.body.orderId));
  expect(ids.size).toBe(1);
  const orders = await t.hub.db.order.findMany({ where: { channelId: 'webstore', externalId: payload.externalId } });
  expect(orders).toHaveLength(1);
  const reservations = await eventually(async () => {
    const rows = await t.hub.db.reservation.findMany({ where: { orderId: orders[0].id } });
    expect(rows).toHaveLength(1);
    return rows;
  });
  expect(reservations[0].quantity).toBe(3);

  // And a redelivery after the order is done still answers with the same order.
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orders[0].id}`)).body.status).toBe('delivered'));
  const late = await t.api.post('/api/v1/orders').send(payload);
  expect(late.status).toBe(200);
  expect(late.body.orderId).toBe(orders[0].id);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 7, reserved: 0 });
});

test('the order workflows are listed in Temporal by status and channel search attributes', async () => {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
  const payload = orderPayload({ sku, channel: 'ebay' });
  const res = await t.api.post('/api/v1/orders').send(payload);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));

  const found = await eventually(async () => {
    const ids: string[] = [];
    for await (const wf of t.hub.temporal.workflow.list({ query: `OrderStatus = 'delivered' AND OrderChannel = 'ebay' AND ExternalOrderId = '${payload.externalId}'` })) {
      ids.push(wf.workflowId);
    }
    expect(ids).toEqual([`order:ebay:${payload.externalId}`]);
    return ids;
  });
  expect(found).toHaveLength(1);
  await expect(t.hub.temporal.workflow.getHandle('order:ebay:no-such-order').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
});
