import { evaluateRules, orderFacts, validateRuleSet, type Condition, type Facts, type Rule } from '../../src/domain/rules';
import type { OrderInput } from '../../src/domain/order';
import type { PricedOrder } from '../../src/domain/pricing';

// Money facts and per-currency thresholds (src/domain/rules/moneyThreshold.ts, docs/money.md "Rules and reports").
const NOW = '2026-06-15T12:00:00Z';
const extras = { customerOrderCount: 0, riskScore: 0, paymentStatus: 'paid', orderTotalUsdCents: 10_000 };

// Two lines (20.00 x 2, 15.00), a 5.00 line discount, 3.40 + 1.50 tax, 4.95 shipping with 0.50 tax.
const pricing: PricedOrder = {
  currency: 'EUR',
  taxesIncluded: false,
  lines: [
    { lineNo: 1, quantity: 2, unitPriceMinor: 2000, discounts: [{ code: 'SPRING', amountMinor: 500 }], taxLines: [{ title: 'VAT', rate: '0.1', amountMinor: 340 }] },
    { lineNo: 2, quantity: 1, unitPriceMinor: 1500, discounts: [], taxLines: [{ title: 'VAT', rate: '0.1', amountMinor: 150 }] },
  ],
  shippingLines: [{ service: 'standard', priceMinor: 495, discounts: [], taxLines: [{ title: 'VAT', rate: '0.1', amountMinor: 50 }] }],
};
const order = (currency = 'EUR'): OrderInput => ({
  orderId: 'o-1',
  channel: 'web',
  externalId: 'ext-1',
  customer: { email: 'a@example.com', name: 'Ann', tier: 'standard' },
  currency,
  lines: [
    { lineNo: 1, sku: 'A', quantity: 2, unitPriceMinor: 2000 },
    { lineNo: 2, sku: 'B', quantity: 1, unitPriceMinor: 1500 },
  ],
  shippingAddress: { name: 'Ann', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
  shippingService: 'standard',
  shippingMinor: 495,
  payment: { status: 'paid' },
  placedAt: '2026-06-15T10:00:00Z',
  pricing: { ...pricing, currency },
});
const rule = (when: Condition): Rule => ({ id: 'r', name: 'r', enabled: true, order: 1, when, actions: [{ type: 'tag', value: 'x' }], stopProcessing: false });
const matches = (when: Condition, facts: Facts): boolean => evaluateRules([rule(when)], facts, NOW).log[0].matched;

describe('money facts', () => {
  it('carry the pricing module’s subtotal, discounts, tax and total in minor units', () => {
    const facts = orderFacts(order(), extras);
    expect(facts).toMatchObject({ currency: 'EUR', orderSubtotalMinor: 5500, orderDiscountsMinor: 500, orderTaxMinor: 540, orderTotalMinor: 5500 - 500 + 495 + 540 });
  });
});

describe('a threshold with a currency', () => {
  const eur = orderFacts(order('EUR'), extras);
  const usd = orderFacts(order('USD'), extras);
  const over = (value: string, currency = 'EUR'): Condition => ({ fact: 'orderTotalMinor', op: 'gt', value, currency });

  it('matches only orders in its currency, comparing that currency’s minor units', () => {
    expect(eur.orderTotalMinor).toBe(usd.orderTotalMinor);
    expect(matches(over('50.00'), eur)).toBe(true);
    expect(matches(over('50.00'), usd)).toBe(false);
    expect(matches(over('60.35'), eur)).toBe(false);
    expect(matches(over('60.34'), eur)).toBe(true);
    // neq of another currency does not match either: the threshold does not apply to that order.
    expect(matches({ fact: 'orderTotalMinor', op: 'neq', value: '1.00', currency: 'EUR' }, usd)).toBe(false);
    expect(matches({ fact: 'orderTaxMinor', op: 'gte', value: '5.40', currency: 'EUR' }, eur)).toBe(true);
    expect(matches({ fact: 'orderDiscountsMinor', op: 'lt', value: '5', currency: 'EUR' }, eur)).toBe(false);
  });

  it('reads the amount in the currency’s digits (JPY has none, KWD three)', () => {
    expect(matches(over('6000', 'JPY'), { ...eur, currency: 'JPY', orderTotalMinor: 6001 })).toBe(true);
    expect(matches(over('6.001', 'KWD'), { ...eur, currency: 'KWD', orderTotalMinor: 6001 })).toBe(false);
    expect(matches(over('6.000', 'KWD'), { ...eur, currency: 'KWD', orderTotalMinor: 6001 })).toBe(true);
  });

  it('a condition without a currency compares raw minor units, as before', () => {
    expect(matches({ fact: 'orderTotalMinor', op: 'gt', value: 5000 }, usd)).toBe(true);
  });
});

describe('validateRuleSet on money thresholds', () => {
  const check = (when: unknown) => validateRuleSet([{ ...rule({ all: [] }), when }]);
  it('accepts the new facts and a threshold with a currency', () => {
    expect(check({ fact: 'orderSubtotalMinor', op: 'gte', value: 100 }).ok).toBe(true);
    expect(check({ fact: 'orderTotalMinor', op: 'gt', value: '500.00', currency: 'EUR' })).toEqual({
      ok: true,
      rules: [expect.objectContaining({ when: { fact: 'orderTotalMinor', op: 'gt', value: '500.00', currency: 'EUR' } })],
    });
  });
  it.each([
    [{ fact: 'riskScore', op: 'gt', value: '5.00', currency: 'EUR' }, 'rules.0.when.fact'],
    [{ fact: 'orderTotalMinor', op: 'in', value: '5.00', currency: 'EUR' }, 'rules.0.when.op'],
    [{ fact: 'orderTotalMinor', op: 'gt', value: '5.00', currency: 'EURO' }, 'rules.0.when.currency'],
    [{ fact: 'orderTotalMinor', op: 'gt', value: '5.001', currency: 'EUR' }, 'rules.0.when.value'],
    [{ fact: 'orderTotalMinor', op: 'gt', value: 500, currency: 'EUR' }, 'rules.0.when.value'],
    [{ fact: 'orderTotalMinor', op: 'gt', value: '5.5', currency: 'JPY' }, 'rules.0.when.value'],
  ])('refuses %j naming %s', (when, path) => {
    const result = check(when);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(path);
  });
});
