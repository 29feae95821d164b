// Random orders for the pricing property tests: lines with discounts (never more than the line
// costs) and taxes, shipping lines, taxesIncluded either way, currencies of 0, 2 and 3 digits.
import fc from 'fast-check';
import type { Discount, PricedLine, PricedOrder, ShippingLine, TaxLine } from '../../../src/domain/pricing';

export const CURRENCIES = ['JPY', 'USD', 'EUR', 'KWD', 'BHD'] as const;

/** Up to `max` minor units split into `count` discounts (so their sum never exceeds `max`). */
function discountsUpTo(max: number): fc.Arbitrary<Discount[]> {
  return fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 3 }).chain((weights) =>
    fc.integer({ min: 0, max }).map((total) => {
      const sum = weights.reduce((a, b) => a + b, 0);
      if (weights.length === 0 || sum === 0) return [];
      // Floors never add up to more than `total`.
      return weights.map((w, i) => ({ code: `D${i}`, amountMinor: Math.floor((total * w) / sum) }));
    }),
  );
}

const taxLinesArb: fc.Arbitrary<TaxLine[]> = fc.array(
  fc.record({ title: fc.constantFrom('VAT', 'State tax', 'County tax'), rate: fc.constantFrom('0.06', '0.2', '0.025'), amountMinor: fc.integer({ min: 0, max: 50_000 }) }),
  { maxLength: 3 },
);

const lineArb = (lineNo: number): fc.Arbitrary<PricedLine> =>
  fc.record({ quantity: fc.integer({ min: 1, max: 12 }), unitPriceMinor: fc.integer({ min: 0, max: 200_000 }) }).chain(({ quantity, unitPriceMinor }) =>
    fc.record({
      lineNo: fc.constant(lineNo),
      channelLineId: fc.constant(`L${lineNo}`),
      quantity: fc.constant(quantity),
      unitPriceMinor: fc.constant(unitPriceMinor),
      discounts: discountsUpTo(quantity * unitPriceMinor),
      taxLines: taxLinesArb,
    }),
  );

const shippingArb: fc.Arbitrary<ShippingLine> = fc.integer({ min: 0, max: 20_000 }).chain((priceMinor) =>
  fc.record({
    service: fc.constantFrom('standard', 'expedited'),
    priceMinor: fc.constant(priceMinor),
    discounts: discountsUpTo(priceMinor),
    taxLines: taxLinesArb,
  }),
);

export const orderArb: fc.Arbitrary<PricedOrder> = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    taxesIncluded: fc.boolean(),
    lineCount: fc.integer({ min: 1, max: 5 }),
    shippingLines: fc.array(shippingArb, { maxLength: 2 }),
  })
  .chain(({ currency, taxesIncluded, lineCount, shippingLines }) =>
    fc.tuple(...Array.from({ length: lineCount }, (_, i) => lineArb(i + 1))).map((lines) => ({ currency, taxesIncluded, lines, shippingLines })),
  );

/** Every unit of the order, one entry per unit, in a random order (the cancel sequence). */
export function unitsOf(order: PricedOrder): number[] {
  return order.lines.flatMap((l) => Array.from({ length: l.quantity }, () => l.lineNo));
}
