import { createSku, orderPayload, stockAt } from '../support/fixtures';
import { orderRequests, raceHub } from '../support/orderRequests';
import { pauseOrderWorkerWhenIdle } from '../support/orderWorkerPause';
import type { TestHub } from '../support/testHub';

// Partial cancel on the real stack (PostgreSQL, Temporal, simulators): the units that have not left
// are cancelled, exactly their stock released, their share refunded and credited once, the channel
// told, the rest ships; and the races with a dispatch or a full cancel, interleaved on purpose.
const { hub } = raceHub();
const { order, waitFor, send, okCalls, pause } = orderRequests(hub);
let t: TestHub;
beforeEach(() => {
  t = hub();
});

/** 3 units of 25.00, 5.00 shipping (80.00 paid), one parcel from WH-EAST, labelled. */
async function labelledOrder() {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const payload = orderPayload({ sku, quantity: 3, unitPrice: '25.00', shippingPrice: '5.00' });
  const { orderId, workflowId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  const labelled = await waitFor(orderId, (o) => o.fulfillmentStatus === 'label_created');
  return { orderId, workflowId: workflowId as string, sku, trackingNumber: (labelled.shipments as { trackingNumber: string }[])[0]!.trackingNumber };
}

test("1 of 3 units of a discounted, taxed line: the refund and the credit note are that unit's share, tax included", async () => {
  // 3 x 25.00 with a 1.00 line discount and 4.50 of tax for the line: the first unit cancelled
  // takes 0.34 of the discount (largest remainder: 0.34 / 0.33 / 0.33) and 1.50 of the tax.
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const base = orderPayload({ sku, quantity: 3, unitPrice: '25.00', shippingPrice: '5.00' });
  const payload = {
    ...base,
    lines: [{ ...base.lines[0]!, discounts: [{ code: 'ONEOFF', amount: '1.00' }], taxLines: [{ title: 'State tax', rate: '0.06', amount: '4.50' }] }],
    channelTotals: { total: '83.50', tax: '4.50', discounts: '1.00' },
  };
  const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  const labelled = await waitFor(orderId, (o) => o.fulfillmentStatus === 'label_created');
  expect(labelled).toMatchObject({ total: '83.50', holds: [] });
  const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ lines: [{ sku, quantity: 1, reason: 'customer asked' }] });
  expect(res.status).toBe(200);
  expect(res.body.lines).toEqual([expect.objectContaining({ lineNo: 1, cancelledQuantity: 1, refunded: '26.16' })]);
  const moneyBack = okCalls(orderId, 'createRefund').flatMap((c) => (c.body as { refund: { transactions: { amount: string }[] } }).refund.transactions.map((x) => x.amount));
  expect(moneyBack).toEqual(['26.16']);
  expect(okCalls(orderId, 'createCreditNote').map((c) => c.body)).toEqual([
    expect.objectContaining({ amount: '26.16', tax: '1.50', discounts: '0.34', partial: true, lines: [expect.objectContaining({ quantity: 1, total: '26.16' })] }),
  ]);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 2 });
});

test('1 of 3 units: that unit refunded and credited, one unit of stock released, the channel told, the other two ship', async () => {
  const { orderId, sku, trackingNumber } = await labelledOrder();
  const res = await t.api
    .post(`/api/v1/orders/${orderId}/cancel`)
    .set('Idempotency-Key', `pc-${orderId}`)
    .send({ lines: [{ lineId: 1, quantity: 1, reason: 'customer asked' }] });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'fulfilling', paymentStatus: 'paid' });
  expect(res.body.lines).toEqual([expect.objectContaining({ lineNo: 1, quantity: 3, cancelledQuantity: 1, refunded: '25.00' })]);
  expect(res.body.partialRefunds).toEqual([
    expect.objectContaining({ amount: '25.00', tax: '0.00', reason: 'customer asked', lines: [{ lineNo: 1, sku, quantity: 1, amount: '25.00' }] }),
  ]);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 2 });

  const refunds = okCalls(orderId, 'createRefund').map((c) => c.body as { refund: Record<string, unknown> });
  // The money (a refund transaction) and the channel's line cancellation (refund_line_items, no money).
  expect(refunds).toEqual(
    expect.arrayContaining([
      { refund: expect.objectContaining({ transactions: [{ kind: 'refund', amount: '25.00' }] }) },
      { refund: expect.objectContaining({ transactions: [], refund_line_items: [{ sku, quantity: 1, restock_type: 'cancel' }] }) },
    ]),
  );
  expect(refunds).toHaveLength(2);
  expect(okCalls(orderId, 'createCreditNote').map((c) => c.body)).toEqual([
    expect.objectContaining({ amount: '25.00', partial: true, tax: '0.00', lines: [expect.objectContaining({ lineNo: 1, sku, quantity: 1, unitPrice: '25.00', total: '25.00' })] }),
  ]);

  // The same request again (same Idempotency-Key): the stored answer, nothing twice.
  const again = await t.api
    .post(`/api/v1/orders/${orderId}/cancel`)
    .set('Idempotency-Key', `pc-${orderId}`)
    .send({ lines: [{ lineId: 1, quantity: 1, reason: 'customer asked' }] });
  expect(again.status).toBe(200);
  expect(okCalls(orderId, 'createRefund')).toHaveLength(2);

  // The label for 3 was voided and one for 2 bought; the old label's events change nothing.
  const relabelled = await order(orderId);
  const newTracking = relabelled.shipments[0].trackingNumber as string;
  expect(newTracking).not.toBe(trackingNumber);
  expect(okCalls(orderId, 'createShipment').at(-1)!.body).toMatchObject({ items: [{ sku, quantity: 2 }] });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: newTracking, type: 'dispatched' });
  await waitFor(orderId, (o) => o.status === 'shipped');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: newTracking, type: 'delivered' });
  const delivered = await waitFor(orderId, (o) => o.status === 'delivered');
  expect(delivered.paymentStatus).toBe('paid');
  expect(okCalls(orderId, 'createRefund')).toHaveLength(2);
});

test('refused with the field named: an unknown line (400), more units than are left (409), both lineId and sku (400)', async () => {
  const { orderId, sku } = await labelledOrder();
  const unknown = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'x', lines: [{ lineId: 4, quantity: 1 }] });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toContain('lines[0].lineId');
  const tooMany = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'x', lines: [{ sku, quantity: 4 }] });
  expect(tooMany.status).toBe(409);
  expect(tooMany.body.message).toContain('lines[0].quantity');
  const both = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'x', lines: [{ lineId: 1, sku, quantity: 1 }] });
  expect(both.status).toBe(400);
  expect(JSON.stringify(both.body)).toContain('lines');
  expect(okCalls(orderId, 'createRefund')).toHaveLength(0);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 3 });
});

test('dispatch and partial cancel in one workflow task, the dispatch first: the cancel is refused (409) and all 3 units ship', async () => {
  const { orderId, workflowId, sku, trackingNumber } = await labelledOrder();
  const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
  expect((await t.api.post('/api/v1/carrier/events').send({ trackingNumber, type: 'dispatched' })).status).toBe(202);
  const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'late', lines: [{ lineId: 1, quantity: 1 }] }));
  await pause(1500);
  await paused.resume();
  const refused = await cancelling;
  expect(refused.status).toBe(409);
  expect(refused.body.message).toContain('lines[0].quantity');
  await waitFor(orderId, (o) => o.status === 'shipped');
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 2, reserved: 0 });
  expect(okCalls(orderId, 'createRefund')).toHaveLength(0);
  expect(okCalls(orderId, 'createCreditNote')).toHaveLength(0);
});

test('partial cancel, then a full cancel in the same workflow task: the full cancel gives back only the rest', async () => {
  const { orderId, workflowId, sku } = await labelledOrder();
  const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
  const partial = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'one less', lines: [{ lineId: 1, quantity: 1 }] }));
  await pause(1500);
  const full = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'all of it' }));
  await pause(1500);
  await paused.resume();
  const [p, f] = await Promise.all([partial, full]);
  expect(p.status).toBe(200);
  expect(f.status).toBe(200);
  expect(f.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  const amounts = okCalls(orderId, 'createRefund')
    .map((c) => (c.body as { refund: { transactions: { amount: string }[] } }).refund.transactions[0]?.amount)
    .filter(Boolean);
  expect(amounts.sort()).toEqual(['25.00', '55.00']);
  expect(
    okCalls(orderId, 'createCreditNote')
      .map((c) => (c.body as { amount: string }).amount)
      .sort(),
  ).toEqual(['25.00', '55.00']);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 0 });
});

test('a full cancel first, the partial cancel in the same workflow task: the partial is refused with 409 cancel_in_progress', async () => {
  const { orderId, workflowId, sku } = await labelledOrder();
  const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
  const full = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'all of it' }));
  await pause(1500);
  const partial = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'one less', lines: [{ lineId: 1, quantity: 1 }] }));
  await pause(1500);
  await paused.resume();
  const [f, p] = await Promise.all([full, partial]);
  expect(f.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(p.status).toBe(409);
  expect(['cancel_in_progress', 'invalid_order_state', 'order_closed']).toContain(p.body.error);
  const amounts = okCalls(orderId, 'createRefund').map((c) => (c.body as { refund: { transactions: { amount: string }[] } }).refund.transactions[0]?.amount);
  expect(amounts).toEqual(['80.00']);
  expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 0 });
});
