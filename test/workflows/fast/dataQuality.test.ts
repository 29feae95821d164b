import { releaseHoldUpdate, OrderErrorType } from '../../../src/workflows/messages';
import { labelled, startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// Orders a channel has already been paid for are never refused for their data: an unknown SKU
// holds the order before any stock is taken, and lines that need no shipping complete without a carrier.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

const paid = { status: 'paid' as const, reference: 'prepaid' };
const unmapped = { unmappedLines: [{ lineNo: 2, sku: 'NEW-SKU' }] };
const twoLines = [
  { lineNo: 1, sku: 'FAST-SKU', quantity: 1, unitPriceMinor: 1000 },
  { lineNo: 2, sku: 'NEW-SKU', quantity: 1, unitPriceMinor: 500 },
];

test('unknown SKU: held unmapped_sku naming the line before any reservation; release refused while unknown, then the order reserves and ships', async () => {
  const stub = stubActivities({ unknownSkus: ['NEW-SKU'] });
  const result = await withOrder(fast, { stub, order: { payment: paid, lines: twoLines, ...unmapped } }, async (order) => {
    const held = await order.waitFor((s) => s.holds.some((h) => h.reason === 'unmapped_sku'), 'unmapped_sku hold');
    expect(held).toMatchObject({ status: 'received', waitingFor: 'release of holds: unmapped_sku' });
    expect(held.holds.find((h) => h.reason === 'unmapped_sku')?.note).toContain('line 2 (SKU NEW-SKU)');
    expect(stub.count('reserveStock')).toBe(0);

    const release = { reason: 'unmapped_sku' as const, releasedBy: 'ops@example.com' };
    await expect(order.handle.executeUpdate(releaseHoldUpdate, { args: [release] })).rejects.toMatchObject({
      cause: { type: OrderErrorType.InvalidState, message: expect.stringContaining('line 2 (SKU NEW-SKU)') },
    });
    expect((await order.state()).holds.filter((h) => h.reason === 'unmapped_sku' && h.releasedAt === undefined)).toHaveLength(1);

    stub.world.unknownSkus.delete('NEW-SKU'); // the product was added
    await order.handle.executeUpdate(releaseHoldUpdate, { args: [release] });
    await order.waitFor(labelled, 'labels bought');
    expect(stub.count('reserveStock')).toBe(1);
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result.status).toBe('delivered');
});

test('only lines that need no shipping: completes without reservation, label or carrier', async () => {
  const stub = stubActivities();
  const lines = [{ lineNo: 1, sku: 'GIFT-CARD', quantity: 1, unitPriceMinor: 5000, requiresShipping: false }];
  const noAddress = { name: '', line1: '', city: '', country: '' };
  const result = await withOrder(fast, { stub, order: { payment: paid, lines, shippingAddress: noAddress } }, (order) => order.handle.result());
  expect(result).toMatchObject({ status: 'delivered', fulfillmentStatus: 'delivered', shipments: [], allocations: [] });
  // No address hold for an order that goes to no address.
  expect(result.holds).toEqual([]);
  expect(stub.count('carrierCreateShipment')).toBe(0);
  expect(stub.count('erpCreateSalesOrder')).toBe(1);
  expect(stub.count('crmRecordOrder')).toBe(1);
});

test('mixed order: only the physical line is reserved and shipped', async () => {
  const stub = stubActivities();
  const lines = [
    { lineNo: 1, sku: 'FAST-SKU', quantity: 2, unitPriceMinor: 1000 },
    { lineNo: 2, sku: 'E-BOOK', quantity: 1, unitPriceMinor: 900, requiresShipping: false },
  ];
  const result = await withOrder(fast, { stub, order: { payment: paid, lines } }, async (order) => {
    const s = await order.waitFor(labelled, 'labels bought');
    expect(s.shipments.flatMap((p) => p.items)).toEqual([{ sku: 'FAST-SKU', quantity: 2 }]);
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result.status).toBe('delivered');
  expect(stub.count('carrierCreateShipment')).toBe(1);
});
