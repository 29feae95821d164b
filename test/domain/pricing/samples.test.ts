// The money model against the platforms' own sample orders (test/fixtures/README.md says where
// each one comes from). Each fixture holds the figures as the platform wrote them; the hub's
// totals must equal the platform's to the minor unit.
import { MoneyFieldError, parseMoney } from '../../../src/domain/money';
import {
  allocateOrderDiscount,
  computeOrderTotals,
  parseChannelTotals,
  parsePricedOrder,
  reconcileTotals,
  refundForCancel,
  type ChannelTotalsInput,
  type PricedOrderInput,
} from '../../../src/domain/pricing';
import shopify1001 from '../../fixtures/pricing/shopify-order-450789469.json';
import shopifyTwoTaxes from '../../fixtures/pricing/shopify-order-two-taxes.json';
import shopifyEur from '../../fixtures/pricing/shopify-order-eur-sale.json';
import shopifyHkd from '../../fixtures/pricing/shopify-webhook-hkd-discounts.json';
import amazon from '../../fixtures/pricing/amazon-spapi-test-case-200.json';
import ebay from '../../fixtures/pricing/ebay-getorder-fee.json';

/** What the hub computed before issue 13: unit price x quantity plus one shipping price. */
const computeTotals = (lines: readonly { quantity: number; unitPriceMinor: number }[], shippingMinor: number) => {
  const subtotalMinor = lines.reduce((a, l) => a + l.quantity * l.unitPriceMinor, 0);
  return { subtotalMinor, shippingMinor, totalMinor: subtotalMinor + shippingMinor };
};

interface Sample {
  order: PricedOrderInput;
  channelTotals: ChannelTotalsInput;
}

function load(sample: Sample) {
  const order = parsePricedOrder(sample.order);
  const totals = computeOrderTotals(order);
  const channel = parseChannelTotals(sample.channelTotals, order.currency);
  return { order, totals, channel, reconciliation: reconcileTotals(totals, channel, order.currency) };
}

describe.each([
  ['Shopify REST order #1001 (line discounts, per-line tax)', shopify1001, 59894],
  ['Shopify order with state and county tax lines', shopifyTwoTaxes, 27037],
  ['Shopify EUR order, 3 units and a tax line', shopifyEur, 23847],
  ['Shopify HKD webhook with 34.10 of discounts', shopifyHkd, 18690],
  ['Amazon SP-API TEST_CASE_200 (ItemTax counts)', amazon, 1101],
  ['eBay getOrder with a collected fee', ebay, 29433],
])('%s', (_name, sample, expectedTotal) => {
  it('reconciles with the channel totals to the minor unit', () => {
    const { totals, reconciliation } = load(sample as Sample);
    expect(totals.totalMinor).toBe(expectedTotal);
    expect(reconciliation).toEqual({ ok: true });
  });

  it('a channel total one minor unit off is a mismatch naming both figures', () => {
    const { totals, order } = load(sample as Sample);
    const r = reconcileTotals(totals, { totalMinor: totals.totalMinor + 1 }, order.currency);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.mismatches).toEqual([{ field: 'total', hubMinor: totals.totalMinor, channelMinor: totals.totalMinor + 1, differenceMinor: -1 }]);
  });
});

describe('Shopify REST order #1001', () => {
  it('the breakdown: 597.00 of items, 10.00 of discounts, 11.94 of tax, no shipping', () => {
    const { totals } = load(shopify1001 as Sample);
    expect(totals).toMatchObject({ subtotalMinor: 59700, discountsMinor: 1000, shippingMinor: 0, taxMinor: 1194, totalMinor: 59894 });
    expect(totals.lines.map((l) => l.totalMinor)).toEqual([19964, 19965, 19965]);
  });

  it("today's computeTotals drops the tax and the discount (the defect issue 13 describes)", () => {
    const lines = shopify1001.order.lines.map((l, i) => ({ lineNo: i + 1, sku: l.channelLineId, quantity: l.quantity, unitPriceMinor: parseMoney(l.unitPrice, 'USD') }));
    expect(computeTotals(lines, 0).totalMinor).toBe(59700); // not the 598.94 the customer paid
  });

  it("allocating the order-level TENOFF 10.00 by largest remainder gives Shopify's own 3.34 / 3.33 / 3.33", () => {
    const bare = parsePricedOrder({ ...shopify1001.order, lines: shopify1001.order.lines.map((l) => ({ ...l, discounts: [] })) } as PricedOrderInput);
    expect(allocateOrderDiscount(bare.lines, parseMoney(shopify1001.orderDiscount.amount, 'USD'))).toEqual([334, 333, 333]);
  });

  it('refunding the two lines Shopify refunded gives its refund_line_items subtotal + tax (399.29)', () => {
    const { order } = load(shopify1001 as Sample);
    const lineNos = shopify1001.refundedLines.channelLineIds.map((id) => order.lines.find((l) => l.channelLineId === id)!.lineNo);
    const r = refundForCancel(
      order,
      {},
      lineNos.map((lineNo) => ({ lineNo, quantity: 1 })),
      { anythingShipped: false, shippingRefunded: false },
    );
    expect(r.totalMinor).toBe(parseMoney(shopify1001.refundedLines.subtotalPlusTax, 'USD'));
    expect(r.taxMinor).toBe(796);
    expect(r.shipping).toEqual([]); // one line is left, so the order is not wholly cancelled
  });
});

describe('Shopify HKD webhook with 34.10 of discounts', () => {
  it('totals 186.90, not the 221.00 of items plus shipping', () => {
    const { totals } = load(shopifyHkd as Sample);
    expect(totals).toMatchObject({ subtotalMinor: 19900, discountsMinor: 3410, shippingMinor: 2200, taxMinor: 0, totalMinor: 18690 });
    const lines = shopifyHkd.order.lines.map((l, i) => ({ lineNo: i + 1, sku: l.channelLineId, quantity: l.quantity, unitPriceMinor: parseMoney(l.unitPrice, 'HKD') }));
    expect(computeTotals(lines, 2200).totalMinor).toBe(22100);
  });

  it("the percentage code, allocated after the fixed discount, lands exactly on Shopify's 14.10 and 15.00", () => {
    const order = parsePricedOrder({
      ...shopifyHkd.order,
      lines: shopifyHkd.order.lines.map((l) => ({ ...l, discounts: l.discounts.filter((d) => d.code !== '0124D') })),
    } as PricedOrderInput);
    expect(allocateOrderDiscount(order.lines, parseMoney(shopifyHkd.percentageCode.amount, 'HKD'))).toEqual([1410, 1500]);
  });
});

describe('Amazon SP-API samples', () => {
  it('ItemTax is part of the total: 10.00 + 1.01 = OrderTotal 11.01', () => {
    const { totals } = load(amazon as Sample);
    expect(totals).toMatchObject({ subtotalMinor: 1000, taxMinor: 101, totalMinor: 1101 });
  });

  it('the JPY example\'s ItemPrice "25.99" has decimals JPY does not have: refused, naming field and value', () => {
    const input = { currency: 'JPY', lines: [{ quantity: 1, unitPrice: amazon.jpyExampleItemPrice.amount }] };
    expect(() => parsePricedOrder(input)).toThrow(MoneyFieldError);
    expect(() => parsePricedOrder(input)).toThrow('lines[0].unitPrice: "25.99" has more than 0 decimal places for JPY');
  });
});

describe('eBay getOrder with a collected fee', () => {
  it('the fee from lineItems.taxes counts: 263.0 + 1.0 + 24.33 + 6.0 = totalDueSeller 294.33', () => {
    const { totals } = load(ebay as Sample);
    expect(totals).toMatchObject({ subtotalMinor: 26300, shippingMinor: 100, taxMinor: 3033, totalMinor: 29433 });
  });

  it('pricingSummary.tax alone (24.33, without the fee) is reported as a tax mismatch, never absorbed', () => {
    const { totals } = load(ebay as Sample);
    const r = reconcileTotals(totals, { totalMinor: 29433, taxMinor: parseMoney(ebay.pricingSummary.tax, 'USD') }, 'USD');
    expect(r).toEqual({
      ok: false,
      mismatches: [{ field: 'tax', hubMinor: 3033, channelMinor: 2433, differenceMinor: 600 }],
      note: 'tax: hub 30.33 USD, channel 24.33 USD (hub +6.00)',
    });
  });
});
