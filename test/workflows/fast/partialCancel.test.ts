import type { OrderState } from '../../../src/domain/order';
import { OrderErrorType, cancelOrderUpdate, type CancelInput } from '../../../src/workflows/messages';
import { labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { LOCATION, everyOrder, stubActivities } from './stubActivities';

// Partial cancel (POST …/cancel with lines): the units that have not left are cancelled, their
// share refunded once, the rest of the order goes on; every unit cancelled is the full cancel.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

// 3 units of 12.50 and 5.00 shipping: 42.50 paid.
const order = { payment: { status: 'paid' as const, reference: 'prepaid' }, quantity: 3, unitPriceMinor: 1250, shippingMinor: 500 };
const partial = (requestId: string, quantity: number, extra: Partial<CancelInput> = {}): CancelInput => ({
  reason: 'customer changed their mind',
  requestedBy: 'support',
  requestId,
  lines: [{ lineId: 1, quantity }],
  ...extra,
});

test('1 of 3 units after the label: stock, share, credit note and channel notice once each, new label for 2, the rest ships', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const answer = await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-1', 1)], updateId: 'req-1' });
    expect(answer).toMatchObject({ status: 'fulfilling', cancelledLines: { 1: { units: 1, refundedMinor: 1250 } } });
    expect(answer.allocations).toEqual([expect.objectContaining({ lineNo: 1, quantity: 2 })]);
    // The same request again (a retry with a new update id): nothing more.
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-1', 1)], updateId: 'req-1-again' });
    await o.carrier('dispatched');
    await o.carrier('delivered');
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid', cancelledLines: { 1: { units: 1, refundedMinor: 1250 } } });
  expect(stub.done('releaseOrderUnits').map((c) => c.args)).toEqual([[result.orderId, 'req-1', [{ lineNo: 1, sku: 'FAST-SKU', locationId: LOCATION, quantity: 1 }]]]);
  expect(stub.done('channelRefundShare').map((c) => [c.args[3], c.args[6]])).toEqual([[1250, 'req-1']]);
  expect(stub.done('erpCreatePartialCreditNote').map((c) => c.args[2])).toEqual([
    expect.objectContaining({
      document: expect.objectContaining({ totalMinor: 1250, taxMinor: 0, lines: [expect.objectContaining({ lineNo: 1, sku: 'FAST-SKU', units: 1, totalMinor: 1250 })] }),
    }),
  ]);
  expect(stub.done('channelCancelLines').map((c) => (c.args[0] as { lines: unknown }).lines)).toEqual([[{ lineNo: 1, sku: 'FAST-SKU', quantity: 1 }]]);
  // The label for 3 is voided, one for 2 is bought; the parcel ships 2.
  expect(stub.count('carrierVoidShipment')).toBe(1);
  expect(stub.done('carrierCreateShipment').map((c) => (c.args[1] as OrderState['shipments'][number]).items)).toEqual([
    [{ sku: 'FAST-SKU', quantity: 3 }],
    [{ sku: 'FAST-SKU', quantity: 2 }],
  ]);
  for (const name of ['channelRefund', 'erpCreateCreditNote', 'releaseStock', 'channelCancelOrder'] as const) expect(stub.count(name)).toBe(0);
});

test('on hold, before any label: the parcel is planned for what is left', async () => {
  const stub = stubActivities({ rules: [everyOrder('review-all', { type: 'placeHold', reason: 'manual' })] });
  await withOrder(fast, { stub, order }, async (o) => {
    await o.waitFor((s) => s.status === 'on_hold', 'on hold');
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-h', 2)] });
    const s = await o.state();
    expect(s.shipments).toEqual([]);
    expect(s.allocations).toEqual([expect.objectContaining({ quantity: 1 })]);
  });
  expect(stub.done('channelRefundShare').map((c) => c.args[3])).toEqual([2500]);
});

test('a partial cancel, then the full cancel: the full refund and credit note are the rest only', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-a', 1)] });
    await o.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'out of patience', requestedBy: 'support' }] });
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(stub.done('channelRefundShare').map((c) => c.args[3])).toEqual([1250]);
  expect(stub.done('channelRefund').map((c) => c.args[3])).toEqual([4250 - 1250]);
  expect(stub.done('erpCreateCreditNote').map((c) => c.args[1])).toEqual([4250 - 1250]);
  expect(stub.count('releaseStock')).toBe(1);
});

test('every unit left, nothing shipped: it is the full cancel, shipping included, no partial refund', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    const answer = await o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('req-all', 3)] });
    expect(answer.status).toBe('cancelled');
    return o.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
  expect(stub.done('channelRefund').map((c) => c.args[3])).toEqual([4250]);
  expect(stub.count('channelRefundShare')).toBe(0);
  expect(stub.count('releaseOrderUnits')).toBe(0);
  expect(stub.count('channelCancelOrder')).toBe(1);
});

test('refused: more units than are left (409, naming the line), an unknown line (400, naming the field), after dispatch', async () => {
  const stub = stubActivities();
  await withOrder(fast, { stub, order }, async (o) => {
    await o.waitFor(labelled, 'labelled');
    await expect(o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('r1', 4)] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState, message: expect.stringContaining('lines[0].quantity') },
    });
    await expect(o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('r2', 1, { lines: [{ lineId: 7, quantity: 1 }] })] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidInput, message: expect.stringContaining('lines[0].lineId') },
    });
    await o.carrier('dispatched');
    await o.waitFor((s) => s.status === 'shipped', 'shipped');
    await expect(o.handle.executeUpdate(cancelOrderUpdate, { args: [partial('r3', 1)] })).rejects.toMatchObject({ cause: { type: OrderErrorType.InvalidState } });
  });
  expect(stub.count('channelRefundShare')).toBe(0);
  expect(stub.count('releaseOrderUnits')).toBe(0);
});
