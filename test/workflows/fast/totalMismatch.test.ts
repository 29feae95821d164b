import { pricedOrderFromSimple } from '../../../src/domain/pricing';
import { releaseHoldUpdate } from '../../../src/workflows/messages';
import { startFastEnv, withOrder, type FastEnv } from './fastOrders';
import { stubActivities } from './stubActivities';

// Issue 13: the hub's totals against the channel's. Any difference holds the order
// `total_mismatch` before anything else happens; an operator's release lets it go on.
let fast: FastEnv;
beforeAll(async () => {
  fast = await startFastEnv();
});
afterAll(() => fast?.teardown());

/** 2 x 12.50 with a 2.50 discount and 1.80 tax, 5.00 shipping: 29.30. */
const pricing = () => {
  const simple = pricedOrderFromSimple('USD', [{ lineNo: 1, quantity: 2, unitPriceMinor: 1250 }], 'standard', 500);
  return { ...simple, lines: simple.lines.map((l) => ({ ...l, discounts: [{ code: 'X', amountMinor: 250 }], taxLines: [{ title: 'Tax', rate: '0.08', amountMinor: 180 }] })) };
};

test('a channel total one cent above the hub’s: held total_mismatch with both figures, waits, and goes on once an operator releases it', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: { pricing: pricing(), channelTotals: { totalMinor: 2931 } } }, async (order) => {
    const held = await order.waitFor((s) => s.status === 'on_hold', 'on hold');
    expect(held.totals).toEqual({ subtotalMinor: 2500, discountsMinor: 250, shippingMinor: 500, taxMinor: 180, totalMinor: 2930 });
    expect(held.holds).toEqual([expect.objectContaining({ reason: 'total_mismatch', note: 'total: hub 29.30 USD, channel 29.31 USD (hub -0.01)', placedBy: 'system' })]);
    expect(stub.count('erpCreateInvoice')).toBe(0);
    await order.handle.executeUpdate(releaseHoldUpdate, { args: [{ reason: 'total_mismatch', releasedBy: 'ops@example.com' }] });
    await order.carrier('dispatched');
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result.status).toBe('delivered');
});

test('channel totals that agree (total, tax, discounts): no hold', async () => {
  const stub = stubActivities();
  const result = await withOrder(fast, { stub, order: { pricing: pricing(), channelTotals: { totalMinor: 2930, taxMinor: 180, discountsMinor: 250 } } }, async (order) => {
    await order.carrier('dispatched');
    await order.carrier('delivered');
    return order.handle.result();
  });
  expect(result).toMatchObject({ status: 'delivered', holds: [] });
});
