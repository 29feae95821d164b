import { OrderErrorType, carrierEventSignal, correctAddressUpdate } from '../../../src/workflows/messages';
import { labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// An operator corrects the shipping address after the labels were bought: each label is voided
// and bought again for the new address; the old label's carrier events no longer count.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

const moved = { name: 'Sam Ple', line1: '99 New Street', city: 'Sparks', region: 'NV', postalCode: '89431', country: 'US' };

test('address corrected while labelled: the label is voided and bought again for the new address; the old label is ignored; no correction once shipped', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: { payment: { status: 'paid', reference: 'prepaid' } } }, async (order) => {
    const before = await order.waitFor(labelled, 'labels bought');
    const [old] = before.shipments;
    const after = await order.handle.executeUpdate(correctAddressUpdate, { args: [{ address: moved, changedBy: 'support@example.com' }] });
    expect(after.shippingAddress).toEqual(moved);
    const [parcel] = after.shipments;
    expect(parcel).toMatchObject({ shipmentId: old.shipmentId, status: 'label_created', labelVersion: 2 });
    expect(parcel.trackingNumber).not.toBe(old.trackingNumber);

    // A late event for the voided label must not move the parcel: the new label's dispatch does.
    await order.handle.signal(carrierEventSignal, { trackingNumber: old.trackingNumber!, shipmentId: old.shipmentId, type: 'delivered', at: new Date().toISOString() });
    await order.carrier('dispatched');
    const shipped = await order.waitFor((s) => s.status === 'shipped', 'shipped');
    expect(shipped.shipments[0].status).toBe('dispatched');
    await expect(order.handle.executeUpdate(correctAddressUpdate, { args: [{ address: { ...moved, line1: '1 Too Late Rd' }, changedBy: 'support' }] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState },
    });
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered' });
  const labels = stub.done('carrierCreateShipment');
  expect(labels).toHaveLength(2);
  expect(labels.map((c) => (c.args[0] as { shippingAddress: unknown }).shippingAddress)).toEqual([expect.objectContaining({ line1: '1 Loop Rd' }), moved]);
  expect(stub.done('carrierVoidShipment').map((c) => c.args[1])).toEqual([(labels[0].result as { trackingNumber: string }).trackingNumber]);
  // Relabelling is not a cancellation: nothing else is undone, and the order is invoiced once.
  for (const name of ['channelRefund', 'erpCreateCreditNote', 'releaseStock', 'channelCancelOrder'] as const) expect(stub.count(name)).toBe(0);
  expect(stub.count('erpCreateInvoice')).toBe(1);
});
