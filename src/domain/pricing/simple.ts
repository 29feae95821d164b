/**
 * Today's simple order shape (lines of unit price x quantity, one `shippingService` +
 * `shippingMinor`, no tax, no discount) as a priced order, so the shorthand keeps working once
 * the money model is wired in: it is one shipping line and its totals are computeTotals' totals.
 */
import type { PricedOrder } from './model';

export function pricedOrderFromSimple(
  currency: string,
  lines: readonly { lineNo: number; quantity: number; unitPriceMinor: number }[],
  shippingService: string,
  shippingMinor: number,
): PricedOrder {
  return {
    currency,
    taxesIncluded: false,
    lines: lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, discounts: [], taxLines: [] })),
    shippingLines: [{ service: shippingService, priceMinor: shippingMinor, discounts: [], taxLines: [] }],
  };
}
