// Issue 18 acceptance, on the real stack (Temporal, PostgreSQL, the simulators): a delivered order
// of 3 units paid through the gateway (3 x 20.00, 6.01 tax on the line, 5.00 shipping: 71.01) is
// sent back in two returns through the return workflow: label, parcel scan, receipt, restock,
// refund, credit note, channel notice. Then a gateway outage during a return's refund (needs_attention,
// an operator's retry, refunded once) and a return that never ships (expired).
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { recordPlatformRefunds } from '../../src/channels/platformRefunds';
import { openReturn } from '../../src/api/returns/openReturn';
import { createReturnStarter } from '../../src/api/returns/returnStarter';
import { returnWorkflowId } from '../../src/domain/ids';
import { restockReturn } from '../../src/activities/returns/returnRestock';
import { recordReturnReceipt } from '../../src/activities/returns/returnReceipt';

let t: TestHub;
const channel = `retflow-${Date.now().toString(36)}`;
// Short enough for the expiry test; the other returns are scanned well before it.
const EXPIRY_MS = 20_000;

beforeAll(async () => {
  t = await startTestHub({ returnExpiryMs: EXPIRY_MS, partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 500, budgetMs: 2_000 } });
  await t.hub.db.channel.create({ data: { id: channel, name: 'Returns flow', kind: 'webstore' } });
});
afterEach(() => t.sim.state.faults.reset());
afterAll(async () => {
  await t?.stop();
});

const calls = (orderId: string, system: string, operation: string) =>
  t.sim.state.journal.list({ orderId, system }).filter((c) => c.operation === operation && !c.duplicate && !c.faulted && c.status < 300);
const amount = (c: { body: unknown }) => (c.body as { amount: string }).amount;

/** Placed, captured at once through the gateway, both events of its parcel reported: delivered. */
async function deliveredOrder(reference: string): Promise<{ orderId: string; sku: string }> {
  t.sim.state.gatewayAuthorizations.authorize(reference, 7101, 'USD');
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const base = orderPayload({ sku, quantity: 3, unitPrice: '20.00', channel });
  const payload = { ...base, lines: [{ ...base.lines[0]!, taxLines: [{ title: 'VAT', rate: '0.10', amount: '6.01' }] }], payment: { status: 'authorized', reference } };
  const created = await t.api.post('/api/v1/orders').send(payload);
  expect(created.status).toBe(202);
  const orderId = created.body.orderId as string;
  const labelled = await eventually(async () => {
    const o = (await t.api.get(`/api/v1/orders/${orderId}`)).body;
    expect(o).toMatchObject({ paymentStatus: 'paid' });
    expect(o.shipments[0]?.trackingNumber).toBeTruthy();
    return o;
  });
  for (const type of ['dispatched', 'delivered']) {
    await t.api.post('/api/v1/carrier/events').send({ trackingNumber: labelled.shipments[0].trackingNumber, type }).expect(202);
  }
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body).toMatchObject({ status: 'delivered' }));
  return { orderId, sku };
}

/** Opens a return and waits for its label; the parcel's first scan goes through the carrier webhook like the simulator's. */
async function openAndShip(orderId: string, quantity: number): Promise<string> {
  const opened = await t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity, reason: 'too big' }] });
  expect(opened.status).toBe(201);
  const returnId = opened.body.returnId as string;
  const labelled = await eventually(async () => {
    const r = (await t.api.get(`/api/v1/returns/${returnId}`)).body;
    expect(r).toMatchObject({ status: 'label_issued', trackingNumber: expect.any(String) });
    return r;
  });
  const scan = await t.api.post('/api/v1/carrier/events').send({ trackingNumber: labelled.trackingNumber, shipmentId: returnId, type: 'dispatched' });
  expect(scan.status).toBe(202);
  expect(scan.body).toMatchObject({ accepted: true, returnId });
  await eventually(async () => expect((await t.api.get(`/api/v1/returns/${returnId}`)).body.status).toBe('in_transit'));
  return returnId;
}

const settled = (returnId: string, status = 'refunded') =>
  eventually(async () => {
    const r = (await t.api.get(`/api/v1/returns/${returnId}`)).body;
    expect(r.status).toBe(status);
    return r;
  });

test('3 units come back in two returns: restocked when resellable, refunded to the cent, one credit note and one channel notice each, the order partially_returned then returned', async () => {
  const { orderId, sku } = await deliveredOrder('auth-ret-flow');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 0, reserved: 0 });

  const first = await openAndShip(orderId, 1);
  // More than the return asked for: 409 naming the quantity; a line it does not have: 400 naming the line.
  const over = await t.api.post(`/api/v1/returns/${first}/receipt`).send({ lines: [{ lineId: 1, quantity: 2, condition: 'resellable' }] });
  expect(over.status).toBe(409);
  expect(over.body.fields[0].field).toBe('body.lines.0.quantity');
  const wrongLine = await t.api.post(`/api/v1/returns/${first}/receipt`).send({ lines: [{ lineId: 7, quantity: 1, condition: 'resellable' }] });
  expect(wrongLine.status).toBe(400);
  const received = await t.api.post(`/api/v1/returns/${first}/receipt`).send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }], locationId: 'WH-EAST' });
  expect(received.status).toBe(200);
  expect(received.body).toMatchObject({ receivedAt: expect.any(String), locationId: 'WH-EAST' });
  // The same receipt again: the return was received already.
  expect((await t.api.post(`/api/v1/returns/${first}/receipt`).send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }] })).status).toBe(409);
  // The first unit's share: 20.00 and 2.01 of the tax (largest remainder, as partial cancel).
  expect(await settled(first)).toMatchObject({ refund: '22.01', lines: [expect.objectContaining({ receivedResellable: 1, receivedDamaged: 0, refund: '22.01' })] });
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect(await t.hub.db.stockLedgerEntry.count({ where: { sku, reason: 'return' } })).toBe(1);
  // The activities again, as a retry after a lost answer runs them: the stored receipt, no second ledger row.
  const noEvents = { reserved: async () => undefined, changed: async () => undefined };
  expect(await restockReturn(t.hub.db, noEvents, first)).toBe(0);
  expect(await recordReturnReceipt(t.hub.db, first, { lines: [{ lineNo: 1, resellable: 0, damaged: 1 }], receivedBy: 'retry' })).toMatchObject({
    refundMinor: 2201,
    lines: [expect.objectContaining({ resellable: 1, damaged: 0 })],
  });
  expect(await t.hub.db.stockLedgerEntry.count({ where: { sku, reason: 'return' } })).toBe(1);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect((await t.api.get(`/api/v1/orders/${orderId}`)).body).toMatchObject({
    status: 'partially_returned',
    returns: [expect.objectContaining({ returnId: first, status: 'refunded' })],
  });

  const second = await openAndShip(orderId, 2);
  await t.api
    .post(`/api/v1/returns/${second}/receipt`)
    .send({
      lines: [
        { lineId: 1, quantity: 1, condition: 'resellable' },
        { lineId: 1, quantity: 1, condition: 'damaged' },
      ],
    })
    .expect(200);
  // The other two units (40.00 and 4.00 of the tax) and the shipping with the last unit (with_last_unit).
  expect(await settled(second)).toMatchObject({ refund: '49.00', shippingRefunded: true });
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body).toMatchObject({ status: 'returned', paymentStatus: 'refunded' }));
  // Only the resellable unit went back on hand (received where the parcel shipped from).
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 2, reserved: 0 });

  const refunds = calls(orderId, 'gateway', 'refund');
  expect(refunds.map(amount)).toEqual(['22.01', '49.00']);
  expect(t.sim.state.gatewayAuthorizations.find('auth-ret-flow')).toMatchObject({ capturedMinor: 7101, refundedMinor: 7101 });
  await eventually(async () => {
    expect(calls(orderId, 'erp', 'createCreditNote').map(amount)).toEqual(['22.01', '49.00']);
    expect(calls(orderId, 'channel', 'recordReturn').map((c) => (c.body as { returnId: string }).returnId)).toEqual([first, second]);
  });
  // No refund through the channel: the gateway took the money.
  expect(calls(orderId, 'channel', 'createRefund')).toEqual([]);
});

test('a gateway outage during the refund: needs_attention naming the step, an operator retry, refunded once', async () => {
  const { orderId } = await deliveredOrder('auth-ret-outage');
  const returnId = await openAndShip(orderId, 1);
  t.sim.state.faults.apply({ gateway: { failureRate: 1, status: 503 } });
  await t.api
    .post(`/api/v1/returns/${returnId}/receipt`)
    .send({ lines: [{ lineId: 1, quantity: 1, condition: 'damaged' }] })
    .expect(200);
  const stuck = await settled(returnId, 'needs_attention');
  expect(stuck.attentionReason).toMatch(/^gateway: return refund failed/);
  // Nothing to retry by another name.
  expect((await t.api.post(`/api/v1/returns/${returnId}/retry`).send({ step: 'return label' })).status).toBe(409);

  t.sim.state.faults.reset();
  const retried = await t.api.post(`/api/v1/returns/${returnId}/retry`).send({});
  expect(retried.status).toBe(200);
  expect(await settled(returnId)).toMatchObject({ refund: '22.01', attentionReason: null });
  expect(calls(orderId, 'gateway', 'refund').map(amount)).toEqual(['22.01']);
  expect(t.sim.state.gatewayAuthorizations.find('auth-ret-outage')).toMatchObject({ refundedMinor: 2201 });
  // Damaged: refunded, not restocked.
  expect(await t.hub.db.stockLedgerEntry.count({ where: { reason: 'return', note: { contains: returnId } } })).toBe(0);
});

test('a return whose parcel never ships expires: its units may be returned again, its label is voided', async () => {
  const { orderId } = await deliveredOrder('auth-ret-expiry');
  const opened = await t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity: 3 }] });
  expect(opened.status).toBe(201);
  const returnId = opened.body.returnId as string;
  // While it holds the units, none is left to return.
  expect((await t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity: 1 }] })).status).toBe(409);
  await eventually(async () => expect((await t.api.get(`/api/v1/returns/${returnId}`)).body.status).toBe('expired'), EXPIRY_MS + 30_000, 500);
  expect((await t.api.post(`/api/v1/returns/${returnId}/receipt`).send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }] })).status).toBe(409);
  await eventually(async () => expect(calls(orderId, 'carrier', 'voidShipment')).toHaveLength(1));
  expect((await t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity: 3 }] })).status).toBe(201);
  expect(calls(orderId, 'gateway', 'refund')).toEqual([]);
}, 90_000);

test('a refund the platform made on its own pays the return first: the hub refunds only the rest, never twice', async () => {
  const { orderId } = await deliveredOrder('auth-ret-platform');
  // The customer was refunded 30.00 on the platform itself (a Shopify refunds/create, an eBay refund): recorded as the order's channel refund.
  await recordPlatformRefunds(t.hub.db, orderId, 'USD', [{ id: `plat-${orderId}`, amount: '30.00' }]);
  const first = await openAndShip(orderId, 1);
  await t.api
    .post(`/api/v1/returns/${first}/receipt`)
    .send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }] })
    .expect(200);
  // Its 22.01 share is covered by the platform's 30.00: received, nothing paid by the hub.
  expect(await settled(first, 'closed')).toMatchObject({ refund: '22.01' });
  const second = await openAndShip(orderId, 1);
  await t.api
    .post(`/api/v1/returns/${second}/receipt`)
    .send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }] })
    .expect(200);
  // The second unit's 22.00 share: 7.99 was left of the platform's refund, the hub pays 14.01.
  expect(await settled(second)).toMatchObject({ refund: '22.00' });
  expect(calls(orderId, 'gateway', 'refund').map(amount)).toEqual(['14.01']);
});

test('a return whose workflow start was lost (a crash after the commit) is started by the sweeper, once', async () => {
  const { orderId } = await deliveredOrder('auth-ret-sweep');
  // Opened without the API's start, as if the process died right after the commit.
  const opened = await openReturn(t.hub.db, { orderId, lines: [{ lineId: 1, quantity: 1 }], requestedBy: 'test', now: new Date() });
  if (!('returnId' in opened)) throw new Error('not opened');
  await t.hub.db.return.update({ where: { id: opened.returnId }, data: { createdAt: new Date(Date.now() - 60_000) } });
  const starter = createReturnStarter({ db: t.hub.db, temporal: t.hub.temporal, taskQueue: t.taskQueue, orderOptions: {}, expiryMs: EXPIRY_MS });
  // This hub's own sweeper may get there first: either way the row is marked and the workflow runs.
  await starter.sweep();
  expect((await t.hub.db.return.findUniqueOrThrow({ where: { id: opened.returnId } })).workflowStartedAt).not.toBeNull();
  await eventually(async () => expect((await t.api.get(`/api/v1/returns/${opened.returnId}`)).body.status).toBe('label_issued'));
  // Started again (a second sweeper that read the row before the mark): refused by the workflow id, nothing new runs.
  await t.hub.db.return.update({ where: { id: opened.returnId }, data: { workflowStartedAt: null } });
  await starter.start(opened.returnId);
  await eventually(async () => {
    const runs = [];
    for await (const w of t.hub.temporal.workflow.list({ query: `WorkflowId = '${returnWorkflowId(opened.returnId)}'` })) runs.push(w.runId);
    expect(runs).toHaveLength(1);
  });
  expect(calls(orderId, 'carrier', 'createShipment').filter((c) => (c.body as { direction?: string }).direction === 'return')).toHaveLength(1);
});
