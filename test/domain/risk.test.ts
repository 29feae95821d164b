import fc from 'fast-check';
import { assessRisk, MAX_RISK_SCORE, riskInputOf, riskScore, type RiskInput } from '../../src/domain/risk';
import type { OrderInput } from '../../src/domain/order';

/** A returning customer's small standard order to the billing country: no risk factor at all. */
const base: RiskInput = {
  totalUsdCents: 4_000,
  shippingService: 'standard',
  shippingCountry: 'US',
  billingCountry: 'US',
  customerOrderCount: 3,
  lines: [{ sku: 'A', quantity: 1 }],
};
const codes = (input: Partial<RiskInput>) => assessRisk({ ...base, ...input }).factors.map((f) => f.code);

describe('risk score', () => {
  it('is 0 with no factor, and each factor is named with its points', () => {
    expect(assessRisk(base)).toEqual({ score: 0, factors: [] });
    expect(assessRisk({ ...base, customerOrderCount: 0 })).toEqual({ score: 20, factors: [expect.objectContaining({ code: 'new_customer', points: 20 })] });
  });

  it('grows in steps with the total in US cents; a total of unknown worth (no exchange rate) scores the top step', () => {
    expect([24_999, 25_000, 50_000, 100_000, 10_000_000].map((totalUsdCents) => riskScore({ ...base, totalUsdCents }))).toEqual([0, 10, 20, 30, 30]);
    expect(assessRisk({ ...base, totalUsdCents: undefined, currency: 'XTS' }).factors).toEqual([
      { code: 'high_total', points: 30, detail: 'no exchange rate for XTS: the total counts as high' },
    ]);
  });

  it('counts expedited and next-day shipping only for a new customer', () => {
    expect(codes({ shippingService: 'next_day' })).toEqual([]);
    expect(riskScore({ ...base, customerOrderCount: 0, shippingService: 'expedited' })).toBe(35);
    expect(riskScore({ ...base, customerOrderCount: 0, shippingService: 'next_day' })).toBe(40);
  });

  it('flags a billing/shipping country mismatch case-insensitively, and only when a billing country is known', () => {
    expect(codes({ billingCountry: 'us ' })).toEqual([]);
    expect(codes({ billingCountry: undefined })).toEqual([]);
    expect(codes({ billingCountry: '' })).toEqual([]);
    expect(codes({ billingCountry: 'DE' })).toEqual(['billing_country_mismatch']);
  });

  it('counts units of one SKU across lines, not of the whole order', () => {
    expect(
      codes({
        lines: [
          { sku: 'A', quantity: 5 },
          { sku: 'B', quantity: 9 },
        ],
      }),
    ).toEqual([]);
    expect(
      riskScore({
        ...base,
        lines: [
          { sku: 'A', quantity: 5 },
          { sku: 'A', quantity: 5 },
        ],
      }),
    ).toBe(10);
    expect(riskScore({ ...base, lines: [{ sku: 'A', quantity: 50 }] })).toBe(20);
  });

  it('is capped at 100 when every factor applies', () => {
    const worst = assessRisk({
      totalUsdCents: 200_000,
      shippingService: 'next_day',
      shippingCountry: 'US',
      billingCountry: 'NG',
      customerOrderCount: 0,
      lines: [{ sku: 'A', quantity: 60 }],
    });
    expect(worst.factors.map((f) => f.code).sort()).toEqual(['billing_country_mismatch', 'bulk_quantity', 'fast_shipping_new_customer', 'high_total', 'new_customer']);
    expect(worst.score).toBe(MAX_RISK_SCORE);
  });

  it('reads an order input', () => {
    const order = {
      shippingService: 'next_day',
      shippingAddress: { name: 'n', line1: 'l', city: 'c', country: 'FR' },
      billingCountry: 'DE',
      lines: [{ lineNo: 1, sku: 'A', quantity: 2, unitPriceMinor: 100 }],
    } as OrderInput;
    expect(riskInputOf(order, 205, 0)).toEqual({
      totalUsdCents: 205,
      shippingService: 'next_day',
      shippingCountry: 'FR',
      billingCountry: 'DE',
      customerOrderCount: 0,
      lines: order.lines,
    });
  });
});

describe('risk score properties', () => {
  const inputArb: fc.Arbitrary<RiskInput> = fc.record({
    totalUsdCents: fc.integer({ min: -1_000, max: 10_000_000 }),
    shippingService: fc.constantFrom('standard', 'expedited', 'next_day', 'teleport'),
    shippingCountry: fc.constantFrom('US', 'DE', 'fr', ''),
    billingCountry: fc.option(fc.constantFrom('US', 'DE', 'FR', ' us', ''), { nil: undefined }),
    customerOrderCount: fc.integer({ min: -1, max: 1_000 }),
    lines: fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C'), quantity: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 6 }),
  });

  it('is always an integer within 0..100, and the sum of its factors up to the cap', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { score, factors } = assessRisk(input);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(MAX_RISK_SCORE);
        expect(score).toBe(
          Math.min(
            MAX_RISK_SCORE,
            factors.reduce((n, f) => n + f.points, 0),
          ),
        );
      }),
    );
  });

  it('never falls when only the total rises', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 10_000_000 }), (input, more) => {
        expect(riskScore({ ...input, totalUsdCents: (input.totalUsdCents ?? 0) + more })).toBeGreaterThanOrEqual(riskScore(input));
      }),
    );
  });
});
