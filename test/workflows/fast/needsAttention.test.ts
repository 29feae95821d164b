import { OrderErrorType, cancelOrderUpdate, retryIntegrationUpdate, skipIntegrationUpdate } from '../../../src/workflows/messages';
import { startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// A partner step that fails for good puts the order in needs_attention behind an integration
// hold; an operator skips it, retries it, or cancels the order.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

const prepaid = { payment: { status: 'paid' as const, reference: 'prepaid' } };
const CRM_STEP = 'CRM order record';
const openHoldReasons = (holds: { reason: string; releasedAt?: string }[] = []) => holds.filter((h) => !h.releasedAt).map((h) => h.reason);

test('a CRM record refused for good: needs_attention with an integration hold; skipped by an operator, the order ships without it', async () => {
  const stub = stubActivities({ failing: { crmRecordOrder: 'CRM answered 422: customer email rejected' } });
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    const stuck = await order.waitFor((s) => s.status === 'needs_attention', 'needs_attention');
    expect(openHoldReasons(stuck.holds)).toEqual(['integration']);
    expect(stuck.holds?.[0].note).toMatch(/CRM.*customer email rejected/);
    expect(stuck.waitingFor).toContain(CRM_STEP);
    // Only a step that is waiting can be skipped.
    await expect(order.handle.executeUpdate(skipIntegrationUpdate, { args: [{ requestedBy: 'ops', step: 'ERP sales order', reason: 'x' }] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState },
    });

    const skipped = await order.handle.executeUpdate(skipIntegrationUpdate, { args: [{ requestedBy: 'ops@example.com', step: CRM_STEP, reason: 'CRM fixes the record by hand' }] });
    expect(skipped.status).toBe('fulfilling');
    expect(openHoldReasons(skipped.holds)).toEqual([]);
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', paymentStatus: 'paid' });
  expect(result.holds).toEqual([expect.objectContaining({ reason: 'integration', releasedBy: 'ops@example.com' })]);
  expect(stub.count('crmRecordOrder')).toBe(0);
  expect(stub.calls.filter((c) => c.name === 'crmRecordOrder')).toHaveLength(1); // non-retryable: tried once
  for (const name of ['erpCreateSalesOrder', 'carrierCreateShipment', 'erpCreateInvoice', 'channelConfirmFulfillment'] as const) expect(stub.count(name)).toBe(1);
  for (const name of ['channelRefund', 'carrierVoidShipment', 'erpCreateCreditNote', 'channelCancelOrder'] as const) expect(stub.count(name)).toBe(0);
});

test('a label refused for good cannot be skipped (the parcel needs it); retried once the carrier is fixed, the order ships', async () => {
  const stub = stubActivities({ failing: { carrierCreateShipment: 'carrier answered 422: address not serviceable' } });
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    const stuck = await order.waitFor((s) => s.status === 'needs_attention', 'needs_attention');
    const step = stuck.waitingFor!.replace(/^an operator: (.*) failed$/, '$1');
    expect(step).toMatch(/^label /);
    await expect(order.handle.executeUpdate(skipIntegrationUpdate, { args: [{ requestedBy: 'ops', step, reason: 'ship it anyway' }] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState, message: expect.stringContaining('cannot be skipped') },
    });
    stub.world.failing.delete('carrierCreateShipment');
    const retried = await order.handle.executeUpdate(retryIntegrationUpdate, { args: [{ requestedBy: 'ops@example.com' }] });
    expect(retried.status).toBe('fulfilling');
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered' });
  expect(stub.count('carrierCreateShipment')).toBe(1);
  expect(stub.count('carrierVoidShipment')).toBe(0);
});

test('cancelled while needs_attention: everything done so far is undone once (refund, credit note, label void, stock), the channel and CRM are told', async () => {
  const stub = stubActivities({ failing: { crmRecordOrder: 'CRM answered 422: customer email rejected' } });
  const result = await withOrder(fast, { stub, order: prepaid }, async (order) => {
    await order.waitFor((s) => s.status === 'needs_attention' && s.shipments.every((p) => p.status === 'label_created'), 'needs_attention with labels bought');
    const cancelled = await order.handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer gave up', requestedBy: 'support' }] });
    expect(cancelled.status).toBe('cancelled');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'customer gave up', paymentStatus: 'refunded', fulfillmentStatus: 'released' });
  expect(openHoldReasons(result.holds)).toEqual([]);
  expect(stub.count('channelRefund')).toBe(1);
  expect(stub.count('erpCreateCreditNote')).toBe(1);
  expect(stub.count('releaseStock')).toBe(1);
  const labels = stub.done('carrierCreateShipment').map((c) => (c.result as { trackingNumber: string }).trackingNumber);
  expect(labels.length).toBeGreaterThan(0);
  expect(stub.done('carrierVoidShipment').map((c) => c.args[1])).toEqual(labels);
  expect(stub.count('channelCancelOrder')).toBe(1);
  expect(stub.done('crmRecordOrderEvent').map((c) => c.args[1])).toEqual(['cancelled']);
  for (const name of ['erpCreateInvoice', 'channelConfirmFulfillment'] as const) expect(stub.count(name)).toBe(0);
});
