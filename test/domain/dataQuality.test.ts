import { toOrderInput } from '../../src/api/orders/toOrderInput';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { isMailbox } from '../../src/domain/email';
import { needsDelivery } from '../../src/domain/order';
import { orderFacts } from '../../src/domain/rules/facts';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';

const extras = { customerOrderCount: 0, riskScore: 0, paymentStatus: 'paid', orderTotalUsdCents: 100 };
const noAddress = { name: '', line1: '', city: '', country: '' };

describe('isMailbox (RFC 6531)', () => {
  it.each(['用户@例子.广告', 'josé@example.com', 'a.b+tag@ex-ample.co.uk', "o'neil@shop.ie", 'Δ@δ.gr'])('accepts %s', (e) => expect(isMailbox(e)).toBe(true));
  it.each(['nope', 'a@b', 'a@@b.c', '.a@b.c', 'a.@b.c', 'a..b@c.d', 'a b@c.d', 'a@-b.c', 'a@b-.c', 'a@1.2.3.4', '@b.c', 'a\u200b@b.c', `${'x'.repeat(65)}@b.c`])(
    'refuses %p',
    (e) => expect(isMailbox(e)).toBe(false),
  );
});

describe('facts of orders with missing data', () => {
  it('an order that ships with an empty or partial address is incomplete; a pickup or digital-only order needs none', () => {
    expect(orderFacts(sampleOrderInput('S', { shippingAddress: noAddress }), extras).addressComplete).toBe(false);
    expect(orderFacts(sampleOrderInput('S', { shippingAddress: { ...noAddress, line1: '1 Main St', country: 'US' } }), extras).addressComplete).toBe(false);
    const pickup = sampleOrderInput('S', { shippingAddress: noAddress, fulfillment: { mode: 'pickup', pickupLocationId: 'WH-EAST' } });
    expect(orderFacts(pickup, extras).addressComplete).toBe(true);
    const digital = sampleOrderInput('S', { shippingAddress: noAddress, lines: [{ lineNo: 1, sku: 'GIFT', quantity: 1, unitPriceMinor: 500, requiresShipping: false }] });
    expect(needsDelivery(digital)).toBe(false);
    expect(orderFacts(digital, extras).addressComplete).toBe(true);
  });

  it('no destination country mismatches no billing country', () => {
    expect(orderFacts(sampleOrderInput('S', { shippingAddress: noAddress, billingCountry: 'DE' }), extras).billingCountryMismatch).toBe(false);
    expect(orderFacts(sampleOrderInput('S', { billingCountry: 'DE' }), extras).billingCountryMismatch).toBe(true);
  });
});

describe('toOrderInput', () => {
  const base = {
    channel: 'webstore',
    externalId: 'E-1',
    currency: 'USD',
    lines: [
      { sku: 'KNOWN', quantity: 1, unitPrice: '1.00' },
      { sku: 'NEW', quantity: 2, unitPrice: '2.00', requiresShipping: false },
    ],
    shippingService: 'standard',
    payment: { status: 'paid' },
  };

  it('keeps a missing e-mail, name and address missing (empty address fields), and names the lines of unknown SKUs', () => {
    const req = createOrderSchema.parse({ ...base, customer: { email: '', name: '  ' }, shippingAddress: { line1: '1 Main St' } });
    const input = toOrderInput('o-1', req, new Date(0), { lineSkus: req.lines.map((l) => (l.sku === 'NEW' ? null : l.sku!)) });
    expect(input.customer).toEqual({ tier: 'standard' });
    expect(input.shippingAddress).toEqual({ name: '', line1: '1 Main St', city: '', country: '' });
    expect(input.lines[1]).toMatchObject({ lineNo: 2, requiresShipping: false });
    expect(input.lines[0]).not.toHaveProperty('requiresShipping');
    // The unmapped line keeps how the channel named it (for mapLines) and whether it ships.
    expect(input.unmappedLines).toEqual([{ lineNo: 2, sku: 'NEW', listing: { channelSku: 'NEW' }, requiresShipping: false }]);
  });

  it('accepts no customer object at all, and lower-cases a given e-mail', () => {
    expect(toOrderInput('o-2', createOrderSchema.parse(base), new Date(0)).customer).toEqual({ tier: 'standard' });
    expect(toOrderInput('o-3', createOrderSchema.parse({ ...base, customer: { email: 'JOSÉ@Example.com' } }), new Date(0)).customer.email).toBe('josé@example.com');
  });
});
