import { needsDelivery, type OrderInput } from '../order';
import { orderTotalsOf } from '../orderMoney';
import type { Facts } from './types';

export interface FactExtras {
  customerOrderCount: number;
  riskScore: number;
  paymentStatus: string;
  /** Billing address country, when the payment provider reports one. */
  billingCountry?: string;
  /** The customer's stored tier, which beats the channel's: marketplaces send "standard" for everyone. */
  customerTier?: string;
  /** The order total in US cents (src/domain/fx.ts); undefined or null: no exchange rate is known. */
  orderTotalUsdCents?: number | null;
}

/**
 * What an order of unknown worth counts as: more than any threshold, so money rules fail closed
 * (a fraud review rather than a large order waved through). exchangeRateKnown tells them apart.
 */
export const UNKNOWN_WORTH = Number.MAX_SAFE_INTEGER;

const nonEmpty = (s: string | undefined): boolean => typeof s === 'string' && s.trim() !== '';
const normCountry = (s: string): string => s.trim().toUpperCase();

/** The flat facts the rules look at. Pure: same input, same facts. */
export function orderFacts(input: OrderInput, extra: FactExtras): Facts {
  const addr = input.shippingAddress;
  const skus = [...new Set(input.lines.map((l) => l.sku))].sort();
  const destinationCountry = addr.country;
  // The payment provider's billing country, when it reports one, beats what the channel sent.
  const billingCountry = extra.billingCountry ?? input.billingCountry;
  // No destination (a pickup, digital lines, an address still missing) mismatches nothing.
  const billingCountryMismatch = nonEmpty(billingCountry) && nonEmpty(destinationCountry) && normCountry(billingCountry as string) !== normCountry(destinationCountry);
  // The pricing module's figures, never recomputed here (src/domain/orderMoney.ts).
  const totals = orderTotalsOf(input);
  return {
    channel: input.channel,
    customerTier: extra.customerTier ?? input.customer.tier,
    serviceLevel: input.shippingService,
    orderSubtotalMinor: totals.subtotalMinor,
    orderDiscountsMinor: totals.discountsMinor ?? 0,
    orderTaxMinor: totals.taxMinor ?? 0,
    orderTotalMinor: totals.totalMinor,
    orderTotalUsdCents: typeof extra.orderTotalUsdCents === 'number' ? extra.orderTotalUsdCents : UNKNOWN_WORTH,
    exchangeRateKnown: typeof extra.orderTotalUsdCents === 'number',
    currency: input.currency,
    lineCount: input.lines.length,
    unitCount: input.lines.reduce((sum, l) => sum + l.quantity, 0),
    destinationCountry,
    destinationRegion: addr.region ?? '',
    skus,
    paymentStatus: extra.paymentStatus,
    // A pickup or an order of digital lines only goes to no address: none can be incomplete.
    addressComplete: !needsDelivery(input) || [addr.name, addr.line1, addr.city, addr.postalCode, addr.country].every(nonEmpty),
    customerOrderCount: extra.customerOrderCount,
    riskScore: extra.riskScore,
    billingCountryMismatch,
    isPrime: input.isPrime === true,
  };
}
