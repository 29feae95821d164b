import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// The carrier does not move by itself here: tests send the carrier events.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

const statusOf = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const waitForStatus = (orderId: string, status: string) =>
  eventually(async () => {
    const order = await statusOf(orderId);
    expect(order.status).toBe(status);
    return order;
  });

test('an unpaid order refuses a wrong amount with 422, keeps waiting, and proceeds after the right one', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 4 });
  const created = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, unitPrice: '10.00', shippingPrice: '1.98', paid: false }));
  expect(created.status).toBe(202);
  const { orderId } = created.body;
  await waitForStatus(orderId, 'awaiting_payment');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 4, reserved: 2 });

  const wrong = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '21.97', currency: 'USD', reference: 'psp-1' });
  expect(wrong.status).toBe(422);
  expect(wrong.body.error).toBe('payment_mismatch');
  const wrongCurrency = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '21.98', currency: 'EUR', reference: 'psp-1' });
  expect(wrongCurrency.status).toBe(422);
  expect((await statusOf(orderId)).status).toBe('awaiting_payment');

  const right = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '21.98', currency: 'USD', reference: 'psp-2' });
  expect(right.status).toBe(200);
  expect(right.body).toMatchObject({ paymentStatus: 'paid', paymentReference: 'psp-2' });
  const fulfilling = await waitForStatus(orderId, 'fulfilling');
  expect(fulfilling).toMatchObject({ paymentStatus: 'paid', paymentReference: 'psp-2' });

  const again = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '21.98', currency: 'USD', reference: 'psp-3' });
  expect(again.status).toBe(409);
});

test('a failed payment cancels the order and releases its stock', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const { body } = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, paid: false }));
  await waitForStatus(body.orderId, 'awaiting_payment');
  const res = await t.api.post(`/api/v1/orders/${body.orderId}/payment`).send({ amount: '64.97', currency: 'USD', reference: 'psp-x', status: 'failed' });
  expect(res.status).toBe(200);
  expect(res.body.paymentStatus).toBe('failed');
  const order = await waitForStatus(body.orderId, 'cancelled');
  expect(order).toMatchObject({ paymentStatus: 'failed', cancelReason: 'payment_failed' });
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
});

test('cancelling before dispatch voids the label, releases stock, refunds, and tells ERP, CRM and channel', async () => {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 5 });
  const { body } = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, unitPrice: '30.00', shippingPrice: '0' }));
  const { orderId } = body;
  await eventually(async () => expect((await statusOf(orderId)).fulfillmentStatus).toBe('label_created'));

  const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer changed their mind' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded', cancelReason: 'customer changed their mind' });
  expect(res.body.shipments).toEqual([expect.objectContaining({ status: 'voided' })]);
  expect(res.body.timeline.map((e: { type: string }) => e.type)).toContain('cancelled');

  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 5, reserved: 0 });
  const reservations = await t.hub.db.reservation.findMany({ where: { orderId } });
  expect(reservations.map((r) => r.state)).toEqual(['released']);

  const calls = t.sim.state.journal.list({ orderId }).filter((c) => !c.duplicate && !c.faulted && c.status < 300);
  const ops = calls.map((c) => `${c.system}.${c.operation}`);
  expect(ops).toEqual(expect.arrayContaining(['carrier.voidShipment', 'erp.createCreditNote', 'channel.createRefund', 'channel.cancelOrder', 'crm.recordOrderEvent']));
  const refund = calls.find((c) => c.operation === 'createRefund')!;
  expect(refund.body).toMatchObject({ refund: { currency: 'USD', transactions: [{ kind: 'refund', amount: '60.00' }] } });
  // Compensation runs in reverse: the label is voided before the money goes back.
  const seq = (op: string) => calls.find((c) => c.operation === op)!.seq;
  expect(seq('voidShipment')).toBeLessThan(seq('createRefund'));

  const order = await statusOf(orderId);
  expect(order.timeline.map((e: { type: string }) => e.type)).toContain('cancelled');
  expect((await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'again' })).status).toBe(409);
});

test('after dispatch a cancel is refused with 409, and the order goes on to delivered', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const { body } = await t.api.post('/api/v1/orders').send(orderPayload({ sku }));
  const labelled = await eventually(async () => {
    const order = await statusOf(body.orderId);
    expect(order.shipments[0]?.trackingNumber).toBeTruthy();
    return order;
  });
  const trackingNumber = labelled.shipments[0].trackingNumber;
  expect((await t.api.post('/api/v1/carrier/events').send({ trackingNumber, type: 'dispatched' })).status).toBe(202);
  await waitForStatus(body.orderId, 'shipped');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });

  const cancel = await t.api.post(`/api/v1/orders/${body.orderId}/cancel`).send({ reason: 'too late' });
  expect(cancel.status).toBe(409);
  expect(cancel.body.error).toBe('invalid_order_state');

  // Duplicate and out-of-order carrier events change nothing twice.
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber, type: 'dispatched' });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber, type: 'delivered' });
  await waitForStatus(body.orderId, 'delivered');
  // Once the workflow itself has closed, a late event is acknowledged but changes nothing.
  const handle = t.hub.temporal.workflow.getHandle(body.workflowId);
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  const late = await t.api.post('/api/v1/carrier/events').send({ trackingNumber, type: 'delivered' });
  expect(late.status).toBe(200);
  expect(late.body.accepted).toBe(false);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  const invoices = t.sim.state.journal.list({ orderId: body.orderId, operation: 'createInvoice' }).filter((c) => !c.duplicate);
  expect(invoices).toHaveLength(1);
});

test('on a channel whose policy is to cancel, an order for more than is in stock is cancelled as insufficient_stock', async () => {
  const channel = `cancelling-${Date.now().toString(36)}`;
  await t.hub.db.channel.create({ data: { id: channel, name: 'Cancels short orders', kind: 'marketplace', backorderPolicy: 'cancel' } });
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1, 'WH-WEST': 1 });
  const { body } = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, channel }));
  const order = await waitForStatus(body.orderId, 'cancelled');
  expect(order.cancelReason).toBe('insufficient_stock');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect(await t.hub.db.reservation.count({ where: { orderId: body.orderId } })).toBe(0);
});

test('an order larger than any one location ships as two parcels', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2, 'WH-WEST': 2 });
  const { body } = await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3 }));
  const order = await eventually(async () => {
    const o = await statusOf(body.orderId);
    expect(o.shipments.filter((s: { trackingNumber: string | null }) => s.trackingNumber)).toHaveLength(2);
    return o;
  });
  const [first, second] = order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber);
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: first, type: 'dispatched' });
  await waitForStatus(body.orderId, 'partially_shipped');
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: second, type: 'dispatched' });
  await waitForStatus(body.orderId, 'shipped');
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: first, type: 'delivered' });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: second, type: 'delivered' });
  await waitForStatus(body.orderId, 'delivered');
  const stock = [await stockAt(t.hub.db, sku, 'WH-EAST'), await stockAt(t.hub.db, sku, 'WH-WEST')];
  expect(stock.reduce((n, s) => n + s.onHand, 0)).toBe(1);
  expect(stock.every((s) => s.reserved === 0)).toBe(true);
});

test('a carrier event for an unknown tracking number is a 404', async () => {
  const res = await t.api.post('/api/v1/carrier/events').send({ trackingNumber: 'NOPE123', type: 'dispatched' });
  expect(res.status).toBe(404);
});
