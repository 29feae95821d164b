import { parsePricedOrder, PricingError, refundForCancel, shippingRefund, unitsShare, type PricedLine } from '../../../src/domain/pricing';

const line = (over: Partial<PricedLine> = {}): PricedLine => ({ lineNo: 1, quantity: 3, unitPriceMinor: 1000, discounts: [], taxLines: [], ...over });

describe('unitsShare', () => {
  it('1 of 3 units: price less its discount share plus its tax share, the extra minor units on the first units', () => {
    // 30.00 less 1.00 discount plus 2.32 tax: 31.32 over 3 units.
    const l = line({ discounts: [{ code: 'X', amountMinor: 100 }], taxLines: [{ title: 'VAT', rate: '0.08', amountMinor: 232 }] });
    const first = unitsShare(l, false, 0, 1);
    expect(first).toMatchObject({ units: 1, subtotalMinor: 1000, discountsMinor: 34, taxMinor: 78, totalMinor: 1044 });
    expect(first.discounts).toEqual([{ code: 'X', amountMinor: 34 }]);
    expect(first.taxLines).toEqual([{ title: 'VAT', rate: '0.08', amountMinor: 78 }]);
    expect(unitsShare(l, false, 1, 1).totalMinor).toBe(1044);
    expect(unitsShare(l, false, 2, 1)).toMatchObject({ discountsMinor: 33, taxMinor: 77, totalMinor: 1044 }); // 2.32 = 0.78 + 0.77 + 0.77
    expect(unitsShare(l, false, 0, 3).totalMinor).toBe(3000 - 100 + 232);
  });

  it('with taxes included the tax is shown but not added', () => {
    const l = line({ taxLines: [{ title: 'VAT', rate: '0.2', amountMinor: 500 }] });
    expect(unitsShare(l, true, 0, 1)).toMatchObject({ taxMinor: 167, totalMinor: 1000 });
  });

  it("two discounts on a cheap unit never make a unit's share negative (property-test counterexample)", () => {
    // unit price 0.01, 2 units, two discounts of 0.01: rounding each up on the first unit would give -0.01.
    const l = line({
      quantity: 2,
      unitPriceMinor: 1,
      discounts: [
        { code: 'A', amountMinor: 1 },
        { code: 'B', amountMinor: 1 },
      ],
    });
    const first = unitsShare(l, false, 0, 1);
    const second = unitsShare(l, false, 1, 1);
    expect(first).toMatchObject({ discountsMinor: 1, totalMinor: 0 });
    expect(first.discounts).toEqual([
      { code: 'A', amountMinor: 1 },
      { code: 'B', amountMinor: 0 },
    ]);
    expect(second.discounts).toEqual([
      { code: 'A', amountMinor: 0 },
      { code: 'B', amountMinor: 1 },
    ]);
    expect(second.totalMinor).toBe(0);
  });

  it('refuses cancelling more units than are left, naming the line', () => {
    expect(() => unitsShare(line(), false, 2, 2)).toThrow(PricingError);
    expect(() => unitsShare(line(), false, 2, 2)).toThrow('lines[0].quantity: cannot cancel 2 more of 3 units, 2 already cancelled');
    expect(() => unitsShare(line(), false, 0, 0)).toThrow('is not a whole number of units >= 1');
  });
});

describe('refundForCancel and the shipping rule', () => {
  const order = parsePricedOrder({
    currency: 'USD',
    lines: [
      { quantity: 3, unitPrice: '10.00', discounts: [{ amount: '1.00' }], taxLines: [{ title: 'Tax', rate: '0.08', amount: '2.32' }] },
      { quantity: 1, unitPrice: '5.00' },
    ],
    shippingLines: [{ service: 'standard', price: '4.00', taxLines: [{ title: 'Tax', rate: '0.08', amount: '0.32' }] }],
  });

  it("a partial cancel refunds the units' shares and no shipping", () => {
    const r = refundForCancel(order, {}, [{ lineNo: 1, quantity: 1 }], { anythingShipped: false, shippingRefunded: false });
    expect(r).toMatchObject({ totalMinor: 1044, taxMinor: 78, shipping: [], cancelledAfter: { 1: 1 } });
  });

  it('the cancel that leaves nothing to ship, before anything shipped, refunds shipping once', () => {
    const first = refundForCancel(order, {}, [{ lineNo: 1, quantity: 3 }], { anythingShipped: false, shippingRefunded: false });
    expect(first.shipping).toEqual([]);
    const last = refundForCancel(order, first.cancelledAfter, [{ lineNo: 2, quantity: 1 }], { anythingShipped: false, shippingRefunded: false });
    expect(last.shipping).toEqual([
      { service: 'standard', priceMinor: 400, discountsMinor: 0, taxLines: [{ title: 'Tax', rate: '0.08', amountMinor: 32 }], taxMinor: 32, totalMinor: 432 },
    ]);
    expect(first.totalMinor + last.totalMinor).toBe(3000 - 100 + 232 + 500 + 432);
  });

  it('no shipping refund once something shipped, or when it was refunded already', () => {
    const all = { allUnitsCancelled: true };
    expect(shippingRefund(order, { ...all, anythingShipped: true, shippingRefunded: false })).toEqual([]);
    expect(shippingRefund(order, { ...all, anythingShipped: false, shippingRefunded: true })).toEqual([]);
  });

  it('two entries for one line are taken one after the other; an unknown line is refused', () => {
    const r = refundForCancel(
      order,
      {},
      [
        { lineNo: 1, quantity: 1 },
        { lineNo: 1, quantity: 1 },
      ],
      { anythingShipped: false, shippingRefunded: false },
    );
    expect(r.lines.map((l) => l.totalMinor)).toEqual([1044, 1044]);
    expect(r.cancelledAfter).toEqual({ 1: 2 });
    expect(() => refundForCancel(order, {}, [{ lineNo: 9, quantity: 1 }], { anythingShipped: false, shippingRefunded: false })).toThrow('no line 9');
  });
});
