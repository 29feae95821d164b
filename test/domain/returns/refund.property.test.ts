// The money of returns over random priced orders (the same arbitraries as partial cancel): some
// units cancelled before shipping, the rest returned in random batches with random conditions and
// some parcels arriving short. No step refunds more than was paid; once every unit is gone the
// refunds add up to what was paid, to the minor unit (shipping included under 'with_last_unit',
// kept under 'never'); and a return's refund is the same as cancelling those units would give.
import fc from 'fast-check';
import { computeOrderTotals, refundForCancel, shippingRefund, type PricedOrder } from '../../../src/domain/pricing';
import { consumedUnits, refundForReturn, type ReturnShippingPolicy } from '../../../src/domain/returns';
import { orderArb } from '../pricing/arbitraries';

const shippingPaid = (order: PricedOrder) =>
  shippingRefund(order, { allUnitsCancelled: true, anythingShipped: false, shippingRefunded: false }).reduce((a, s) => a + s.totalMinor, 0);

const scenarioArb = orderArb.chain((order) =>
  fc.tuple(
    fc.constant(order),
    // Units cancelled per line before anything shipped (at least one unit of the order stays).
    fc.tuple(...order.lines.map((l) => fc.integer({ min: 0, max: l.quantity - 1 }))),
    fc.array(fc.record({ pick: fc.nat(), size: fc.integer({ min: 1, max: 3 }), short: fc.boolean() }), { minLength: 40, maxLength: 40 }),
    fc.constantFrom<ReturnShippingPolicy>('with_last_unit', 'never'),
  ),
);

describe('return refunds', () => {
  it('property: cancels then returns in random batches refund exactly what was paid, never more at any step', () => {
    fc.assert(
      fc.property(scenarioArb, ([order, cancelledCounts, steps, policy]) => {
        const paid = computeOrderTotals(order).totalMinor;
        const cancelRequest = order.lines.map((l, i) => ({ lineNo: l.lineNo, quantity: cancelledCounts[i] })).filter((r) => r.quantity > 0);
        const cancelled: Record<number, number> = Object.fromEntries(cancelRequest.map((r) => [r.lineNo, r.quantity]));
        let refunded = cancelRequest.length ? refundForCancel(order, {}, cancelRequest, { anythingShipped: false, shippingRefunded: false }).totalMinor : 0;
        const returned = new Map<number, number>();
        let shippingRefunded = false;
        for (const step of steps) {
          const consumed = consumedUnits(cancelled, returned);
          const left = order.lines.filter((l) => (consumed[l.lineNo] ?? 0) < l.quantity);
          if (left.length === 0) break;
          const line = left[step.pick % left.length];
          const asked = Math.min(step.size, line.quantity - (consumed[line.lineNo] ?? 0));
          // A short parcel: one unit less arrives (it stays returnable; the next step may send it).
          const arrived = step.short && asked > 1 ? asked - 1 : asked;
          const refund = refundForReturn(order, consumed, [{ lineNo: line.lineNo, quantity: arrived }], { policy, shippingRefunded });
          expect(refund.totalMinor).toBeGreaterThanOrEqual(0);
          // Same arithmetic as a cancel of those units would use (the shared unit shares).
          expect(refund.lines).toEqual(refundForCancel(order, consumed, [{ lineNo: line.lineNo, quantity: arrived }], { anythingShipped: true, shippingRefunded }).lines);
          shippingRefunded ||= refund.shipping.length > 0;
          returned.set(line.lineNo, (returned.get(line.lineNo) ?? 0) + arrived);
          refunded += refund.totalMinor;
          expect(refunded).toBeLessThanOrEqual(paid);
        }
        const consumed = consumedUnits(cancelled, returned);
        if (order.lines.every((l) => consumed[l.lineNo] === l.quantity)) {
          expect(refunded).toBe(policy === 'with_last_unit' ? paid : paid - shippingPaid(order));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refunding more units than are left throws (the ledger would be wrong), naming the line', () => {
    const order: PricedOrder = {
      currency: 'USD',
      taxesIncluded: false,
      shippingLines: [],
      lines: [{ lineNo: 1, quantity: 2, unitPriceMinor: 1000, discounts: [], taxLines: [] }],
    };
    expect(() => refundForReturn(order, { 1: 1 }, [{ lineNo: 1, quantity: 2 }], { policy: 'never', shippingRefunded: false })).toThrow(/lines\[0\]\.quantity/);
  });
});
