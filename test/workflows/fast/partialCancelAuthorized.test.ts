import { ApplicationFailure } from '@temporalio/common';
import { OrderErrorType, cancelOrderUpdate, retryIntegrationUpdate, skipIntegrationUpdate, type CancelInput } from '../../../src/workflows/messages';
import { labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// Partial cancel of an order paid through the payment gateway (issue 13): the share goes back the
// way the money stands. Not captured yet (on_shipment before dispatch): released from the
// authorization, and the parcel captures only what is left. Captured (on_order): refunded through
// the gateway. Every call keyed by the cancel's request id; a full cancel after it returns the rest.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

let now = '';
beforeEach(async () => {
  now = new Date(await fast.env.currentTimeMs()).toISOString();
});
// 3 units of 10.00 and 5.00 shipping: 35.00 authorized.
const authorized = (capturePolicy: 'on_order' | 'on_shipment') => ({
  placedAt: now,
  quantity: 3,
  unitPriceMinor: 1000,
  shippingMinor: 500,
  payment: { status: 'authorized' as const, capturePolicy, transactions: [{ kind: 'authorization' as const, amountMinor: 3500, reference: 'auth-share' }] },
});
const partial = (requestId: string, quantity = 1): CancelInput => ({ reason: 'customer asked', requestedBy: 'support', requestId, lines: [{ lineId: 1, quantity }] });

test('on_shipment, before dispatch: the share is released from the authorization, the parcel captures the rest, nothing is refunded', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: authorized('on_shipment') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const answer = await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-1')], updateId: 'req-1' });
    expect(answer).toMatchObject({ status: 'fulfilling', paymentStatus: 'authorized', cancelledLines: { 1: { units: 1, refundedMinor: 1000 } } });
    // The same request again under another update id: nothing more.
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-1')], updateId: 'req-1-again' });
    await o.carrier('dispatched');
    await o.carrier('delivered');
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
  expect(stub.done('gatewayRelease').map((c) => [c.args[2], c.args[5]])).toEqual([[1000, 'req-1']]);
  expect(stub.done('gatewayCapture').map((c) => c.args[2])).toEqual([3500 - 1000]);
  for (const name of ['gatewayRefundShare', 'gatewayRefund', 'gatewayVoid', 'channelRefundShare', 'channelRefund'] as const) expect(stub.count(name)).toBe(0);
  expect(result.payment?.releasedMinor).toBe(1000);
});

test('on_order (captured at once): the share is refunded through the gateway under its request id; the full cancel refunds the rest', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: authorized('on_order') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const answer = await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-a')] });
    expect(answer).toMatchObject({ status: 'fulfilling', paymentStatus: 'partially_refunded' });
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-b')] });
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'out of patience', requestedBy: 'support' }] });
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(stub.done('gatewayCapture').map((c) => c.args[2])).toEqual([3500]);
  expect(stub.done('gatewayRefundShare').map((c) => [c.args[2], c.args[5]])).toEqual([
    [1000, 'req-a'],
    [1000, 'req-b'],
  ]);
  expect(stub.done('gatewayRefund').map((c) => c.args[2])).toEqual([3500 - 2000]);
  for (const name of ['gatewayRelease', 'gatewayVoid', 'channelRefundShare', 'channelRefund'] as const) expect(stub.count(name)).toBe(0);
});

test('on_shipment, partial cancel then full cancel before dispatch: the share released, the rest voided, nothing captured or refunded', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: authorized('on_shipment') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-x')] });
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'all of it', requestedBy: 'support' }] });
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
  expect(stub.done('gatewayRelease').map((c) => c.args[2])).toEqual([1000]);
  expect(stub.count('gatewayVoid')).toBe(1);
  for (const name of ['gatewayCapture', 'gatewayRefundShare', 'gatewayRefund', 'channelRefundShare', 'channelRefund'] as const) expect(stub.count(name)).toBe(0);
});

test('a release the gateway refuses waits for an operator, who may skip it (an expired authorization); the share is still never captured', async () => {
  const stub = stubActivities({ failing: { gatewayRelease: 'authorization expired' } });
  const result = await withOrder(fast, { stub, order: authorized('on_shipment') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const cancelling = o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-f')] });
    await o.waitFor((s) => s.status === 'needs_attention', 'needs attention');
    await o.handle.executeUpdate(skipIntegrationUpdate, { args: [{ step: 'release authorization req-f', requestedBy: 'ops', reason: 'expired at the gateway' }] });
    await cancelling;
    await o.carrier('dispatched');
    await o.carrier('delivered');
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
  expect(stub.calls.filter((c) => c.name === 'gatewayRelease')).toHaveLength(1);
  expect(stub.done('gatewayCapture').map((c) => c.args[2])).toEqual([3500 - 1000]);
});

test("a share refund the gateway refuses cannot be skipped; the operator's retry refunds it once, under the same request id", async () => {
  const stub = stubActivities({ failing: { gatewayRefundShare: 'gateway unavailable' } });
  const result = await withOrder(fast, { stub, order: authorized('on_order') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const cancelling = o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-r')] });
    await o.waitFor((s) => s.status === 'needs_attention', 'needs attention');
    const step = 'refund payment req-r';
    await expect(o.handle.executeUpdate(skipIntegrationUpdate, { args: [{ step, requestedBy: 'ops', reason: 'no' }] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState },
    });
    stub.world.failing.delete('gatewayRefundShare');
    await o.handle.executeUpdate(retryIntegrationUpdate, { args: [{ step, requestedBy: 'ops' }] });
    await cancelling;
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'all of it', requestedBy: 'support' }] });
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(stub.done('gatewayRefundShare').map((c) => [c.args[2], c.args[5]])).toEqual([[1000, 'req-r']]);
  expect(stub.done('gatewayRefund').map((c) => c.args[2])).toEqual([2500]);
});

test('a full cancel right behind a partial one: the void overtakes the release at the gateway (409), and the release is dropped, not put to an operator', async () => {
  const stub = stubActivities();
  // The gateway sees the void first; the void's answer reaches the order only after the release's refusal.
  let voidSent!: () => void;
  const voidSeen = new Promise<void>((resolve) => (voidSent = resolve));
  const { gatewayVoid } = stub.activities;
  stub.activities.gatewayVoid = async (...args: unknown[]) => {
    voidSent();
    await new Promise((r) => setTimeout(r, 500));
    return gatewayVoid(...args);
  };
  stub.activities.gatewayRelease = async () => {
    await voidSeen;
    throw ApplicationFailure.nonRetryable('authorization auth-share was voided', 'PartnerRejected');
  };
  const result = await withOrder(fast, { stub, order: authorized('on_shipment') }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const partialDone = o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-race')] });
    // The partial cancel is in (its units booked) before the full one is sent: the two updates never swap.
    await o.waitFor((s) => s.cancelledLines?.[1]?.units === 1, 'units cancelled');
    const full = await o.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'all of it', requestedBy: 'support' }] });
    expect(full).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
    await partialDone;
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'voided', holds: [] });
  expect(stub.count('gatewayVoid')).toBe(1);
  expect(stub.count('gatewayCapture') + stub.count('gatewayRefund') + stub.count('gatewayRefundShare')).toBe(0);
});
