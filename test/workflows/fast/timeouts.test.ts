import { startFastEnv, withOrder, HOUR, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// The order's own deadlines, taken from the hub's settings, on the time-skipping server.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

test('PAYMENT_TIMEOUT=2h: an unpaid order waits two hours, not the default 24, then is cancelled and its stock released', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, settings: { PAYMENT_TIMEOUT: '2h' }, order: { payment: { status: 'pending' } } }, async (order) => {
    await order.waitFor((s) => s.status === 'awaiting_payment', 'awaiting_payment');
    await fast.env.sleep(2 * HOUR - 60_000);
    expect((await order.state()).status).toBe('awaiting_payment');
    await fast.env.sleep(2 * 60_000);
    await order.waitFor((s) => s.status === 'cancelled', 'cancelled within a minute of the 2 h deadline');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout', paymentStatus: 'pending', fulfillmentStatus: 'released' });
  expect(stub.count('releaseStock')).toBe(1);
  expect(stub.count('channelCancelOrder')).toBe(1);
  expect(stub.done('crmRecordOrderEvent').map((c) => c.args[1])).toEqual(['cancelled']);
  // Nothing was taken or started, so nothing is undone.
  for (const name of ['channelRefund', 'erpCreateSalesOrder', 'erpCreateCreditNote', 'carrierCreateShipment', 'carrierVoidShipment'] as const) expect(stub.count(name)).toBe(0);
});

test('BACKORDER_TIMEOUT=3d: a prepaid backordered order re-checks stock hourly, then is cancelled at 3 days and refunded once', async () => {
  const stub = stubActivities({ stockAvailable: false });
  const result = await withOrder(fast, { stub, settings: { BACKORDER_TIMEOUT: '3d' }, order: { payment: { status: 'paid', reference: 'prepaid' } } }, async (order) => {
    await order.waitFor((s) => s.status === 'backordered', 'backordered');
    await fast.env.sleep(3 * 24 * HOUR - HOUR / 2);
    const waiting = await order.state();
    expect(waiting).toMatchObject({ status: 'backordered', waitingFor: 'stock' });
    expect(waiting.holds?.filter((h) => !h.releasedAt).map((h) => h.reason)).toEqual(['inventory']);
    await fast.env.sleep(HOUR);
    await order.waitFor((s) => s.status === 'cancelled', 'cancelled within an hour of the 3-day deadline');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'backorder_timeout', paymentStatus: 'refunded' });
  expect(result.holds?.every((h) => h.releasedAt)).toBe(true);
  // The first try, then one re-check per hour of the 72 (a lost receipt signal must not strand the order).
  expect(stub.count('reserveStock')).toBeGreaterThanOrEqual(72);
  expect(stub.count('registerBackorder')).toBe(1);
  expect(stub.done('closeBackorder').map((c) => c.args[1])).toEqual(['cancelled']);
  expect(stub.count('channelRefund')).toBe(1);
  expect(stub.done('channelRefund')[0].args[3]).toBe(result.totals.totalMinor);
  expect(stub.count('channelCancelOrder')).toBe(1);
  for (const name of ['erpCreateSalesOrder', 'erpCreateCreditNote', 'carrierCreateShipment'] as const) expect(stub.count(name)).toBe(0);
});
