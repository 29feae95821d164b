import { HOUR, labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { everyOrder, stubActivities } from './stubActivities';
import { releaseHoldUpdate } from '../../../src/workflows/messages';

// What the order's deadline watcher does while the order waits: escalate a hold past its SLA,
// flag an order late when its ship-by passes unshipped.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

const prepaid = { payment: { status: 'paid' as const, reference: 'prepaid' } };

test('HOLD_SLA_FRAUD_REVIEW=6h: a fraud-review hold is escalated at 6 h, stays open until released, and the order then ships', async () => {
  const stub = stubActivities({ rules: [everyOrder('review-all', { type: 'placeHold', reason: 'fraud_review', note: 'new customer' })] });
  const result = await withOrder(fast, { stub, settings: { HOLD_SLA_FRAUD_REVIEW: '6h' }, order: prepaid }, async (order) => {
    await order.waitFor((s) => s.status === 'on_hold', 'on_hold');
    await fast.env.sleep(6 * HOUR - 60_000);
    const [hold] = (await order.state()).holds ?? [];
    expect(hold).toMatchObject({ reason: 'fraud_review', placedBy: 'rule:review-all' });
    expect(hold.escalatedAt).toBeUndefined();
    await fast.env.sleep(2 * 60_000);
    const escalated = await order.waitFor((s) => s.holds?.[0]?.escalatedAt !== undefined, 'hold escalated');
    // Escalation tells people; it neither releases the hold nor moves the order on.
    expect(escalated).toMatchObject({ status: 'on_hold' });
    expect(escalated.holds?.[0].releasedAt).toBeUndefined();
    expect(stub.count('carrierCreateShipment')).toBe(0);

    await order.handle.executeUpdate(releaseHoldUpdate, { args: [{ reason: 'fraud_review', releasedBy: 'ops@example.com' }] });
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered' });
  expect(result.holds).toEqual([expect.objectContaining({ reason: 'fraud_review', releasedBy: 'ops@example.com', escalatedAt: expect.any(String) })]);
  expect(stub.count('carrierCreateShipment')).toBe(1);
});

test('an order not shipped by its ship-by (rule: 24 h) is flagged late, and stays late after it ships', async () => {
  const stub = stubActivities({ rules: [everyOrder('ship-in-a-day', { type: 'setShipByHours', hours: 24 })] });
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    const waiting = await order.waitFor(labelled, 'labels bought');
    expect(waiting.rules).toMatchObject({ shipBy: expect.any(String), late: false });
    await fast.env.sleep(24 * HOUR - 60_000);
    expect((await order.state()).rules?.late).toBe(false);
    await fast.env.sleep(2 * 60_000);
    await order.waitFor((s) => s.rules?.late === true, 'late');
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', rules: { late: true } });
});

test('an order shipped before its ship-by is never flagged late, however long delivery takes', async () => {
  const stub = stubActivities({ rules: [everyOrder('ship-in-a-day', { type: 'setShipByHours', hours: 24 })] });
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    await order.carrier('dispatched');
    await order.waitFor((s) => s.status === 'shipped', 'shipped');
    await fast.env.sleep(48 * HOUR);
    expect((await order.state()).rules?.late).toBe(false);
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', rules: { late: false } });
});
