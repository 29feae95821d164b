import fc from 'fast-check';
import { fullCreditNote, shipmentInvoice } from '../../src/domain/erpDocuments';
import type { AllocationLine, OrderInput, ShipmentState } from '../../src/domain/order';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import type { PricedOrder } from '../../src/domain/pricing';

// Issue 13: the invoices of all parcels add up exactly to the order's figures, whatever the split.
const LOCATIONS = ['WH-EAST', 'WH-WEST', 'WH-NORTH'];

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 7 }),
  unitPriceMinor: fc.integer({ min: 1, max: 5000 }),
  discountPct: fc.integer({ min: 0, max: 100 }),
  tax: fc.integer({ min: 0, max: 999 }),
  split: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 7, maxLength: 7 }),
});

test('property: every parcel’s invoice takes consecutive unit shares; all invoices sum to the order (lines, discounts, tax, total); a full credit note equals the order', () => {
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.integer({ min: 0, max: 900 }), (raw, taxesIncluded, shipTax) => {
      const pricing: PricedOrder = {
        currency: 'USD',
        taxesIncluded,
        lines: raw.map((l, i) => ({
          lineNo: i + 1,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
          discounts: [
            { code: 'A', amountMinor: Math.floor((l.unitPriceMinor * l.quantity * l.discountPct) / 200) },
            { amountMinor: Math.floor((l.unitPriceMinor * l.quantity * l.discountPct) / 200) },
          ],
          taxLines: [{ title: 'T', rate: '0.1', amountMinor: l.tax }],
        })),
        shippingLines: [{ service: 'Ground', priceMinor: 500, discounts: [], taxLines: [{ title: 'T', rate: '0.1', amountMinor: shipTax }] }],
      };
      const input = {
        currency: 'USD',
        lines: raw.map((l, i) => ({ lineNo: i + 1, sku: `S${i}`, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
        shippingService: 'standard',
        shippingMinor: 500,
        pricing,
      } as Pick<OrderInput, 'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'>;
      const allocations: AllocationLine[] = [];
      raw.forEach((l, i) => {
        for (let u = 0; u < l.quantity; u++) {
          const locationId = LOCATIONS[l.split[u]];
          const a = allocations.find((x) => x.lineNo === i + 1 && x.locationId === locationId);
          if (a) a.quantity += 1;
          else allocations.push({ lineNo: i + 1, sku: `S${i}`, locationId, quantity: 1 });
        }
      });
      const shipments: ShipmentState[] = [...new Set(allocations.map((a) => a.locationId))].map((locationId) => ({
        shipmentId: `o-${locationId}`,
        locationId,
        items: [],
        status: 'dispatched',
      }));
      const invoices = shipments.map((s) => shipmentInvoice(input, allocations, shipments, s.shipmentId));
      const order = orderTotalsOf(input);
      const sum = (f: (d: (typeof invoices)[number]) => number) => invoices.reduce((a, d) => a + f(d), 0);
      expect(sum((d) => d.subtotalMinor)).toBe(order.subtotalMinor);
      expect(sum((d) => d.discountsMinor)).toBe(order.discountsMinor);
      expect(sum((d) => d.taxMinor)).toBe(order.taxMinor);
      expect(sum((d) => d.totalMinor)).toBe(order.totalMinor);
      expect(sum((d) => d.lines.reduce((a, l) => a + l.taxLines.reduce((b, t) => b + t.amountMinor, 0), 0) + d.shippingLines.reduce((a, s) => a + s.taxMinor, 0))).toBe(
        order.taxMinor,
      );
      expect(fullCreditNote(input)).toMatchObject({
        subtotalMinor: order.subtotalMinor,
        discountsMinor: order.discountsMinor,
        taxMinor: order.taxMinor,
        totalMinor: order.totalMinor,
      });
    }),
  );
});
