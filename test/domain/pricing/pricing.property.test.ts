// Properties of the money model over random orders (currencies of 0, 2 and 3 digits, taxes
// included or added, discounts, several tax lines, shipping): totals are the sums of their
// parts, cancelling every unit in any order and batching refunds exactly what was paid and never
// more, and capture shares always add up to the authorized total.
import fc from 'fast-check';
import { computeOrderTotals, refundForCancel, splitCaptures, unitsShare } from '../../../src/domain/pricing';
import { orderArb, unitsOf } from './arbitraries';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('order totals', () => {
  it('property: every total is the sum of its parts, per line, per shipping line and for the order', () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const t = computeOrderTotals(order);
        const addTax = order.taxesIncluded ? 0 : 1;
        for (const [i, l] of t.lines.entries()) {
          const line = order.lines[i];
          expect(l.subtotalMinor).toBe(line.unitPriceMinor * line.quantity);
          expect(l.discountsMinor).toBe(sum(line.discounts.map((d) => d.amountMinor)));
          expect(l.taxMinor).toBe(sum(line.taxLines.map((x) => x.amountMinor)));
          expect(l.totalMinor).toBe(l.subtotalMinor - l.discountsMinor + addTax * l.taxMinor);
          expect(l.totalMinor).toBeGreaterThanOrEqual(0);
        }
        expect(t.subtotalMinor).toBe(sum(t.lines.map((l) => l.subtotalMinor)));
        expect(t.shippingMinor).toBe(sum(t.shippingLines.map((s) => s.priceMinor)));
        expect(t.discountsMinor).toBe(sum(t.lines.map((l) => l.discountsMinor)) + sum(t.shippingLines.map((s) => s.discountsMinor)));
        expect(t.taxMinor).toBe(sum(t.lines.map((l) => l.taxMinor)) + sum(t.shippingLines.map((s) => s.taxMinor)));
        expect(t.totalMinor).toBe(t.subtotalMinor - t.discountsMinor + t.shippingMinor + addTax * t.taxMinor);
        expect(t.totalMinor).toBe(sum(t.lines.map((l) => l.totalMinor)) + sum(t.shippingLines.map((s) => s.totalMinor)));
      }),
    );
  });
});

describe('cancelling every unit', () => {
  it('property: one unit at a time in a random order refunds exactly the order total (shipping on the last), never more at any step', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) => fc.tuple(fc.constant(order), fc.shuffledSubarray(unitsOf(order), { minLength: unitsOf(order).length }))),
        ([order, sequence]) => {
          const totals = computeOrderTotals(order);
          let cancelled: Record<number, number> = {};
          let refunded = 0;
          let refundedTax = 0;
          let shippingRefunded = false;
          for (const lineNo of sequence) {
            const r = refundForCancel(order, cancelled, [{ lineNo, quantity: 1 }], { anythingShipped: false, shippingRefunded });
            expect(r.totalMinor).toBeGreaterThanOrEqual(0);
            refunded += r.totalMinor;
            refundedTax += r.taxMinor;
            shippingRefunded ||= r.shipping.length > 0;
            cancelled = r.cancelledAfter;
            expect(refunded).toBeLessThanOrEqual(totals.totalMinor);
          }
          expect(refunded).toBe(totals.totalMinor);
          expect(refundedTax).toBe(totals.taxMinor);
        },
      ),
    );
  });

  it('property: per line, any batching of the units refunds exactly what the line cost, each part (discounts, every tax line) included', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) => {
          const line = order.lines[0];
          return fc.tuple(fc.constant(order), fc.array(fc.integer({ min: 1, max: line.quantity }), { minLength: 1, maxLength: line.quantity }));
        }),
        ([order, batches]) => {
          const line = order.lines[0];
          const lineTotal = computeOrderTotals(order).lines[0];
          let done = 0;
          let total = 0;
          let discounts = 0;
          const taxByLine = line.taxLines.map(() => 0);
          for (const b of batches) {
            const n = Math.min(b, line.quantity - done);
            if (n === 0) break;
            const s = unitsShare(line, order.taxesIncluded, done, n);
            done += n;
            total += s.totalMinor;
            discounts += s.discountsMinor;
            s.taxLines.forEach((t, i) => (taxByLine[i] += t.amountMinor));
          }
          if (done < line.quantity) {
            const s = unitsShare(line, order.taxesIncluded, done, line.quantity - done);
            total += s.totalMinor;
            discounts += s.discountsMinor;
            s.taxLines.forEach((t, i) => (taxByLine[i] += t.amountMinor));
          }
          expect(total).toBe(lineTotal.totalMinor);
          expect(discounts).toBe(lineTotal.discountsMinor);
          expect(taxByLine).toEqual(line.taxLines.map((t) => t.amountMinor));
          // And nothing is left to cancel.
          expect(() => unitsShare(line, order.taxesIncluded, line.quantity, 1)).toThrow(/cannot cancel 1 more/);
        },
      ),
    );
  });

  it('property: after something shipped, cancelling the rest never refunds shipping', () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const all = order.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity }));
        const r = refundForCancel(order, {}, all, { anythingShipped: true, shippingRefunded: false });
        expect(r.shipping).toEqual([]);
        expect(r.totalMinor).toBe(sum(computeOrderTotals(order).lines.map((l) => l.totalMinor)));
      }),
    );
  });
});

describe('capture split', () => {
  it('property: captures are >= 0 and sum to the authorized total, whatever the parcels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), (authorized, parcels) => {
        const captures = splitCaptures(authorized, parcels);
        expect(captures).toHaveLength(parcels.length);
        for (const c of captures) expect(c).toBeGreaterThanOrEqual(0);
        expect(sum(captures)).toBe(authorized);
      }),
    );
  });

  it('property: no parcel but the last captures more than its proportional share of what was left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 8 }), (authorized, parcels) => {
        const captures = splitCaptures(authorized, parcels);
        let remaining = authorized;
        let units = sum(parcels);
        for (let i = 0; i < parcels.length - 1; i++) {
          // capture x units <= remaining x parcel, in exact integers.
          expect(BigInt(captures[i]) * BigInt(units)).toBeLessThanOrEqual(BigInt(remaining) * BigInt(parcels[i]));
          remaining -= captures[i];
          units -= parcels[i];
        }
      }),
    );
  });
});
