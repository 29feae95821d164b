// Hand-written orders for what the platform samples do not cover: taxes included (VAT), JPY
// (0 digits), KWD (3 digits), shop vs presentment currency, and the refusals.
import fc from 'fast-check';
import {
  computeOrderTotals,
  computeShopTotals,
  mismatchNote,
  parseChannelTotals,
  parsePricedOrder,
  pricedOrderFromSimple,
  PricingError,
  reconcileTotals,
  type PricedOrder,
} from '../../../src/domain/pricing';

/** What the hub computed before issue 13: unit price x quantity plus one shipping price. */
const computeTotals = (lines: readonly { quantity: number; unitPriceMinor: number }[], shippingMinor: number) => {
  const subtotalMinor = lines.reduce((a, l) => a + l.quantity * l.unitPriceMinor, 0);
  return { subtotalMinor, shippingMinor, totalMinor: subtotalMinor + shippingMinor };
};

describe('computeOrderTotals', () => {
  it('taxesIncluded (EUR VAT): the tax is reported but not added again', () => {
    const order = parsePricedOrder({
      currency: 'EUR',
      taxesIncluded: true,
      lines: [{ quantity: 2, unitPrice: '11.90', discounts: [{ code: 'WELCOME', amount: '2.38' }], taxLines: [{ title: 'MwSt', rate: '0.19', amount: '3.42' }] }],
      shippingLines: [{ service: 'standard', price: '4.90', taxLines: [{ title: 'MwSt', rate: '0.19', amount: '0.78' }] }],
    });
    const t = computeOrderTotals(order);
    expect(t).toMatchObject({ subtotalMinor: 2380, discountsMinor: 238, shippingMinor: 490, taxMinor: 420, totalMinor: 2632 });
    expect(reconcileTotals(t, parseChannelTotals({ total: '26.32', tax: '4.20', discounts: '2.38' }, 'EUR'), 'EUR')).toEqual({ ok: true });
    // The same figures with tax added on top would be 30.52: a channel total of 30.52 is a mismatch.
    expect(reconcileTotals(t, { totalMinor: 3052 }, 'EUR').ok).toBe(false);
  });

  it('JPY has no minor unit: 1,980 x 3 - 500 + 10% tax + 600 shipping', () => {
    const order = parsePricedOrder({
      currency: 'JPY',
      lines: [{ quantity: 3, unitPrice: '1980', discounts: [{ amount: '500' }], taxLines: [{ title: '消費税', rate: '0.1', amount: '544' }] }],
      shippingLines: [{ service: 'standard', price: '600' }],
    });
    const t = computeOrderTotals(order);
    expect(t).toMatchObject({ subtotalMinor: 5940, discountsMinor: 500, taxMinor: 544, shippingMinor: 600, totalMinor: 6584 });
    expect(reconcileTotals(t, parseChannelTotals({ total: '6584' }, 'JPY'), 'JPY')).toEqual({ ok: true });
    expect(reconcileTotals(t, parseChannelTotals({ total: '6585' }, 'JPY'), 'JPY')).toMatchObject({ ok: false, note: 'total: hub 6584 JPY, channel 6585 JPY (hub -1)' });
  });

  it('KWD has 3 digits: fils are exact', () => {
    const order = parsePricedOrder({
      currency: 'KWD',
      lines: [{ quantity: 7, unitPrice: '1.125', discounts: [{ amount: '0.005' }], taxLines: [{ title: 'VAT', rate: '0.05', amount: '0.394' }] }],
      shippingLines: [{ service: 'expedited', price: '2.500', discounts: [{ code: 'FREESHIP', amount: '2.500' }] }],
    });
    const t = computeOrderTotals(order);
    expect(t).toMatchObject({ subtotalMinor: 7875, discountsMinor: 2505, shippingMinor: 2500, taxMinor: 394, totalMinor: 8264 });
    expect(reconcileTotals(t, parseChannelTotals({ total: '8.264', tax: '0.394', discounts: '2.505' }, 'KWD'), 'KWD')).toEqual({ ok: true });
    expect(reconcileTotals(t, parseChannelTotals({ total: '8.263' }, 'KWD'), 'KWD')).toMatchObject({ ok: false, note: 'total: hub 8.264 KWD, channel 8.263 KWD (hub +0.001)' });
  });

  it("the simple shape (one shipping line, no tax, no discount) gives today's totals", () => {
    const order = parsePricedOrder({
      currency: 'USD',
      lines: [
        { quantity: 2, unitPrice: '19.99' },
        { quantity: 1, unitPrice: '5.00' },
      ],
      shippingLines: [{ service: 'standard', price: '4.95' }],
    });
    expect(computeOrderTotals(order)).toMatchObject({ subtotalMinor: 4498, discountsMinor: 0, shippingMinor: 495, taxMinor: 0, totalMinor: 4993 });
  });

  it('refuses a discount larger than what it discounts, naming the field', () => {
    const order: PricedOrder = {
      currency: 'USD',
      taxesIncluded: false,
      lines: [{ lineNo: 1, quantity: 1, unitPriceMinor: 500, discounts: [{ amountMinor: 300 }, { amountMinor: 201 }], taxLines: [] }],
      shippingLines: [],
    };
    expect(() => computeOrderTotals(order)).toThrow(PricingError);
    expect(() => computeOrderTotals(order)).toThrow('lines[0].discounts: discounts of 501 exceed the 500 they apply to');
    const shipping: PricedOrder = { ...order, lines: [], shippingLines: [{ service: 's', priceMinor: 100, discounts: [{ amountMinor: 101 }], taxLines: [] }] };
    expect(() => computeOrderTotals(shipping)).toThrow('shippingLines[0].discounts');
  });

  it('refuses fractional or negative minor units and a zero quantity', () => {
    const base = { lineNo: 1, quantity: 1, unitPriceMinor: 100, discounts: [], taxLines: [] };
    const order = (line: object): PricedOrder => ({ currency: 'USD', taxesIncluded: false, lines: [{ ...base, ...line }], shippingLines: [] });
    expect(() => computeOrderTotals(order({ unitPriceMinor: 1.5 }))).toThrow('lines[0].unitPrice');
    expect(() => computeOrderTotals(order({ quantity: 0 }))).toThrow('lines[0].quantity');
    expect(() => computeOrderTotals(order({ taxLines: [{ title: 'T', rate: '0.1', amountMinor: -1 }] }))).toThrow('lines[0].taxLines[0].amount');
  });
});

describe('shop currency', () => {
  const input = {
    currency: 'EUR',
    shopCurrency: 'USD',
    lines: [
      {
        quantity: 2,
        unitPrice: '10.00',
        shopUnitPrice: '10.87',
        discounts: [{ amount: '1.00', shopAmount: '1.09' }],
        taxLines: [{ title: 'VAT', rate: '0.2', amount: '3.80', shopAmount: '4.13' }],
      },
    ],
    shippingLines: [{ service: 'standard', price: '5.00', shopPrice: '5.44' }],
  };

  it('keeps both amounts and totals each currency on its own', () => {
    const order = parsePricedOrder(input);
    expect(order.lines[0]).toMatchObject({ unitPriceMinor: 1000, shopUnitPriceMinor: 1087 });
    expect(computeOrderTotals(order)).toMatchObject({ currency: 'EUR', totalMinor: 2780 });
    expect(computeShopTotals(order)).toMatchObject({ currency: 'USD', subtotalMinor: 2174, discountsMinor: 109, shippingMinor: 544, taxMinor: 413, totalMinor: 3022 });
  });

  it('no shop total when any shop amount is missing (the presentment figures stay authoritative)', () => {
    const partial = { ...input, shippingLines: [{ service: 'standard', price: '5.00' }] };
    expect(computeShopTotals(parsePricedOrder(partial))).toBeUndefined();
    expect(computeShopTotals(parsePricedOrder({ currency: 'EUR', lines: [{ quantity: 1, unitPrice: '1.00' }] }))).toBeUndefined();
  });

  it('a shop amount without shopCurrency is refused, naming the field', () => {
    expect(() => parsePricedOrder({ currency: 'EUR', lines: [{ quantity: 1, unitPrice: '1.00', shopUnitPrice: '1.08' }] })).toThrow(
      'lines[0].shopUnitPrice: a shop amount needs shopCurrency',
    );
  });
});

describe('reconcileTotals', () => {
  const hub = { subtotalMinor: 1000, discountsMinor: 100, shippingMinor: 0, taxMinor: 90, totalMinor: 990 };

  it('compares only the figures the channel sent', () => {
    expect(reconcileTotals(hub, { totalMinor: 990 }, 'USD')).toEqual({ ok: true });
    expect(reconcileTotals(hub, { totalMinor: 990, taxMinor: 90, discountsMinor: 100 }, 'USD')).toEqual({ ok: true });
  });

  it('reports every field that differs, with both figures and the difference', () => {
    const r = reconcileTotals(hub, { totalMinor: 989, taxMinor: 89, discountsMinor: 101 }, 'USD');
    expect(r).toEqual({
      ok: false,
      mismatches: [
        { field: 'total', hubMinor: 990, channelMinor: 989, differenceMinor: 1 },
        { field: 'tax', hubMinor: 90, channelMinor: 89, differenceMinor: 1 },
        { field: 'discounts', hubMinor: 100, channelMinor: 101, differenceMinor: -1 },
      ],
      note: 'total: hub 9.90 USD, channel 9.89 USD (hub +0.01); tax: hub 0.90 USD, channel 0.89 USD (hub +0.01); discounts: hub 1.00 USD, channel 1.01 USD (hub -0.01)',
    });
  });

  it("mismatchNote formats in the currency's digits", () => {
    expect(mismatchNote([{ field: 'total', hubMinor: 1000, channelMinor: 1001, differenceMinor: -1 }], 'BHD')).toBe('total: hub 1.000 BHD, channel 1.001 BHD (hub -0.001)');
  });
});

describe('the simple shape', () => {
  it('property: pricedOrderFromSimple totals equal computeTotals (subtotal, shipping, total)', () => {
    const linesArb = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 1_000 }), unitPriceMinor: fc.integer({ min: 0, max: 2_000_000 }) }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 0, max: 1_000_000 }), (raw, shipping) => {
        const lines = raw.map((l, i) => ({ lineNo: i + 1, sku: `S${i}`, ...l }));
        const legacy = computeTotals(lines, shipping);
        const t = computeOrderTotals(pricedOrderFromSimple('USD', lines, 'standard', shipping));
        expect({ subtotalMinor: t.subtotalMinor, shippingMinor: t.shippingMinor, totalMinor: t.totalMinor }).toEqual(legacy);
        expect(t.discountsMinor + t.taxMinor).toBe(0);
      }),
    );
  });
});
