// Issue 13, authorize then capture: authorized orders on a channel whose capture policy is
// on_shipment capture per parcel at dispatch through the payment gateway; a cancel before any
// dispatch voids the authorization and refunds nothing. Real stack; the tests send the carrier events.
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
const onShipment = `capture-${Date.now().toString(36)}`;
const onOrder = `capnow-${Date.now().toString(36)}`;
beforeAll(async () => {
  t = await startTestHub();
  await t.hub.db.channel.create({ data: { id: onShipment, name: 'Captures at shipment', kind: 'webstore', capturePolicy: 'on_shipment' } });
  await t.hub.db.channel.create({ data: { id: onOrder, name: 'Captures at once', kind: 'webstore' } });
});
afterAll(() => t?.stop());

const orderOf = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const authorized = (reference: string) => ({ status: 'authorized', transactions: [{ kind: 'authorization', amount: '65.00', gateway: 'shopify_payments', reference }] });
/** Successful, first-time calls of the payment gateway for the order. */
const gatewayCalls = (orderId: string) => t.sim.state.journal.list({ orderId, system: 'gateway' }).filter((c) => !c.duplicate && !c.faulted && c.status < 300);

test('an authorized on_shipment order split over two parcels captures twice, and the captures sum to the total', async () => {
  // 3 units, 1 in the east and 2 in the west: two parcels. Total 3 × 20.00 + 5.00 = 65.00.
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1, 'WH-WEST': 2 });
  const payload = { ...orderPayload({ sku, quantity: 3, unitPrice: '20.00', channel: onShipment }), payment: authorized('auth-two-parcels') };
  const created = await t.api.post('/api/v1/orders').send(payload);
  expect(created.status).toBe(202);
  const { orderId } = created.body;
  const labelled = await eventually(async () => {
    const order = await orderOf(orderId);
    expect(order.shipments).toHaveLength(2);
    for (const s of order.shipments) expect(s.trackingNumber).toBeTruthy();
    return order;
  });
  expect(labelled.paymentStatus).toBe('authorized');
  expect(labelled.payment).toMatchObject({ status: 'authorized', capturePolicy: 'on_shipment' });
  expect(labelled.payment.transactions).toEqual([expect.objectContaining({ kind: 'authorization', amount: '65.00', source: 'channel', reference: 'auth-two-parcels' })]);
  expect(gatewayCalls(orderId)).toEqual([]);

  const [first, second] = labelled.shipments as { shipmentId: string; locationId: string; trackingNumber: string }[];
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: first!.trackingNumber, type: 'dispatched' });
  await eventually(async () => expect((await orderOf(orderId)).paymentStatus).toBe('partially_paid'));
  // The same event again captures nothing more.
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: first!.trackingNumber, type: 'dispatched' });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: second!.trackingNumber, type: 'dispatched' });
  const shipped = await eventually(async () => {
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: 'shipped', paymentStatus: 'paid' });
    return order;
  });

  const captures = gatewayCalls(orderId).filter((c) => c.operation === 'capture');
  expect(captures).toHaveLength(2);
  const amounts = captures.map((c) => (c.body as { amount: string }).amount);
  // The first parcel's share by units (floor), the last one the rest: 1 unit of 3 is 21.66, then 43.34.
  const unitsOf = (locationId: string) => (locationId === 'WH-EAST' ? 1 : 2);
  const firstShare = unitsOf(first!.locationId) === 1 ? '21.66' : '43.33';
  expect(amounts[0]).toBe(firstShare);
  expect(amounts.reduce((sum, a) => sum + Math.round(Number(a) * 100), 0)).toBe(6500);
  expect(captures.map((c) => c.idempotencyKey)).toEqual([`${orderId}:gateway.capture.${first!.shipmentId}`, `${orderId}:gateway.capture.${second!.shipmentId}`]);
  expect(captures.every((c) => c.path === '/gateway/authorizations/auth-two-parcels/captures')).toBe(true);
  const gatewayTx = shipped.payment.transactions.filter((x: { source: string }) => x.source === 'gateway');
  expect(gatewayTx.map((x: { kind: string; amount: string; shipmentId: string }) => [x.kind, x.amount, x.shipmentId])).toEqual([
    ['capture', amounts[0], first!.shipmentId],
    ['capture', amounts[1], second!.shipmentId],
  ]);
  // The channel heard of each dispatch after its capture.
  // (The second confirmation follows the second capture: it may still be on its way when the order shows paid.)
  const fulfillments = await eventually(async () => {
    const done = t.sim.state.journal.list({ orderId, operation: 'createFulfillment' }).filter((c) => !c.duplicate && c.status < 300);
    expect(done).toHaveLength(2);
    return done;
  });
  expect(Math.min(...fulfillments.map((c) => c.seq))).toBeGreaterThan(captures[0]!.seq);
  expect(t.sim.state.journal.list({ orderId, operation: 'createRefund' })).toEqual([]);
});

test('a full cancel of an authorized on_shipment order before dispatch voids the authorization and refunds nothing', async () => {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
  const payload = { ...orderPayload({ sku, quantity: 3, unitPrice: '20.00', channel: onShipment }), payment: authorized('auth-cancel') };
  const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  await eventually(async () => expect((await orderOf(orderId)).fulfillmentStatus).toBe('label_created'));

  const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer changed their mind' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
  expect(gatewayCalls(orderId).map((c) => c.operation)).toEqual(['void']);
  expect(gatewayCalls(orderId)[0]!.idempotencyKey).toBe(`${orderId}:gateway.void`);
  expect(t.sim.state.journal.list({ orderId, operation: 'createRefund' })).toEqual([]);
  expect(t.sim.state.gatewayAuthorizations.find('auth-cancel')).toMatchObject({ voided: true, capturedMinor: 0, refundedMinor: 0 });
  expect(res.body.payment.transactions.map((x: { kind: string; source: string; amount: string }) => [x.kind, x.source, x.amount])).toEqual([
    ['authorization', 'channel', '65.00'],
    ['void', 'gateway', '65.00'],
  ]);
});

test('on_order captures an authorized order at once; its cancel refunds the capture through the gateway, once', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const payload = { ...orderPayload({ sku, quantity: 3, unitPrice: '20.00', channel: onOrder }), payment: { status: 'authorized', reference: 'auth-now' } };
  const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  const labelled = await eventually(async () => {
    const order = await orderOf(orderId);
    expect(order.fulfillmentStatus).toBe('label_created');
    return order;
  });
  expect(labelled).toMatchObject({ paymentStatus: 'paid', paymentReference: 'auth-now', payment: { capturePolicy: 'on_order' } });
  const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'fraud' });
  expect(res.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  const ops = gatewayCalls(orderId).map((c) => [c.operation, (c.body as { amount?: string }).amount]);
  expect(ops).toEqual([
    ['capture', '65.00'],
    ['refund', '65.00'],
  ]);
  expect(t.sim.state.journal.list({ orderId, operation: 'createRefund' })).toEqual([]);
});

test("today's paid and pending shapes stay valid; a malformed transaction amount is a 400 naming the field", async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const bad = { ...orderPayload({ sku }), payment: { status: 'authorized', transactions: [{ kind: 'authorization', amount: '1.234' }] } };
  const res = await t.api.post('/api/v1/orders').send(bad);
  expect(res.status).toBe(400);
  expect(res.body.fields).toEqual([expect.objectContaining({ field: 'body.payment.transactions.0.amount' })]);
  const unknownKind = { ...orderPayload({ sku }), payment: { status: 'authorized', transactions: [{ kind: 'refund', amount: '1.00' }] } };
  expect((await t.api.post('/api/v1/orders').send(unknownKind)).status).toBe(400);
});
