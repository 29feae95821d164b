/**
 * An order's money as the pricing module's PricedOrder, read back from the columns it was written
 * to (src/activities/orderMoneyRows.ts): the lines' discounts and tax lines, the order's shipping
 * lines. Returns run long after the order workflow ended, so the rows are their source; they were
 * written once with the order and never recomputed, so the shares are the ones the order paid.
 */
import type { Discount, PricedOrder, ShippingLine, TaxLine } from '../../domain/pricing';

export interface OrderMoneyRows {
  currency: string;
  taxesIncluded: boolean;
  shippingService: string;
  shippingMinor: number;
  shippingLines: unknown;
  lines: { lineNo: number; quantity: number; unitPriceMinor: number; channelLineId: string | null; discounts: unknown; taxLines: unknown }[];
}

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

export function pricedOrderFromRows(order: OrderMoneyRows): PricedOrder {
  const shipping = list<ShippingLine>(order.shippingLines);
  return {
    currency: order.currency,
    taxesIncluded: order.taxesIncluded,
    lines: [...order.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        lineNo: l.lineNo,
        ...(l.channelLineId !== null && { channelLineId: l.channelLineId }),
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        discounts: list<Discount>(l.discounts),
        taxLines: list<TaxLine>(l.taxLines),
      })),
    // Orders written before the shipping lines were stored: one line of the order's shipping price.
    shippingLines:
      shipping.length > 0
        ? shipping.map((s) => ({ service: s.service, priceMinor: s.priceMinor, discounts: list<Discount>(s.discounts), taxLines: list<TaxLine>(s.taxLines) }))
        : [{ service: order.shippingService, priceMinor: order.shippingMinor, discounts: [], taxLines: [] }],
  };
}
