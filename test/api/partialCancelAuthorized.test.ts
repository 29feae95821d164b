// Issue 13: partial cancel of an order paid through the payment gateway, on the real stack. Before
// its capture a unit's share is released from the authorization (the parcels capture only what is
// left); after capture it is refunded through the gateway, once per cancel request. The simulated
// gateway knows the authorization's amount (the channel's checkout made it) and refuses a capture
// beyond the reduced authorization or a refund beyond what was captured: no call is refused here.
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { orderRequests, raceHub } from '../support/orderRequests';
import { pauseOrderWorkerWhenIdle } from '../support/orderWorkerPause';
import type { TestHub } from '../support/testHub';

const { hub } = raceHub();
const { send, pause } = orderRequests(hub);
let t: TestHub;
const onShipment = `pcauth-ship-${Date.now().toString(36)}`;
const onOrder = `pcauth-now-${Date.now().toString(36)}`;
beforeAll(async () => {
  t = hub();
  await t.hub.db.channel.create({ data: { id: onShipment, name: 'Captures at shipment', kind: 'webstore', capturePolicy: 'on_shipment' } });
  await t.hub.db.channel.create({ data: { id: onOrder, name: 'Captures at once', kind: 'webstore' } });
});

const orderOf = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
/** Every call of the payment gateway for the order that reached its business logic (faults and replays left out). */
const gatewayCalls = (orderId: string) => t.sim.state.journal.list({ orderId, system: 'gateway' }).filter((c) => !c.duplicate && !c.faulted);
const amountOf = (c: { body: unknown }) => (c.body as { amount: string }).amount;
const cents = (amount: string) => Math.round(Number(amount) * 100);

/** An authorized order whose authorization the simulated gateway knows (as the channel's checkout made it). */
async function authorizedOrder(channel: string, stock: Record<string, number>, reference: string, totalMinor: number, line: object = {}) {
  t.sim.state.gatewayAuthorizations.authorize(reference, totalMinor, 'USD');
  const sku = await createSku(t.hub.db, stock);
  const base = orderPayload({ sku, quantity: 3, unitPrice: '20.00', channel });
  const payload = { ...base, lines: [{ ...base.lines[0]!, ...line }], payment: { status: 'authorized', reference } };
  const created = await t.api.post('/api/v1/orders').send(payload);
  expect(created.status).toBe(202);
  return { orderId: created.body.orderId as string, workflowId: created.body.workflowId as string, sku };
}

test('on_shipment, 3 units in two parcels: 1 unit cancelled before dispatch releases its share with tax; the two captures sum to the total less the share', async () => {
  // 3 x 20.00 with 6.01 of tax and 5.00 shipping: 71.01. The first unit cancelled takes 2.01 of the tax (largest remainder).
  const { orderId, sku } = await authorizedOrder(onShipment, { 'WH-EAST': 1, 'WH-WEST': 2 }, 'auth-pc-release', 7101, {
    taxLines: [{ title: 'VAT', rate: '0.10', amount: '6.01' }],
  });
  await eventually(async () => {
    const order = await orderOf(orderId);
    expect(order.shipments).toHaveLength(2);
    for (const s of order.shipments) expect(s.trackingNumber).toBeTruthy();
  });
  const res = await t.api
    .post(`/api/v1/orders/${orderId}/cancel`)
    .set('Idempotency-Key', `pc-release-${orderId}`)
    .send({ lines: [{ sku, quantity: 1, reason: 'customer asked' }] });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'fulfilling', paymentStatus: 'authorized' });
  expect(res.body.lines).toEqual([expect.objectContaining({ lineNo: 1, cancelledQuantity: 1, refunded: '22.01' })]);

  const releases = gatewayCalls(orderId).filter((c) => c.operation === 'release');
  expect(releases.map((c) => [c.status, amountOf(c)])).toEqual([[201, '22.01']]);
  expect(releases[0]!.idempotencyKey).toMatch(new RegExp(`^${orderId}:gateway\\.release\\..*pc-release-${orderId}$`));
  expect(
    t.sim.state.journal
      .list({ orderId, operation: 'createCreditNote' })
      .filter((c) => c.status < 300 && !c.duplicate)
      .map((c) => (c.body as { amount: string }).amount),
  ).toEqual(['22.01']);

  // One unit's stock released from the parcel of two (the last location first): one unit in each parcel now.
  expect([await stockAt(t.hub.db, sku, 'WH-EAST'), await stockAt(t.hub.db, sku, 'WH-WEST')]).toEqual([
    { onHand: 1, reserved: 1 },
    { onHand: 2, reserved: 1 },
  ]);
  // Both parcels leave: they capture what is left of the authorization.
  const labelled = await orderOf(orderId);
  for (const s of labelled.shipments as { trackingNumber: string }[]) await t.api.post('/api/v1/carrier/events').send({ trackingNumber: s.trackingNumber, type: 'dispatched' });
  const shipped = await eventually(async () => {
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: 'shipped', paymentStatus: 'paid' });
    return order;
  });
  const captures = gatewayCalls(orderId).filter((c) => c.operation === 'capture');
  expect(captures.map((c) => [c.status, amountOf(c)])).toEqual([
    [201, '24.50'],
    [201, '24.50'],
  ]);
  expect(captures.reduce((sum, c) => sum + cents(amountOf(c)), 0)).toBe(7101 - 2201);
  expect(gatewayCalls(orderId).filter((c) => c.status >= 300)).toEqual([]);
  expect(gatewayCalls(orderId).filter((c) => c.operation === 'refund' || c.operation === 'void')).toEqual([]);
  expect(t.sim.state.gatewayAuthorizations.find('auth-pc-release')).toMatchObject({ authorizedMinor: 7101, releasedMinor: 2201, capturedMinor: 4900, refundedMinor: 0 });
  expect(shipped.payment.transactions.filter((x: { source: string }) => x.source === 'gateway').map((x: { kind: string; amount: string }) => [x.kind, x.amount])).toEqual([
    ['void', '22.01'],
    ['capture', '24.50'],
    ['capture', '24.50'],
  ]);
  expect(await stockAt(t.hub.db, sku, 'WH-WEST')).toEqual({ onHand: 1, reserved: 0 });
});

test('on_order (captured at once): each partial cancel refunds its share once through the gateway, a retry refunds nothing, the full cancel the rest', async () => {
  // 3 x 20.00 + 5.00 = 65.00, captured at the payment step.
  const { orderId } = await authorizedOrder(onOrder, { 'WH-EAST': 3 }, 'auth-pc-refund', 6500);
  await eventually(async () => expect(await orderOf(orderId)).toMatchObject({ fulfillmentStatus: 'label_created', paymentStatus: 'paid' }));
  const cancelOne = (key: string) =>
    t.api
      .post(`/api/v1/orders/${orderId}/cancel`)
      .set('Idempotency-Key', key)
      .send({ lines: [{ lineId: 1, quantity: 1, reason: 'customer asked' }] });
  const first = await cancelOne(`pc-a-${orderId}`);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ status: 'fulfilling', paymentStatus: 'partially_refunded' });
  // The same request again (same Idempotency-Key): the stored answer, no second refund.
  expect((await cancelOne(`pc-a-${orderId}`)).status).toBe(200);
  // Another request: another unit, another refund (its own key).
  expect((await cancelOne(`pc-b-${orderId}`)).status).toBe(200);
  const full = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'all of it' });
  expect(full.status).toBe(200);
  expect(full.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });

  const calls = gatewayCalls(orderId);
  expect(calls.filter((c) => c.status >= 300)).toEqual([]);
  expect(calls.map((c) => [c.operation, amountOf(c)])).toEqual([
    ['capture', '65.00'],
    ['refund', '20.00'],
    ['refund', '20.00'],
    ['refund', '25.00'],
  ]);
  const refundKeys = calls.filter((c) => c.operation === 'refund').map((c) => c.idempotencyKey);
  expect(refundKeys[0]).toMatch(new RegExp(`^${orderId}:gateway\\.refund\\.partial\\..*pc-a-${orderId}$`));
  expect(refundKeys[1]).toMatch(new RegExp(`^${orderId}:gateway\\.refund\\.partial\\..*pc-b-${orderId}$`));
  expect(refundKeys[2]).toBe(`${orderId}:gateway.refund`);
  expect(t.sim.state.gatewayAuthorizations.find('auth-pc-refund')).toMatchObject({ capturedMinor: 6500, refundedMinor: 6500, releasedMinor: 0 });
  // Nothing went back through the channel: the gateway captured it all.
  expect(
    t.sim.state.journal.list({ orderId, operation: 'createRefund' }).filter((c) => (c.body as { refund: { transactions: unknown[] } }).refund.transactions.length > 0),
  ).toEqual([]);
});

test('on_shipment, a partial cancel then a full cancel in the same workflow task: the share released (or voided with the rest), never captured, nothing refused but a release the void overtook', async () => {
  const { orderId, workflowId, sku } = await authorizedOrder(onShipment, { 'WH-EAST': 3 }, 'auth-pc-race', 6500);
  await eventually(async () => expect((await orderOf(orderId)).fulfillmentStatus).toBe('label_created'));
  const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
  const partial = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'one less', lines: [{ lineId: 1, quantity: 1 }] }));
  await pause(1500);
  const full = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'all of it' }));
  await pause(1500);
  await paused.resume();
  const [p, f] = await Promise.all([partial, full]);
  expect(p.status).toBe(200);
  expect(f.status).toBe(200);
  expect(f.body).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
  const calls = gatewayCalls(orderId);
  // The release (20.00) and the void of the rest (45.00) race at the gateway: a void that lands first makes the release a 409, and the void released it.
  expect(calls.filter((c) => c.status >= 300).map((c) => [c.operation, c.status])).toEqual(
    calls.some((c) => c.operation === 'release' && c.status === 409) ? [['release', 409]] : [],
  );
  expect(
    calls
      .filter((c) => c.status < 300)
      .map((c) => c.operation)
      .sort(),
  ).toEqual(calls.some((c) => c.operation === 'release' && c.status < 300) ? ['release', 'void'] : ['void']);
  expect(t.sim.state.gatewayAuthorizations.find('auth-pc-race')).toMatchObject({ voided: true, capturedMinor: 0, refundedMinor: 0 });
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
  expect((await orderOf(orderId)).holds.filter((h: { releasedAt?: string }) => !h.releasedAt)).toEqual([]);
});
