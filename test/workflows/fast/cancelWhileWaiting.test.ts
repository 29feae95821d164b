import type { OrderState } from '../../../src/domain/order';
import { OrderErrorType, cancelOrderUpdate } from '../../../src/workflows/messages';
import { labelled, startFastEnv, withOrder, type FastEnv, type FastOrderOptions } from './fastOrders';
import { everyOrder, stubActivities, type ActivityName, type StubActivities } from './stubActivities';

// A cancel can arrive during any wait before a parcel leaves; each wait has its own compensation.
// (Cancel while needs_attention: needsAttention.test.ts.)
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

const prepaid = { payment: { status: 'paid' as const, reference: 'prepaid' } };

interface Wait {
  name: string;
  stub: () => StubActivities;
  order: FastOrderOptions['order'];
  reached: (s: OrderState) => boolean;
  /** Successful calls per partner or stock activity after the cancel; unlisted ones below must be 0. */
  effects: Partial<Record<ActivityName, number>>;
  paymentStatus: OrderState['paymentStatus'];
}

const WAITS: Wait[] = [
  {
    name: 'awaiting payment',
    stub: () => stubActivities(),
    order: { payment: { status: 'pending' } },
    reached: (s) => s.status === 'awaiting_payment',
    effects: { releaseStock: 1 },
    paymentStatus: 'pending',
  },
  {
    name: 'backordered (prepaid)',
    stub: () => stubActivities({ stockAvailable: false }),
    order: prepaid,
    reached: (s) => s.status === 'backordered',
    // releaseStock: whatever a receipt may have reserved in the same moment goes back.
    effects: { channelRefund: 1, releaseStock: 1 },
    paymentStatus: 'refunded',
  },
  {
    name: 'on hold (prepaid, fraud review)',
    stub: () => stubActivities({ rules: [everyOrder('review-all', { type: 'placeHold', reason: 'fraud_review' })] }),
    order: prepaid,
    reached: (s) => s.status === 'on_hold',
    effects: { channelRefund: 1, releaseStock: 1 },
    paymentStatus: 'refunded',
  },
  {
    name: 'fulfilling, labelled, before dispatch',
    stub: () => stubActivities(),
    order: prepaid,
    reached: labelled,
    effects: { channelRefund: 1, releaseStock: 1, erpCreateSalesOrder: 1, erpCreateCreditNote: 1, crmRecordOrder: 1, carrierCreateShipment: 1, carrierVoidShipment: 1 },
    paymentStatus: 'refunded',
  },
];

const COUNTED: ActivityName[] = [
  'channelRefund',
  'releaseStock',
  'erpCreateSalesOrder',
  'erpCreateCreditNote',
  'crmRecordOrder',
  'carrierCreateShipment',
  'carrierVoidShipment',
  'erpCreateInvoice',
  'channelConfirmFulfillment',
  'commitShipmentStock',
];

test.each(WAITS)('cancelled while $name: undone once, the channel and CRM told, no hold left open', async (wait) => {
  const stub = wait.stub();
  const result = await withOrder(fast, { stub, order: wait.order }, async (order) => {
    await order.waitFor(wait.reached, wait.name);
    const answer = await order.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer changed their mind', requestedBy: 'support' }] });
    expect(answer.status).toBe('cancelled');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'customer changed their mind', paymentStatus: wait.paymentStatus });
  expect((result.holds ?? []).filter((h) => !h.releasedAt)).toEqual([]);
  const counts = Object.fromEntries(COUNTED.map((name) => [name, stub.count(name)]));
  expect(counts).toEqual(Object.fromEntries(COUNTED.map((name) => [name, wait.effects[name] ?? 0])));
  expect(stub.count('channelCancelOrder')).toBe(1);
  expect(stub.done('crmRecordOrderEvent').map((c) => c.args[1])).toEqual(['cancelled']);
});

test('a cancel after the parcel left is refused, and the order goes on to delivery untouched', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    await order.carrier('dispatched');
    await order.waitFor((s) => s.status === 'shipped', 'shipped');
    await expect(order.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'too late', requestedBy: 'support' }] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState, message: expect.stringContaining('can no longer be cancelled') },
    });
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
  for (const name of ['channelRefund', 'carrierVoidShipment', 'erpCreateCreditNote', 'releaseStock', 'channelCancelOrder'] as const) expect(stub.count(name)).toBe(0);
});
