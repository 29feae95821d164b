import { createOrderSchema } from '../../../src/api/orders/schemas';
import { requestMoney } from '../../../src/api/orders/pricedRequest';
import { computeOrderTotals, computeShopTotals } from '../../../src/domain/pricing';
import { parseMoney } from '../../../src/domain/money';
import { parseJsonLossless, quoteUnsafeIntegers } from '../../../src/channels/shopify/losslessJson';
import { shopifyHmac, verifyShopifyHmac } from '../../../src/channels/shopify/hmac';
import { mapShopifyOrder, type MappedShopifyOrder } from '../../../src/channels/shopify/orderMapping';
import { fixtureText, SHOPIFY_FIXTURES, type FixtureName } from './fixtures';

describe('lossless JSON', () => {
  test('an id above 2^53 keeps its digits; JSON.parse would round it', () => {
    const text = '{"id": 820982911946154508, "n": 12, "price": 1.5, "big": -9007199254740993, "s": "820982911946154508 \\" 9007199254740993"}';
    expect((JSON.parse(text) as { id: number }).id).toBe(820982911946154500);
    expect(parseJsonLossless(text)).toEqual({ id: '820982911946154508', n: 12, price: 1.5, big: '-9007199254740993', s: '820982911946154508 " 9007199254740993' });
  });
  test('safe integers, exponents and fractions stay numbers; invalid JSON is still refused', () => {
    expect(quoteUnsafeIntegers('[9007199254740991, 1e25, 12345678901234567.5]')).toBe('[9007199254740991, 1e25, 12345678901234567.5]');
    expect(() => parseJsonLossless('{"id": 820982911946154508')).toThrow(SyntaxError);
  });
  test("Shopify's test notification: every 64-bit id intact, slashes escaped as Shopify writes them", () => {
    const o = parseJsonLossless(fixtureText('testNotification')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(o.id).toBe('820982911946154508');
    expect(o.line_items.map((l: { id: string }) => l.id)).toEqual(['866550311766439020', '141249953214522974']);
    expect(o.customer.id).toBe('115310627314723954');
    expect(o.admin_graphql_api_id).toBe('gid://shopify/Order/820982911946154508');
  });
});

describe('X-Shopify-Hmac-Sha256', () => {
  const body = Buffer.from(fixtureText('authorized'));
  test('base64 HMAC-SHA256 of the raw body; either secret of a rotation verifies', () => {
    expect(verifyShopifyHmac(['old-secret-1', 'new-secret-2'], shopifyHmac('new-secret-2', body), body)).toBe(true);
    expect(verifyShopifyHmac(['old-secret-1'], shopifyHmac('new-secret-2', body), body)).toBe(false);
    expect(verifyShopifyHmac(['old-secret-1'], shopifyHmac('old-secret-1', body), Buffer.concat([body, Buffer.from(' ')]))).toBe(false);
    expect(verifyShopifyHmac(['old-secret-1'], undefined, body)).toBe(false);
    expect(verifyShopifyHmac(['old-secret-1'], 'not base64 of 32 bytes', body)).toBe(false);
  });
});

function mapped(name: FixtureName): MappedShopifyOrder {
  const m = mapShopifyOrder('shopify', parseJsonLossless(fixtureText(name)));
  if (!m.ok) throw new Error(JSON.stringify(m.problems));
  return m;
}

/** Hub totals of the request the API would accept (or the test fails naming the field). */
function totals(m: MappedShopifyOrder) {
  const parsed = createOrderSchema.safeParse(m.request);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  const { pricing } = requestMoney(parsed.data);
  return { req: parsed.data, total: computeOrderTotals(pricing).totalMinor, shop: computeShopTotals(pricing)?.totalMinor };
}

describe('each fixture maps to a request the API accepts, with Shopify total', () => {
  test.each(Object.keys(SHOPIFY_FIXTURES) as FixtureName[])('%s', (name) => {
    const m = mapped(name);
    const { req, total } = totals(m);
    const raw = parseJsonLossless(fixtureText(name)) as { total_price: string; total_price_set?: { presentment_money: { amount: string } } };
    expect(req.channelTotals?.total).toBe(raw.total_price_set?.presentment_money.amount ?? raw.total_price);
    // The test notification's own figures do not add up (a 5.00 discount on a 0.00 line): held total_mismatch on the stack.
    if (name === 'testNotification') expect(total).not.toBe(parseMoney(req.channelTotals!.total, req.currency));
    else expect(total).toBe(parseMoney(req.channelTotals!.total, req.currency));
  });

  test('#1001 authorized: tax lines and TENOFF split 3.34/3.33/3.33 per line, variant ids as listings, line ids kept', () => {
    const { req } = totals(mapped('authorized'));
    expect(req.payment).toEqual({ status: 'authorized', reference: 'shopify:450789469' });
    expect(req.lines.map((l) => [l.sku, l.listing?.variantId, l.channelLineId, l.discounts?.[0].amount, l.discounts?.[0].code, l.taxLines?.[0].amount])).toEqual([
      ['IPOD2008GREEN', '39072856', '466157049', '3.34', 'TENOFF', '3.98'],
      ['IPOD2008RED', '49148385', '518995019', '3.33', 'TENOFF', '3.98'],
      ['IPOD2008BLACK', '457924702', '703073504', '3.33', 'TENOFF', '3.98'],
    ]);
    expect(req.customer).toMatchObject({ email: 'bob.norman@mail.example.com', name: 'Bob Norman' });
    expect(req.shippingAddress).toMatchObject({ line1: 'Chestnut Street 92', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US' });
  });

  test('multi-currency: the order in EUR (presentment), the shop figures in USD, taxes included', () => {
    const m = mapped('multiCurrency');
    const { req, total, shop } = totals(m);
    expect([req.currency, req.shopCurrency, req.taxesIncluded]).toEqual(['EUR', 'USD', true]);
    expect(req.lines[0]).toMatchObject({ unitPrice: '233.99', shopUnitPrice: '255.79', taxLines: [{ amount: '39.00', shopAmount: '42.63', rate: '0.2' }] });
    expect([total, shop]).toEqual([23399, 25579]);
  });

  test('a guest order: no customer, no address, empty e-mail and sku "": accepted, the line by its variant id', () => {
    const { req } = totals(mapped('guestEmptySku'));
    expect(req.customer).toEqual({ tier: 'standard' });
    expect(req.shippingAddress).toBeUndefined();
    expect(req.lines[0].sku).toBeUndefined();
    expect(req.lines[0].listing).toEqual({ variantId: '447654529' });
  });

  test('the test notification: voided and cancelled, so recorded as cancelled with nothing to capture', () => {
    const m = mapped('testNotification');
    expect(m.externalId).toBe('820982911946154508');
    expect(m.cancelled).toBe(true);
    expect(totals(m).req.payment.status).toBe('pending');
    expect(m.notes.join()).toMatch(/capped/);
  });

  test('partially refunded before it arrives: paid, the refund recorded, held manual', () => {
    const m = mapped('partiallyRefunded');
    expect(totals(m).req.payment.status).toBe('paid');
    expect(m.refunds).toEqual([{ id: expect.any(String), amount: '209.00', at: expect.any(String) }]);
    expect(m.holds).toEqual([{ reason: 'manual', note: expect.stringMatching(/partially refunded/) }]);
  });

  test('only a body that is not an order is unusable', () => {
    expect(mapShopifyOrder('shopify', { line_items: [] })).toMatchObject({ ok: false, problems: [{ field: 'id' }] });
    expect(mapShopifyOrder('shopify', { id: 1 })).toMatchObject({ ok: false, problems: [{ field: 'line_items' }] });
    expect(mapShopifyOrder('shopify', [])).toMatchObject({ ok: false });
  });
});
