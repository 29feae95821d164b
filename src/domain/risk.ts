/**
 * Order risk score: an integer 0..100 made of named factors, so an operator can see why an order
 * scored what it did. Pure (no I/O, no clock): safe in workflow code and in API previews alike.
 */
import { formatMoney } from './money';
import type { OrderInput } from './order';

export interface RiskInput {
  /** Order total in US cents (src/domain/fx.ts); undefined: no exchange rate for its currency. */
  totalUsdCents: number | undefined;
  /** The order's currency, for the factor's detail. */
  currency?: string;
  shippingService: string;
  shippingCountry: string;
  billingCountry?: string;
  /** The customer's earlier orders (0: a new customer). */
  customerOrderCount: number;
  lines: readonly { sku: string; quantity: number }[];
}

export interface RiskFactor {
  code: 'new_customer' | 'high_total' | 'fast_shipping_new_customer' | 'billing_country_mismatch' | 'bulk_quantity';
  points: number;
  detail: string;
}

export interface RiskAssessment {
  score: number;
  factors: RiskFactor[];
}

export const MAX_RISK_SCORE = 100;

/**
 * Steps in US cents, so 500 USD scores the same in every currency: points only ever grow with the
 * total, so the score is monotone in it. A total of unknown worth scores the top step.
 */
const TOTAL_STEPS: readonly [minTotalMinor: number, points: number][] = [
  [100_000, 30],
  [50_000, 20],
  [25_000, 10],
];
/** Units of one SKU: resellers and card testers buy many of the same thing. */
const BULK_STEPS: readonly [minUnits: number, points: number][] = [
  [50, 20],
  [10, 10],
];
const FAST_SERVICES = new Set(['expedited', 'next_day']);

const stepPoints = (value: number, steps: readonly [number, number][]): number => steps.find(([min]) => value >= min)?.[1] ?? 0;
const norm = (country: string | undefined): string => (country ?? '').trim().toUpperCase();

function maxUnitsOfOneSku(lines: RiskInput['lines']): number {
  const units = new Map<string, number>();
  for (const l of lines) units.set(l.sku, (units.get(l.sku) ?? 0) + (Number.isFinite(l.quantity) ? l.quantity : 0));
  return Math.max(0, ...units.values());
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const factors: RiskFactor[] = [];
  const isNew = !(input.customerOrderCount > 0);
  if (isNew) factors.push({ code: 'new_customer', points: 20, detail: 'no earlier orders from this customer' });

  if (input.totalUsdCents === undefined) {
    factors.push({ code: 'high_total', points: TOTAL_STEPS[0][1], detail: `no exchange rate for ${input.currency ?? 'the currency'}: the total counts as high` });
  } else {
    const totalPoints = stepPoints(input.totalUsdCents, TOTAL_STEPS);
    if (totalPoints > 0) factors.push({ code: 'high_total', points: totalPoints, detail: `order total ${formatMoney(input.totalUsdCents, 'USD')} USD` });
  }

  // Fraudsters want the goods before the card holder notices; established customers are exempt.
  if (isNew && FAST_SERVICES.has(input.shippingService)) {
    factors.push({ code: 'fast_shipping_new_customer', points: input.shippingService === 'next_day' ? 20 : 15, detail: `${input.shippingService} shipping for a new customer` });
  }

  const billing = norm(input.billingCountry);
  if (billing !== '' && billing !== norm(input.shippingCountry)) {
    factors.push({ code: 'billing_country_mismatch', points: 25, detail: `billing country ${billing}, shipping to ${norm(input.shippingCountry)}` });
  }

  const bulk = maxUnitsOfOneSku(input.lines);
  const bulkPoints = stepPoints(bulk, BULK_STEPS);
  if (bulkPoints > 0) factors.push({ code: 'bulk_quantity', points: bulkPoints, detail: `${bulk} units of one SKU` });

  const sum = factors.reduce((n, f) => n + f.points, 0);
  return { score: Math.min(MAX_RISK_SCORE, Math.max(0, sum)), factors };
}

export const riskScore = (input: RiskInput): number => assessRisk(input).score;

/** The risk input of an order that is not (or not yet) in the database, e.g. a rules preview. */
export function riskInputOf(order: OrderInput, totalUsdCents: number | undefined, customerOrderCount: number): RiskInput {
  return {
    totalUsdCents,
    currency: order.currency,
    shippingService: order.shippingService,
    shippingCountry: order.shippingAddress.country,
    billingCountry: order.billingCountry,
    customerOrderCount,
    lines: order.lines,
  };
}
