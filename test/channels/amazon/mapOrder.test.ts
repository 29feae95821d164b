// Amazon order -> hub request, on the published SP-API examples (test/fixtures/README.md): the
// request must pass the hub's own validation and its total must equal Amazon's OrderTotal.
import { createOrderSchema, type CreateOrderRequest } from '../../../src/api/orders/schemas';
import { requestMoney } from '../../../src/api/orders/pricedRequest';
import { computeOrderTotals, reconcileTotals } from '../../../src/domain/pricing';
import { decideAmazonOrder, serviceOf } from '../../../src/channels/amazon/mapOrder';
import type { AmazonOrderBundle } from '../../../src/channels/amazon/types';
import mfn from '../../fixtures/amazon/mfn-unshipped.json';
import pending from '../../fixtures/amazon/pending-no-total.json';
import afn from '../../fixtures/amazon/afn-shipped.json';
import canceled from '../../fixtures/amazon/canceled.json';

function imported(bundle: unknown): { request: CreateOrderRequest; recordOnly: boolean } {
  const decision = decideAmazonOrder('amazon', bundle as AmazonOrderBundle, false);
  if (decision.kind !== 'import') throw new Error(`expected an import, got ${decision.kind}`);
  return decision;
}

function reconciled(request: CreateOrderRequest) {
  const parsed = createOrderSchema.parse(request);
  const money = requestMoney(parsed);
  const totals = computeOrderTotals(money.pricing);
  return { parsed, totals, reconciliation: reconcileTotals(totals, money.channelTotals!, parsed.currency) };
}

describe('Amazon order mapping (SP-API Orders v0 examples)', () => {
  it('maps the MFN order with tax, shipping, a shipping discount and a promotion; its total is OrderTotal', () => {
    const { request, recordOnly } = imported(mfn);
    expect(recordOnly).toBe(false);
    const { parsed, totals, reconciliation } = reconciled(request);
    expect(reconciliation).toEqual({ ok: true });
    expect(totals.totalMinor).toBe(2876);
    expect(parsed.currency).toBe('USD');
    expect(parsed.taxesIncluded).toBe(false);
    expect(parsed.payment).toEqual({ status: 'paid', reference: '902-1845936-5435065' });
    expect(parsed.shippingService).toBe('standard');
    expect(parsed.lines.map((l) => [l.channelLineId, l.listing, l.quantity, l.unitPrice])).toEqual([
      ['05015851154158', { channelSku: 'NABetaASINB00551Q3CS', asin: 'B00551Q3CS' }, 1, '10.00'],
      // ItemPrice 17.95 for 2 units: 8.98 each and a 0.01 rounding discount.
      ['79039765272157', { channelSku: 'CBA_OTF_5', asin: 'BCTU1104UEFB' }, 2, '8.98'],
    ]);
    expect(parsed.lines[1].discounts).toEqual([
      { title: 'ItemPrice per unit rounding', amount: '0.01' },
      { code: 'FREESHIP', title: 'PromotionDiscount', amount: '2.00' },
    ]);
    expect(parsed.lines.every((l) => l.requiresShipping === undefined)).toBe(true);
    expect(parsed.shippingAddress).toMatchObject({ name: 'MFNIntegrationTestMerchant', line1: '2201 WESTLAKE AVE', city: 'SEATTLE', country: 'US' });
    expect(parsed.customer.email).toBe('fzyrv6gwkhbb15c@example.com');
  });

  it('without the address and buyer data (no Restricted Data Token) still maps: the hub holds it for the address', () => {
    const { request } = imported({ ...mfn, address: undefined, buyerInfo: undefined });
    const { parsed, reconciliation } = reconciled(request);
    expect(reconciliation).toEqual({ ok: true });
    expect(parsed.shippingAddress).toBeUndefined();
    expect(parsed.customer.email).toBeUndefined();
  });

  it('waits for a Pending order (no OrderTotal, no prices) until it is Unshipped', () => {
    expect(decideAmazonOrder('amazon', pending as AmazonOrderBundle, false)).toMatchObject({ kind: 'wait', externalId: '902-3159896-1390916' });
    expect(decideAmazonOrder('amazon', { ...(pending as AmazonOrderBundle), order: { ...pending.order, OrderStatus: 'PendingAvailability' } }, false).kind).toBe('wait');
  });

  it('records the AFN order for reporting only: no line ships, taxes are included (Amazon.de), total 100.00 EUR', () => {
    const { request, recordOnly } = imported(afn);
    expect(recordOnly).toBe(true);
    const { parsed, reconciliation } = reconciled(request);
    expect(reconciliation).toEqual({ ok: true });
    expect(parsed.currency).toBe('EUR');
    expect(parsed.taxesIncluded).toBe(true);
    expect(parsed.lines.every((l) => l.requiresShipping === false)).toBe(true);
  });

  it('cancels a Canceled order the hub imported, and ignores one it never did', () => {
    expect(decideAmazonOrder('amazon', canceled as AmazonOrderBundle, true)).toEqual({ kind: 'cancel', externalId: '902-1845936-5435065' });
    expect(decideAmazonOrder('amazon', canceled as AmazonOrderBundle, false).kind).toBe('ignore');
  });

  it('maps every ShipmentServiceLevelCategory to a hub service', () => {
    expect(['Standard', 'Expedited', 'NextDay', 'SecondDay', 'Priority', 'Scheduled', 'SameDay', undefined].map(serviceOf)).toEqual([
      'standard',
      'expedited',
      'next_day',
      'expedited',
      'expedited',
      'standard',
      'next_day',
      'standard',
    ]);
  });

  it('IsPrime becomes the isPrime rule fact and leaves the service to ShipmentServiceLevelCategory (Prime is no next-day promise)', () => {
    const { request } = imported({ ...mfn, order: { ...mfn.order, IsPrime: true, ShipmentServiceLevelCategory: 'Standard' } });
    expect(request).toMatchObject({ isPrime: true, shippingService: 'standard' });
    expect(createOrderSchema.parse(request).isPrime).toBe(true);
    expect(imported(mfn).request.isPrime).toBe(false);
  });
});
