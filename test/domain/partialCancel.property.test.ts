// The partial-cancel bookkeeping the order workflow uses (src/domain/partialCancel.ts), over random
// priced orders: cancelling every unit in random batches (by line or by SKU, some requests sent
// twice) gives back exactly what was paid, never more at any step; the last batch turns into the
// full cancel, which gives back the rest (shipping included).
import fc from 'fast-check';
import type { AllocationLine } from '../../src/domain/order';
import { emptyLedger, planPartialCancel, recordPartialCancel, remainingRefund, afterRelease, type CancelLedger } from '../../src/domain/partialCancel';
import { computeOrderTotals, lineTotals, type PricedOrder } from '../../src/domain/pricing';
import { orderArb } from './pricing/arbitraries';

const inputOf = (order: PricedOrder) => ({
  lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: `SKU-${l.lineNo % 2}`, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
});

/** Each line's units split over two locations (the split point is random). */
const allocationsArb = (order: PricedOrder): fc.Arbitrary<AllocationLine[]> =>
  fc.tuple(...order.lines.map((l) => fc.integer({ min: 0, max: l.quantity }))).map((splits) =>
    order.lines.flatMap((l, i) =>
      [
        { lineNo: l.lineNo, sku: `SKU-${l.lineNo % 2}`, locationId: 'A', quantity: splits[i] },
        { lineNo: l.lineNo, sku: `SKU-${l.lineNo % 2}`, locationId: 'B', quantity: l.quantity - splits[i] },
      ].filter((a) => a.quantity > 0),
    ),
  );

const stepsArb = fc.array(fc.record({ pick: fc.nat(), size: fc.integer({ min: 1, max: 4 }), bySku: fc.boolean(), repeat: fc.boolean() }), { minLength: 60, maxLength: 60 });

describe('partial cancel bookkeeping', () => {
  it('property: cancelling every unit in random batches refunds exactly the amount paid, never more, nothing twice', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) => fc.tuple(fc.constant(order), allocationsArb(order), stepsArb)),
        ([order, initialAllocations, steps]) => {
          const paid = computeOrderTotals(order).totalMinor;
          const input = inputOf(order);
          let allocations = initialAllocations;
          let ledger: CancelLedger = emptyLedger();
          let refunded = 0;
          let full = false;
          let n = 0;
          let lastRequest: { id: string; lines: { lineId?: number; sku?: string; quantity: number }[] } | undefined;
          for (const step of steps) {
            const left = input.lines.map((l) => ({ l, units: l.quantity - (ledger.lines[l.lineNo]?.units ?? 0) })).filter((x) => x.units > 0);
            if (left.length === 0 || full) break;
            const { l, units } = left[step.pick % left.length];
            const request =
              step.repeat && lastRequest
                ? lastRequest
                : { id: `req-${n++}`, lines: [step.bySku ? { sku: l.sku, quantity: 1 } : { lineId: l.lineNo, quantity: Math.min(units, step.size) }] };
            lastRequest = request;
            const plan = planPartialCancel({ input, priced: order, allocations, shipments: [], ledger }, request.id, request.lines);
            if (plan === undefined) continue; // a request carried out before: nothing more
            if (!('requestId' in plan)) throw new Error(plan.message);
            expect(plan.refund.totalMinor).toBeGreaterThanOrEqual(0);
            expect(plan.releases.reduce((a, r) => a + r.quantity, 0)).toBe(plan.lines.reduce((a, r) => a + r.quantity, 0));
            if (plan.becomesFullCancel) {
              // The workflow cancels the whole order: the full cancel gives back the rest.
              refunded += remainingRefund(paid, ledger);
              expect(remainingRefund(paid, ledger)).toBe(plan.refund.totalMinor);
              full = true;
              continue;
            }
            ledger = recordPartialCancel(ledger, plan);
            allocations = afterRelease(allocations, [], plan.releases).allocations;
            refunded += plan.refund.totalMinor;
            expect(refunded).toBeLessThanOrEqual(paid);
          }
          const allGone = full || input.lines.every((l) => ledger.lines[l.lineNo]?.units === l.quantity);
          if (allGone) expect(refunded).toBe(paid);
          // Per line, what the ledger says went back never exceeds what the line cost.
          for (const line of order.lines) {
            const cost = lineTotals(line, order.taxesIncluded, `lines[${line.lineNo - 1}]`).totalMinor;
            expect(ledger.lines[line.lineNo]?.refundedMinor ?? 0).toBeLessThanOrEqual(cost);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses more units than are left, naming the line; an unknown line names the field', () => {
    const order: PricedOrder = { currency: 'USD', taxesIncluded: false, lines: [{ lineNo: 1, quantity: 3, unitPriceMinor: 1000, discounts: [], taxLines: [] }], shippingLines: [] };
    const facts = {
      input: { lines: [{ lineNo: 1, sku: 'A', quantity: 3, unitPriceMinor: 1000 }] },
      priced: order,
      allocations: [{ lineNo: 1, sku: 'A', locationId: 'L1', quantity: 3 }],
      shipments: [{ shipmentId: 's', locationId: 'L1', items: [{ sku: 'A', quantity: 3 }], status: 'dispatched' as const }],
      ledger: emptyLedger(),
    };
    expect(planPartialCancel(facts, 'r1', [{ lineId: 1, quantity: 1 }])).toEqual({ kind: 'invalid_state', message: expect.stringContaining('lines[0].quantity') });
    expect(planPartialCancel(facts, 'r1', [{ lineId: 9, quantity: 1 }])).toEqual({ kind: 'invalid_input', message: expect.stringContaining('lines[0].lineId') });
    expect(planPartialCancel(facts, 'r1', [{ sku: 'Z', quantity: 1 }])).toEqual({ kind: 'invalid_input', message: expect.stringContaining('lines[0].sku') });
  });
});
