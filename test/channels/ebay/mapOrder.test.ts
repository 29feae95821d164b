// The eBay mapping on every fixture (test/fixtures/ebay, sources in test/fixtures/README.md): the
// fixture is an Order of eBay's published document, the hub takes the request it becomes, and the
// hub's own total equals the seller's share of eBay's total.
import { createOrderSchema } from '../../../src/api/orders/schemas';
import { requestMoney } from '../../../src/api/orders/pricedRequest';
import { computeOrderTotals } from '../../../src/domain/pricing';
import { formatMoney } from '../../../src/domain/money';
import { followUpsForKnownOrder, planEbayOrder, splitTaxes } from '../../../src/channels/ebay/mapOrder';
import type { EbayOrder } from '../../../src/channels/ebay/types';
import { openApiProblems } from '../../support/openApiSchema';
import fulfillmentModel from '../../fixtures/ebay/models/sell_fulfillment_v1.schemas.json';
import noSku from '../../fixtures/ebay/no-sku.json';
import buyerRemoved from '../../fixtures/ebay/buyer-removed.json';
import fullyRefunded from '../../fixtures/ebay/fully-refunded.json';
import cancelRequested from '../../fixtures/ebay/cancel-requested.json';

const fixtures: Record<string, EbayOrder> = { noSku, buyerRemoved, fullyRefunded, cancelRequested };

function hubTotal(request: unknown): string {
  const parsed = createOrderSchema.parse(request);
  return formatMoney(computeOrderTotals(requestMoney(parsed).pricing).totalMinor, parsed.currency);
}

describe.each(Object.entries(fixtures))('fixture %s', (_name, order) => {
  it('is an Order of the published document', () => {
    expect(openApiProblems(fulfillmentModel as never, 'Order', order, { closed: true })).toEqual([]);
  });

  it("maps to a request the hub accepts, whose total is the seller's share of pricingSummary.total", () => {
    const plan = planEbayOrder('ebay-t', order);
    expect(createOrderSchema.safeParse(plan.request).error?.issues).toBeUndefined();
    expect(plan.request.channelTotals?.total).toBe(plan.sellerTotal);
    expect(hubTotal(plan.request)).toBe(plan.sellerTotal);
    expect(plan.request.lines[0].channelLineId).toBe(order.lineItems![0].lineItemId);
  });
});

describe('eBay order mapping', () => {
  it('a line without sku names its listing by legacy item id; taxes eBay collects and remits are not the seller’s', () => {
    const { request, sellerTotal, afterCreate } = planEbayOrder('ebay-t', noSku);
    expect(request.lines[0]).toEqual({
      title: 'Sample listing title',
      listing: { legacyItemId: '295000000001' },
      quantity: 1,
      unitPrice: '263.00',
      channelLineId: '10081234500001',
    });
    // 294.33 includes STATE_SALES_TAX 24.33 and ELECTRONIC_RECYCLING_FEE 6.0 (in `taxes` and in ebayCollectAndRemitTaxes): the seller's is 263 + 1.
    expect(sellerTotal).toBe('264.00');
    expect(request.shippingLines).toEqual([{ service: 'ShippingMethodExpress', price: '1.00' }]);
    expect(request.payment).toEqual({ status: 'paid', reference: '2********L' });
    expect(request.shippingAddress).toEqual({ name: 'Pat Example', line1: '100 Sample Street', city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' });
    expect(afterCreate).toEqual([]);
  });

  it('buyer data removed: imports without customer or street address; a seller-collected tax is a tax line', () => {
    const { request, sellerTotal } = planEbayOrder('ebay-t', buyerRemoved);
    expect(request.customer).toEqual({});
    expect(request.shippingAddress).toEqual({ country: 'US' });
    expect(request.lines[0]).toMatchObject({
      sku: 'EBAY-SAMPLE-2',
      listing: { channelSku: 'EBAY-SAMPLE-2', legacyItemId: '295000000002' },
      taxLines: [{ title: 'STATE_SALES_TAX', rate: '0', amount: '24.33' }],
    });
    expect(sellerTotal).toBe('288.33');
  });

  it('FULLY_REFUNDED before import: recorded with nothing captured, then cancelled', () => {
    const { request, afterCreate } = planEbayOrder('ebay-t', fullyRefunded);
    expect(request.payment.status).toBe('pending');
    expect(afterCreate).toEqual([{ kind: 'cancel', reason: expect.stringContaining('FULLY_REFUNDED') }]);
  });

  it('CANCEL_REQUESTED: paid, promotion as a line discount, fulfilment paused behind an operator hold', () => {
    const { request, sellerTotal, afterCreate } = planEbayOrder('ebay-t', cancelRequested);
    expect(request.payment.status).toBe('paid');
    expect(request.lines[0].discounts).toEqual([{ code: '5000000000004', title: '5% off', amount: '13.15' }]);
    expect(request.channelTotals).toEqual({ total: '250.85', discounts: '13.15' });
    expect(sellerTotal).toBe('250.85');
    expect(afterCreate).toEqual([{ kind: 'hold', note: expect.stringMatching(/^eBay: cancel requested \(BUYER, BUYER_ASKED_CANCEL, request 5100000004\)/) }]);
  });

  it.each([
    ['PENDING', 'pending', 0],
    ['FAILED', 'pending', 1],
    ['PARTIALLY_REFUNDED', 'paid', 1],
  ])('orderPaymentStatus %s imports as %s with %i hold(s)', (status, hubStatus, holds) => {
    const { request, afterCreate } = planEbayOrder('ebay-t', { ...noSku, orderPaymentStatus: status });
    expect(request.payment.status).toBe(hubStatus);
    expect(afterCreate.filter((f) => f.kind === 'hold')).toHaveLength(holds);
  });

  it('cancelState CANCELED before import: recorded and cancelled', () => {
    const { afterCreate } = planEbayOrder('ebay-t', { ...noSku, cancelStatus: { cancelState: 'CANCELED', cancelRequests: [] } });
    expect(afterCreate).toEqual([{ kind: 'cancel', reason: expect.stringContaining('CANCELED') }]);
  });

  it('quantity 3 of a whole-quantity cost that does not divide: unit rounds up, a line discount gives the rounding back', () => {
    const order = structuredClone(buyerRemoved) as EbayOrder;
    order.lineItems![0].quantity = 3;
    order.lineItems![0].lineItemCost = { value: '10.0', currency: 'USD' };
    const line = planEbayOrder('ebay-t', order).request.lines[0];
    expect(line).toMatchObject({ quantity: 3, unitPrice: '3.34', discounts: [{ amount: '0.02' }] });
  });

  it('a collect-and-remit tax not repeated in `taxes` is outside the total (getOrders without TAX_BREAKDOWN)', () => {
    expect(splitTaxes([], [{ taxType: 'STATE_SALES_TAX', amount: { value: '4.62', currency: 'USD' } }])).toEqual({ seller: [], remitInTotal: [] });
    const order = structuredClone(noSku) as EbayOrder;
    order.lineItems![0].taxes = [];
    order.pricingSummary!.total = { value: '264.0', currency: 'USD' };
    expect(planEbayOrder('ebay-t', order).sellerTotal).toBe('264.00');
  });

  it('a negative price adjustment is an order discount, counted in the channel’s discounts, and the totals still reconcile', () => {
    const order = structuredClone(cancelRequested) as EbayOrder;
    order.pricingSummary!.adjustment = { value: '-5.0', currency: 'USD' };
    order.pricingSummary!.total = { value: '276.18', currency: 'USD' };
    const { request, sellerTotal } = planEbayOrder('ebay-t', order);
    expect(request.orderDiscounts).toEqual([{ title: 'eBay price adjustment', amount: '5.00' }]);
    expect(request.channelTotals).toEqual({ total: '245.85', discounts: '18.15' });
    expect(hubTotal(request)).toBe(sellerTotal);
  });

  describe('a known order seen again', () => {
    const hub = { status: 'processing', paymentStatus: 'paid', openHoldNotes: [] as string[] };
    it('a cancel request places the hold once', () => {
      const [hold] = followUpsForKnownOrder(cancelRequested, hub);
      expect(hold).toMatchObject({ kind: 'hold' });
      expect(followUpsForKnownOrder(cancelRequested, { ...hub, openHoldNotes: [(hold as { note: string }).note] })).toEqual([]);
    });
    it('PAID after PENDING records the payment of the seller total', () => {
      expect(followUpsForKnownOrder(noSku, { ...hub, paymentStatus: 'pending' }, '264.00')).toEqual([{ kind: 'recordPayment', amount: '264.00', reference: '2********L' }]);
    });
    it('FULLY_REFUNDED: cancels when nothing was captured, else an operator decides (the hub would refund again)', () => {
      expect(followUpsForKnownOrder(fullyRefunded, { ...hub, paymentStatus: 'pending' })).toEqual([{ kind: 'cancel', reason: expect.any(String) }]);
      expect(followUpsForKnownOrder(fullyRefunded, hub)).toEqual([{ kind: 'hold', note: expect.stringContaining('fully refunded on eBay') }]);
    });
    it('nothing new: nothing to do; a cancelled order is left alone', () => {
      expect(followUpsForKnownOrder(noSku, hub)).toEqual([]);
      expect(followUpsForKnownOrder(fullyRefunded, { ...hub, status: 'cancelled' })).toEqual([]);
    });
  });
});
