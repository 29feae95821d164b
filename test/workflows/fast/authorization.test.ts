import { cancelOrderUpdate, releaseHoldUpdate } from '../../../src/workflows/messages';
import { HOUR, labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// Authorized orders (issue 13): the authorization-expiry hold (AUTHORIZATION_HOLD_AFTER, a timer
// beside the story), captures per parcel under on_shipment, and what a cancel gives back.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

// Placed "now" on the test server's clock, which time skipping has moved far from the wall clock.
let now = '';
beforeEach(async () => {
  now = new Date(await fast.env.currentTimeMs()).toISOString();
});
const authorized = (capturePolicy: 'on_order' | 'on_shipment') => ({
  placedAt: now,
  payment: { status: 'authorized' as const, capturePolicy, transactions: [{ kind: 'authorization' as const, amountMinor: 3000, reference: 'auth-1' }] },
});
const DAY = 24 * HOUR;

test('AUTHORIZATION_HOLD_AFTER=3d: a backordered authorized order goes on a payment hold an operator may release; its cancel voids, refunds nothing', async () => {
  const stub = stubActivities({ stockAvailable: false });
  const result = await withOrder(fast, { stub, settings: { AUTHORIZATION_HOLD_AFTER: '3d' }, order: authorized('on_shipment') }, async (order) => {
    await order.waitFor((s) => s.status === 'backordered', 'backordered');
    expect((await order.state()).paymentStatus).toBe('authorized');
    await fast.env.sleep(3 * DAY - 60 * 60_000);
    expect((await order.state()).holds.filter((h) => h.reason === 'payment')).toEqual([]);
    await fast.env.sleep(2 * HOUR);
    const held = await order.waitFor((s) => s.holds.some((h) => h.reason === 'payment' && h.releasedAt === undefined), 'payment hold');
    expect(held.holds.find((h) => h.reason === 'payment')).toMatchObject({ placedBy: 'system', note: expect.stringContaining('about to expire') });
    // The order's own payment hold waits for an operator (unlike the rules' "not paid yet" one).
    await order.handle.executeUpdate(releaseHoldUpdate, { args: [{ reason: 'payment', releasedBy: 'ops@example.com', note: 'customer re-authorized' }] });
    await order.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer gave up', requestedBy: 'ops@example.com' }] });
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
  expect(stub.count('gatewayVoid')).toBe(1);
  expect(stub.count('gatewayCapture') + stub.count('gatewayRefund') + stub.count('channelRefund')).toBe(0);
});

test('an authorized order that ships before the hold is due is never held, and captures its whole total at dispatch once', async () => {
  const stub = stubActivities();
  const result = await withOrder(
    fast,
    { stub, settings: { AUTHORIZATION_HOLD_AFTER: '3d' }, order: { ...authorized('on_shipment'), quantity: 2, unitPriceMinor: 1250, shippingMinor: 500 } },
    async (order) => {
      await order.waitFor(labelled, 'labelled');
      expect(stub.count('gatewayCapture')).toBe(0);
      await order.carrier('dispatched');
      await order.carrier('dispatched');
      await order.waitFor((s) => s.status === 'shipped' && s.paymentStatus === 'paid', 'shipped and paid');
      await fast.env.sleep(4 * DAY);
      await order.carrier('delivered');
      return order.handle.result();
    },
  );
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
  expect(result.holds).toEqual([]);
  expect(stub.done('gatewayCapture').map((c) => c.args[2])).toEqual([3000]);
  // The capture comes before the channel hears of the dispatch.
  const order = stub.calls.filter((c) => c.ok).map((c) => c.name);
  expect(order.indexOf('gatewayCapture')).toBeLessThan(order.indexOf('channelConfirmFulfillment'));
});

test('a capture the gateway refuses at dispatch puts a payment hold on the order; the parcel still goes', async () => {
  const stub = stubActivities({ failing: { gatewayCapture: 'authorization expired' } });
  const result = await withOrder(fast, { stub, order: authorized('on_shipment') }, async (order) => {
    await order.carrier('dispatched');
    await order.waitFor((s) => s.holds.some((h) => h.reason === 'payment'), 'payment hold');
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'authorized' });
  expect(result.holds).toEqual([expect.objectContaining({ reason: 'payment', note: expect.stringContaining('authorization expired') })]);
  expect(stub.count('channelConfirmFulfillment')).toBe(1);
});

test('on_order: a capture the gateway refuses is a failed payment: cancelled, authorization voided, nothing refunded', async () => {
  const stub = stubActivities({ failing: { gatewayCapture: 'insufficient funds' } });
  const result = await withOrder(fast, { stub, order: authorized('on_order') }, async (order) => order.handle.result());
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'payment_failed', paymentStatus: 'voided' });
  expect(stub.count('gatewayVoid')).toBe(1);
  expect(stub.count('gatewayRefund') + stub.count('channelRefund')).toBe(0);
});
