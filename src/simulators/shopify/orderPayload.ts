/**
 * A Shopify order in Shopify's own shape (the REST Admin `Order` resource, the body of
 * orders/create), for the simulator's store: 64-bit ids, money as decimal strings with their
 * `*_set` shop/presentment pairs, line `tax_lines`, a shipping line, Shopify's totals. Only the
 * fields Shopify documents, with the figures adding up as Shopify's do.
 */
import { randomInt } from 'node:crypto';

export interface DemoOrderOptions {
  sku: string;
  quantity: number;
  /** Unit price, decimal string (USD). */
  price: string;
  financialStatus: 'pending' | 'authorized' | 'paid';
}

/** A fresh id above 2^53, as Shopify's are today. */
const bigId = () => `${randomInt(1, 9)}${String(Date.now()).padStart(13, '0')}${String(randomInt(0, 99999)).padStart(5, '0')}`;
const cents = (s: string) => Math.round(Number(s) * 100);
const usd = (c: number) => (c / 100).toFixed(2);
const set = (amount: string) => ({ shop_money: { amount, currency_code: 'USD' }, presentment_money: { amount, currency_code: 'USD' } });

/** The order as JSON text, with every id written as a JSON number (past 2^53, as Shopify writes them). */
export function demoShopifyOrder(o: DemoOrderOptions): { id: string; json: string } {
  const id = bigId();
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '-00:00');
  const subtotal = cents(o.price) * o.quantity;
  // 6% state tax on the line (Shopify's own samples use this rate), flat 4.99 shipping.
  const tax = Math.round(subtotal * 0.06);
  const shipping = 499;
  const total = subtotal + tax + shipping;
  const address = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    name: 'Ada Lovelace',
    address1: '1 Analytical St',
    address2: null,
    city: 'Newark',
    province: 'New Jersey',
    province_code: 'NJ',
    zip: '07102',
    country: 'United States',
    country_code: 'US',
    phone: null,
    company: null,
  };
  const order = {
    id: `#ID${id}`,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id.slice(-4)}`,
    email: 'ada@example.com',
    created_at: now,
    updated_at: now,
    processed_at: now,
    cancelled_at: null,
    cancel_reason: null,
    currency: 'USD',
    presentment_currency: 'USD',
    financial_status: o.financialStatus,
    fulfillment_status: null,
    taxes_included: false,
    test: true,
    subtotal_price: usd(subtotal),
    subtotal_price_set: set(usd(subtotal)),
    total_tax: usd(tax),
    total_tax_set: set(usd(tax)),
    total_discounts: '0.00',
    total_discounts_set: set('0.00'),
    total_shipping_price_set: set(usd(shipping)),
    total_price: usd(total),
    total_price_set: set(usd(total)),
    total_outstanding: o.financialStatus === 'paid' ? '0.00' : usd(total),
    payment_gateway_names: ['bogus'],
    customer: { id: `#ID${bigId()}`, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', tags: '' },
    billing_address: address,
    shipping_address: address,
    discount_applications: [],
    line_items: [
      {
        id: `#ID${bigId()}`,
        variant_id: `#ID${bigId()}`,
        product_id: `#ID${bigId()}`,
        sku: o.sku,
        title: o.sku,
        name: o.sku,
        quantity: o.quantity,
        price: o.price,
        price_set: set(o.price),
        requires_shipping: true,
        taxable: true,
        gift_card: false,
        total_discount: '0.00',
        discount_allocations: [],
        tax_lines: [{ title: 'State Tax', rate: 0.06, price: usd(tax), price_set: set(usd(tax)), channel_liable: false }],
      },
    ],
    shipping_lines: [
      {
        id: `#ID${bigId()}`,
        title: 'Standard Shipping',
        code: 'Standard',
        source: 'shopify',
        price: usd(shipping),
        price_set: set(usd(shipping)),
        discounted_price: usd(shipping),
        discount_allocations: [],
        tax_lines: [],
      },
    ],
    refunds: [],
  };
  return { id, json: JSON.stringify(order).replace(/"#ID(\d+)"/g, '$1') };
}
