import fc from 'fast-check';
import { demandBySku, type OrderLineInput } from '../../src/domain/order';
import { orderTotalsOf } from '../../src/domain/orderMoney';

/** The simple shape's totals (what computeTotals gave before issue 13), through the pricing module. */
const computeTotals = (lines: OrderLineInput[], shippingMinor: number) => {
  const { subtotalMinor, shippingMinor: shipping, totalMinor } = orderTotalsOf({ currency: 'USD', lines, shippingService: 'standard', shippingMinor });
  return { subtotalMinor, shippingMinor: shipping, totalMinor };
};

const orderLine = (lineNo: number, sku: string, quantity: number, unitPriceMinor: number): OrderLineInput => ({ lineNo, sku, quantity, unitPriceMinor });

describe('orderTotalsOf, simple shape', () => {
  it('sums quantity x unit price, then adds shipping', () => {
    expect(computeTotals([orderLine(1, 'A', 2, 1999), orderLine(2, 'B', 1, 500)], 495)).toEqual({
      subtotalMinor: 4498,
      shippingMinor: 495,
      totalMinor: 4993,
    });
  });

  it('no lines: total is the shipping', () => {
    expect(computeTotals([], 700)).toEqual({ subtotalMinor: 0, shippingMinor: 700, totalMinor: 700 });
  });

  it('is exact in minor units (no floating point drift)', () => {
    // 3 x 0.29 + 0.01 would be 0.8799999999999999 in floating point dollars.
    expect(computeTotals([orderLine(1, 'A', 3, 29)], 1).totalMinor).toBe(88);
  });

  it('property: total = subtotal + shipping; subtotal = sum of line totals; line order does not matter', () => {
    const linesArb = fc.array(
      fc.record({ sku: fc.constantFrom('A', 'B', 'C'), quantity: fc.integer({ min: 1, max: 10_000 }), unitPriceMinor: fc.integer({ min: 0, max: 2_000_000 }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 0, max: 1_000_000 }), (raw, shipping) => {
        const lines = raw.map((l, i) => orderLine(i + 1, l.sku, l.quantity, l.unitPriceMinor));
        const totals = computeTotals(lines, shipping);
        let expected = 0;
        for (const l of lines) expected += l.quantity * l.unitPriceMinor;
        expect(totals.subtotalMinor).toBe(expected);
        expect(totals.shippingMinor).toBe(shipping);
        expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.shippingMinor);
        expect(Number.isSafeInteger(totals.totalMinor)).toBe(true);
        expect(computeTotals([...lines].reverse(), shipping)).toEqual(totals);
      }),
    );
  });
});

describe('demandBySku', () => {
  it('sums lines of the same SKU and keeps first-seen order', () => {
    const demand = demandBySku([
      { sku: 'B', quantity: 1 },
      { sku: 'A', quantity: 3 },
      { sku: 'B', quantity: 4 },
    ]);
    expect([...demand]).toEqual([
      ['B', 5],
      ['A', 3],
    ]);
  });

  it('empty input, empty demand', () => {
    expect(demandBySku([]).size).toBe(0);
  });

  it('treats SKUs case-sensitively', () => {
    expect([
      ...demandBySku([
        { sku: 'a', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ]),
    ]).toEqual([
      ['a', 1],
      ['A', 2],
    ]);
  });

  it('property: conserves the total and sums per SKU', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), quantity: fc.integer({ min: 0, max: 1000 }) })), (lines) => {
        const demand = demandBySku(lines);
        expect([...demand.keys()].sort()).toEqual([...new Set(lines.map((l) => l.sku))].sort());
        for (const [sku, qty] of demand) {
          expect(qty).toBe(lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0));
        }
        expect([...demand.values()].reduce((a, b) => a + b, 0)).toBe(lines.reduce((n, l) => n + l.quantity, 0));
      }),
    );
  });
});
