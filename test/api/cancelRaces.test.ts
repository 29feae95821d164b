import type { Response } from 'supertest';
import { orderStateQuery } from '../../src/workflows/messages';
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { orderRequests, raceHub } from '../support/orderRequests';
import { pauseOrderWorkerWhenIdle } from '../support/orderWorkerPause';
import type { TestHub } from '../support/testHub';

// A cancel meeting a payment or an address correction, interleaved on purpose: messages held back
// while the order worker is stopped land in one workflow task; a partner outage keeps a
// compensation (or a relabel) running while the other request arrives.
const { hub } = raceHub();
const { waitFor, send, okCalls, pause } = orderRequests(hub);
let t: TestHub;
beforeEach(() => {
  t = hub();
});
/** The answer if it comes within `ms`, else undefined: a request the workflow should refuse at once must not wait. */
async function within(answer: Promise<Response>, ms: number): Promise<Response | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([answer, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function unpaidOrder(amount: string) {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const payload = orderPayload({ sku, unitPrice: amount, shippingPrice: '0', paid: false });
  const { orderId, workflowId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  await waitFor(orderId, (o) => o.status === 'awaiting_payment');
  return { orderId, workflowId: workflowId as string, sku, externalId: payload.externalId };
}

async function labelledOrder() {
  const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
  const payload = orderPayload({ sku, unitPrice: '25.00', shippingPrice: '0' });
  const { orderId, workflowId } = (await t.api.post('/api/v1/orders').send(payload)).body;
  const labelled = await waitFor(orderId, (o) => o.fulfillmentStatus === 'label_created');
  const trackingNumber = (labelled.shipments as { trackingNumber: string }[])[0]!.trackingNumber;
  return { orderId, workflowId: workflowId as string, sku, payload, trackingNumber };
}

/**
 * Waits until the first request of a pair has reached the order (with no worker polling, Temporal
 * then holds a workflow task for it), so the second one is sequenced after it.
 */
async function untilDelivered(workflowId: string): Promise<void> {
  const handle = t.hub.temporal.workflow.getHandle(workflowId);
  await eventually(async () => expect((await handle.describe()).raw.pendingWorkflowTask).toBeTruthy(), 10_000, 50);
}

/** The payment and cancel updates the order accepted, each with the event ID after which Temporal sequenced it: equal IDs, one workflow task. */
async function acceptedUpdates(workflowId: string): Promise<{ name: string; sequencedAfter: string }[]> {
  const history = await t.hub.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    const name = a?.acceptedRequest?.input?.name ?? '';
    return a && name !== 'acceptOrder' ? [{ name, sequencedAfter: String(a.acceptedRequestSequencingEventId) }] : [];
  });
}

describe('payment meets cancel', () => {
  test('payment first, cancel in the same workflow task: the payment is booked and the cancellation refunds it', async () => {
    const { orderId, workflowId, sku } = await unpaidOrder('10.00');
    // Paused with the order idle: a workflow task that appears after this is the first request's.
    const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
    const paying = send(t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '10.00', currency: 'USD', reference: 'psp-race-1' }));
    await untilDelivered(workflowId);
    const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    // The API reads the order before it calls Temporal: time for the second request to get there too.
    await pause(1500);
    await paused.resume();
    const [paid, cancelled] = await Promise.all([paying, cancelling]);

    const accepted = await acceptedUpdates(workflowId);
    expect(accepted.map((u) => u.name)).toEqual(['recordPayment', 'cancelOrder']);
    expect(accepted[0]!.sequencedAfter).toBe(accepted[1]!.sequencedAfter);

    expect(paid.status).toBe(200);
    expect(paid.body.paymentReference).toBe('psp-race-1');
    expect(['paid', 'refunded']).toContain(paid.body.paymentStatus);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded', cancelReason: 'customer request' });
    expect(cancelled.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['paid', 'cancelled']));
    const refunds = okCalls(orderId, 'createRefund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.body).toMatchObject({ refund: { currency: 'USD', transactions: [{ kind: 'refund', amount: '10.00' }] } });
    expect(await stockAt(t.hub.db, sku, 'WH-EAST')).toEqual({ onHand: 3, reserved: 0 });
  });

  test('cancel first, payment in the same workflow task: the payment is refused with 409 cancel_in_progress and nothing is refunded', async () => {
    const { orderId, workflowId } = await unpaidOrder('11.00');
    // Paused with the order idle: a workflow task that appears after this is the first request's.
    const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
    const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    await untilDelivered(workflowId);
    const paying = send(t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '11.00', currency: 'USD', reference: 'psp-race-2' }));
    await pause(1500);
    await paused.resume();
    const [cancelled, refused] = await Promise.all([cancelling, paying]);

    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('cancel_in_progress');
    expect((await acceptedUpdates(workflowId)).map((u) => u.name)).toEqual(['cancelOrder']);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', paymentStatus: 'pending' });
    expect(t.sim.state.journal.list({ orderId, operation: 'createRefund' })).toHaveLength(0);
  });

  test('a payment while the cancel is still compensating (channel down) is refused at once with 409 cancel_in_progress', async () => {
    const { orderId, externalId } = await unpaidOrder('12.00');
    // The channel is down: the cancel's notice to it keeps retrying, so the cancellation is still running.
    t.sim.state.faults.apply({ channel: { failureRate: 1, status: 503 } });
    const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    await eventually(async () => {
      const notices = t.sim.state.journal.list({ operation: 'cancelOrder' }).filter((c) => c.path.includes(externalId));
      expect(notices.some((c) => c.faulted)).toBe(true);
    });
    const refused = await within(send(t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '12.00', currency: 'USD', reference: 'psp-late' })), 10_000);
    t.sim.state.faults.reset();
    expect(refused?.status).toBe(409);
    expect(refused?.body.error).toBe('cancel_in_progress');
    const cancelled = await cancelling;
    expect(cancelled.body).toMatchObject({ status: 'cancelled', paymentStatus: 'pending' });
    expect(t.sim.state.journal.list({ orderId, operation: 'createRefund' })).toHaveLength(0);
  });
});

describe('address correction meets cancel', () => {
  const voidedNumbers = (orderId: string) => okCalls(orderId, 'voidShipment').map((c) => c.params.trackingNumber);
  const boughtNumbers = (orderId: string) => okCalls(orderId, 'createShipment').map((c) => (c.response as { trackingNumber: string }).trackingNumber);

  test('a cancel that arrives while a correction is relabelling waits for it, then voids the new label', async () => {
    const { orderId, workflowId, payload, trackingNumber } = await labelledOrder();
    // The carrier is down: the correction's void of the first label keeps retrying.
    t.sim.state.faults.apply({ carrier: { failureRate: 1, status: 503 } });
    const correcting = send(t.api.put(`/api/v1/orders/${orderId}/shipping-address`).send({ address: { ...payload.shippingAddress, line1: '9 Race St' } }));
    await eventually(async () => expect(t.sim.state.journal.list({ operation: 'voidShipment' }).some((c) => c.faulted && c.params.trackingNumber === trackingNumber)).toBe(true));
    const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    const handle = t.hub.temporal.workflow.getHandle(workflowId);
    await eventually(async () => expect((await handle.query(orderStateQuery)).waitingFor).toBe('compensation to finish'));
    t.sim.state.faults.reset();
    const [corrected, cancelled] = await Promise.all([correcting, cancelling]);

    expect(corrected.status).toBe(200);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
    const bought = boughtNumbers(orderId);
    expect(bought).toHaveLength(2);
    // No live label is left behind, and the read model names the label that was voided last.
    expect(new Set(voidedNumbers(orderId))).toEqual(new Set(bought));
    expect(cancelled.body.shipments).toEqual([expect.objectContaining({ status: 'voided', trackingNumber: bought[1] })]);
  });

  test('a correction while the cancel is voiding the label is refused at once with 409 cancel_in_progress', async () => {
    const { orderId, payload, trackingNumber } = await labelledOrder();
    t.sim.state.faults.apply({ carrier: { failureRate: 1, status: 503 } });
    const cancelling = send(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    await eventually(async () => expect(t.sim.state.journal.list({ operation: 'voidShipment' }).some((c) => c.faulted && c.params.trackingNumber === trackingNumber)).toBe(true));
    const refused = await within(send(t.api.put(`/api/v1/orders/${orderId}/shipping-address`).send({ address: { ...payload.shippingAddress, line1: '9 Race St' } })), 10_000);
    t.sim.state.faults.reset();
    expect(refused?.status).toBe(409);
    expect(refused?.body.error).toBe('cancel_in_progress');
    const cancelled = await cancelling;
    expect(cancelled.body).toMatchObject({ status: 'cancelled', shipments: [expect.objectContaining({ status: 'voided', trackingNumber })] });
    expect(boughtNumbers(orderId)).toEqual([trackingNumber]);
    expect(voidedNumbers(orderId)).toEqual([trackingNumber]);
  });
});
