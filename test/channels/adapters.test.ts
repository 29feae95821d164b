import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { adaptChannelOrder, type AdapterResult, CHANNEL_ADAPTERS } from '../../src/channels';

const sample = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'samples', `${name}.json`), 'utf8'));
const CHANNELS = Object.keys(CHANNEL_ADAPTERS);

function expectOk(result: AdapterResult) {
  if (!result.ok) throw new Error(`expected ok, got problems: ${JSON.stringify(result.problems)}`);
  const parsed = createOrderSchema.safeParse(result.order);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return result;
}

function problemFields(result: AdapterResult): string[] {
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems.map((p) => p.field).sort();
}

/** The result contract: ok with a schema-valid order, or a non-empty list of {field, message}. */
function assertWellFormed(result: AdapterResult): void {
  if (result.ok) {
    expect(createOrderSchema.safeParse(result.order).success).toBe(true);
    expect(['ship', 'pickup']).toContain(result.fulfillment);
    expect(Array.isArray(result.unknownFields)).toBe(true);
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(typeof p.field).toBe('string');
      expect(typeof p.message).toBe('string');
    }
  }
}

describe('webstore adapter', () => {
  it('maps a paid Shopify-style webhook with a VIP customer', () => {
    const raw = sample('webstore-order');
    const result = expectOk(adaptChannelOrder('webstore', raw));
    expect(result.order).toEqual({
      channel: 'webstore',
      externalId: '5839274610022',
      customer: { id: '7001234567890', email: 'maria.lopez@example.com', name: 'Maria Lopez', tier: 'vip' },
      currency: 'USD',
      lines: [
        { sku: 'TEE-BLK-M', quantity: 2, unitPrice: '19.99' },
        { sku: 'MUG-WHT', quantity: 1, unitPrice: '12.50' },
      ],
      shippingAddress: { name: 'Maria Lopez', line1: '221 Cedar Ave', line2: 'Apt 4B', city: 'Brooklyn', region: 'NY', postalCode: '11201', country: 'US' },
      shippingService: 'expedited',
      shippingPrice: '10.49',
      payment: { status: 'paid' },
      placedAt: '2024-05-14T09:21:37-04:00',
    });
    expect(result.fulfillment).toBe('ship');
    expect(result.unknownFields).toEqual(['name', 'total_price']);
    expect(result.raw).toBe(raw);
  });

  it('keeps an authorized (not captured) order authorized (the hub captures it) and drops empty optional address parts', () => {
    const result = expectOk(adaptChannelOrder('webstore', sample('webstore-authorized')));
    expect(result.order).toEqual({
      channel: 'webstore',
      externalId: '5839274610099',
      customer: { id: '7001234567999', email: 'j.schmidt@example.de', name: 'Jonas Schmidt', tier: 'standard' },
      currency: 'EUR',
      lines: [{ sku: 'SOCK-3PK', quantity: 3, unitPrice: '9.00' }],
      shippingAddress: { name: 'Jonas Schmidt', line1: 'Torstraße 12', city: 'Berlin', postalCode: '10119', country: 'DE' },
      shippingService: 'standard',
      shippingPrice: '4.90',
      payment: { status: 'authorized' },
      placedAt: '2024-05-14T16:02:11+02:00',
    });
  });

  it('a partially_paid order is authorized for what is outstanding; the rest counts as captured by the channel', () => {
    const base = sample('webstore-authorized') as Record<string, unknown>;
    const result = expectOk(adaptChannelOrder('webstore', { ...base, financial_status: 'partially_paid', total_price: '31.90', total_outstanding: '21.90' }));
    expect(result.order.payment).toEqual({ status: 'partially_paid', transactions: [{ kind: 'capture', amount: '10.00' }] });
    // Without the outstanding amount nothing says what was captured: pending, as before.
    expect(expectOk(adaptChannelOrder('webstore', { ...base, financial_status: 'partially_paid' })).order.payment).toEqual({ status: 'pending' });
  });

  it('maps shipping codes: next -> next_day, express/expedited -> expedited', () => {
    const base = sample('webstore-order') as Record<string, unknown>;
    const serviceFor = (code: string) => {
      const r = adaptChannelOrder('webstore', { ...base, shipping_lines: [{ code, price: '5.00' }] });
      return r.ok ? r.order.shippingService : undefined;
    };
    expect(serviceFor('NEXT_DAY_AIR')).toBe('next_day');
    expect(serviceFor('Expedited Parcel')).toBe('expedited');
    expect(serviceFor('Economy')).toBe('standard');
  });

  it('names native fields for bad lines', () => {
    const base = sample('webstore-order') as Record<string, unknown>;
    const result = adaptChannelOrder('webstore', {
      ...base,
      line_items: [
        { sku: '', quantity: 1, price: '1.00' },
        { sku: 'A-1', quantity: 1.5, price: '19.999' },
        { sku: 'A-2', quantity: 1, price: 19.99 },
      ],
    });
    expect(problemFields(result)).toEqual(['line_items.0.sku', 'line_items.1.price', 'line_items.1.quantity', 'line_items.2.price']);
  });
});

describe('amazon adapter', () => {
  it('maps a Prime MFN order as paid and next_day, splitting line totals exactly', () => {
    const result = expectOk(adaptChannelOrder('amazon', sample('amazon-prime-order')));
    expect(result.order).toEqual({
      channel: 'amazon',
      externalId: '113-4567890-1234567',
      customer: { email: '3xkq7v2n9pdl4wz@marketplace.amazon.com', name: 'Dana Whitfield', tier: 'standard' },
      currency: 'USD',
      lines: [{ sku: 'TEE-BLK-M', quantity: 3, unitPrice: '19.99' }],
      shippingAddress: { name: 'Dana Whitfield', line1: '4821 Larkspur Ln', city: 'Austin', region: 'TX', postalCode: '78745-2210', country: 'US' },
      shippingService: 'next_day',
      shippingPrice: '6.00',
      payment: { status: 'paid', reference: '113-4567890-1234567' },
      placedAt: '2024-05-15T03:12:45Z',
    });
    expect(result.order.payment.status).toBe('paid');
    expect(result.order.shippingService).toBe('next_day');
    expect(result.unknownFields).toEqual(['LastUpdateDate', 'SalesChannel']);
  });

  it('maps ShipServiceLevel when not Prime', () => {
    const base = sample('amazon-prime-order') as Record<string, unknown>;
    const level = (ShipServiceLevel: string) => {
      const r = adaptChannelOrder('amazon', { ...base, IsPrime: false, ShipServiceLevel });
      return r.ok ? r.order.shippingService : undefined;
    };
    expect(level('Standard')).toBe('standard');
    expect(level('Expedited')).toBe('expedited');
    expect(level('SecondDay')).toBe('expedited');
    expect(level('NextDay')).toBe('next_day');
  });

  it('rejects orders fulfilled by Amazon (AFN)', () => {
    const result = adaptChannelOrder('amazon', sample('amazon-afn-order'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([{ field: 'FulfillmentChannel', message: expect.stringMatching(/fulfilled by Amazon/) }]);
    }
  });

  it('reports indivisible totals, mismatched currency and bad quantity by native path', () => {
    const result = adaptChannelOrder('amazon', sample('amazon-broken-prices'));
    expect(problemFields(result)).toEqual([
      'OrderItems.0.ItemPrice.Amount',
      'OrderItems.1.ItemPrice.CurrencyCode',
      'OrderItems.2.ItemPrice.Amount',
      'OrderItems.2.QuantityOrdered',
    ]);
  });
});

describe('ebay adapter', () => {
  it('maps a paid order', () => {
    const result = expectOk(adaptChannelOrder('ebay', sample('ebay-order')));
    expect(result.order).toEqual({
      channel: 'ebay',
      externalId: '12-10987-65432',
      customer: { id: 'vintage_finds_uk', email: 'a1b2c3d4e5@members.ebay.com', name: 'Oliver Bennett', tier: 'standard' },
      currency: 'GBP',
      lines: [{ sku: 'MUG-WHT', quantity: 2, unitPrice: '12.00' }],
      shippingAddress: { name: 'Oliver Bennett', line1: '14 Marlowe Court', city: 'Leeds', region: 'West Yorkshire', postalCode: 'LS1 4DY', country: 'GB' },
      shippingService: 'standard',
      shippingPrice: '3.95',
      payment: { status: 'paid', reference: '12-10987-65432' },
      placedAt: '2024-05-13T18:04:22.000Z',
    });
    expect(result.fulfillment).toBe('ship');
    expect(result.unknownFields).toEqual(['legacyOrderId', 'orderFulfillmentStatus']);
  });

  it('reports every broken field of a bad order', () => {
    expect(problemFields(adaptChannelOrder('ebay', sample('ebay-broken')))).toEqual([
      'buyer.buyerRegistrationAddress.email',
      'creationDate',
      'fulfillmentStartInstructions.0.shippingStep.shipTo.contactAddress.countryCode',
      'lineItems.0.lineItemCost.currency',
      'lineItems.0.lineItemCost.value',
    ]);
  });
});

describe('pos adapter', () => {
  it('maps a completed sale as a paid pickup order', () => {
    const result = expectOk(adaptChannelOrder('pos', sample('pos-sale')));
    expect(result.fulfillment).toBe('pickup');
    expect(result.pickupLocationId).toBe('store-sf-01');
    expect(result.order).toEqual({
      channel: 'pos',
      externalId: 'S-20240515-0087',
      // A till sale without a customer: no e-mail, name or address is invented.
      customer: { tier: 'standard' },
      currency: 'USD',
      lines: [
        { sku: 'TEE-BLK-M', quantity: 1, unitPrice: '19.99' },
        { sku: 'MUG-WHT', quantity: 2, unitPrice: '12.50' },
      ],
      shippingService: 'standard',
      shippingPrice: '0.00',
      payment: { status: 'paid', reference: 'S-20240515-0087' },
      placedAt: '2024-05-15T17:45:03-07:00',
    });
    expect(result.unknownFields).toEqual(['cashier', 'register']);
  });

  it('uses the customer when given; storeCountry is checked but makes no address', () => {
    const base = sample('pos-sale') as Record<string, unknown>;
    const result = expectOk(adaptChannelOrder('pos', { ...base, storeCountry: 'CA', customer: { email: 'walkin@example.com', name: 'Priya Nair' } }));
    expect(result.order.customer).toEqual({ email: 'walkin@example.com', name: 'Priya Nair', tier: 'standard' });
    expect(result.order.shippingAddress).toBeUndefined();
    expect(problemFields(adaptChannelOrder('pos', { ...base, storeCountry: 'Canada' }))).toEqual(['storeCountry']);
  });

  it('rejects a sale whose tenders do not cover the total', () => {
    expect(problemFields(adaptChannelOrder('pos', sample('pos-underpaid')))).toEqual(['tenders']);
  });
});

describe('adaptChannelOrder', () => {
  it('rejects unknown channels', () => {
    expect(problemFields(adaptChannelOrder('etsy', {}))).toEqual(['channel']);
    expect(problemFields(adaptChannelOrder('__proto__', {}))).toEqual(['channel']);
  });

  it.each([null, undefined, [], 'order', 42, true])('returns problems for a non-object payload %p', (payload) => {
    for (const channel of CHANNELS) {
      expect(problemFields(adaptChannelOrder(channel, payload))).toEqual(['']);
    }
  });

  it('never throws on arbitrary input and always returns ok or problems', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHANNELS), fc.oneof(fc.anything(), fc.jsonValue()), (channel, payload) => {
        // Call the adapter itself, not the entry point, so its last-resort catch cannot hide a throw.
        assertWellFormed(CHANNEL_ADAPTERS[channel](payload));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a recorded sample with one field replaced or removed, and ok orders stay schema-valid', () => {
    const samples: [string, unknown][] = [
      ['webstore', sample('webstore-order')],
      ['amazon', sample('amazon-prime-order')],
      ['ebay', sample('ebay-order')],
      ['pos', sample('pos-sale')],
    ];
    const paths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (typeof v !== 'object' || v === null) return [prefix];
      const children = Object.entries(v).flatMap(([k, c]) => paths(c, [...prefix, Array.isArray(v) ? Number(k) : k]));
      return [prefix, ...children];
    };
    const mutate = (v: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown => {
      if (path.length === 0) return value;
      const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
      const [head, ...rest] = path;
      if (rest.length === 0 && remove) delete copy[head];
      else copy[head] = mutate(copy[head], rest, value, remove);
      return copy;
    };
    const cases = fc
      .constantFrom(...samples)
      .chain(([channel, payload]) => fc.tuple(fc.constant(channel), fc.constant(payload), fc.constantFrom(...paths(payload)), fc.jsonValue(), fc.boolean()));
    fc.assert(
      fc.property(cases, ([channel, payload, path, value, remove]) => {
        assertWellFormed(CHANNEL_ADAPTERS[channel](mutate(payload, path, value, remove)));
      }),
      { numRuns: 1000 },
    );
  });
});
