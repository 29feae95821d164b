/**
 * The money of a create-order request as the pricing module's PricedOrder (docs/money.md): the
 * lines' discounts and tax lines, the shipping lines (or the simple shape's shippingService +
 * shippingPrice as one shipping line), taxesIncluded, shop amounts, and the order-level
 * discounts allocated to the lines with applyOrderDiscount. The schema runs it once to name a
 * bad amount's field (400); toOrderInput runs it again to build the workflow input.
 */
import { MoneyFieldError, parseMoneyAt } from '../../domain/money';
import {
  applyOrderDiscount,
  computeOrderTotals,
  parseChannelTotals,
  parsePricedOrder,
  PricingError,
  type ChannelTotals,
  type DiscountInput,
  type OrderDiscount,
  type PricedOrder,
  type ShippingLineInput,
  type TaxLineInput,
} from '../../domain/pricing';

/** The money fields of the request (a structural subset of CreateOrderRequest). */
export interface PricedRequest {
  currency: string;
  shopCurrency?: string;
  taxesIncluded?: boolean;
  lines: { quantity: number; unitPrice: string; shopUnitPrice?: string; channelLineId?: string; discounts?: DiscountInput[]; taxLines?: TaxLineInput[] }[];
  shippingService?: string;
  shippingPrice?: string;
  shippingLines?: ShippingLineInput[];
  orderDiscounts?: { code?: string; title?: string; amount: string }[];
  channelTotals?: { total: string; tax?: string; discounts?: string };
}

export interface RequestMoney {
  pricing: PricedOrder;
  channelTotals?: ChannelTotals;
}

/** Throws MoneyFieldError or PricingError naming the field (paths like `lines[1].taxLines[0].amount`). */
export function requestMoney(req: PricedRequest): RequestMoney {
  // The shorthand is one shipping line; with shippingLines the money is theirs alone.
  const shippingLines: ShippingLineInput[] = req.shippingLines ?? [{ service: req.shippingService ?? 'standard', price: req.shippingPrice ?? '0' }];
  let pricing = parsePricedOrder({
    currency: req.currency,
    ...(req.shopCurrency !== undefined && { shopCurrency: req.shopCurrency }),
    taxesIncluded: req.taxesIncluded ?? false,
    lines: req.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      ...(l.shopUnitPrice !== undefined && { shopUnitPrice: l.shopUnitPrice }),
      ...(l.channelLineId !== undefined && { channelLineId: l.channelLineId }),
      discounts: l.discounts ?? [],
      taxLines: l.taxLines ?? [],
    })),
    shippingLines,
  });
  // Checks every line and shipping line (a discount above what it discounts names its field).
  computeOrderTotals(pricing);
  // Each order-level discount becomes line discounts (largest remainder), so refunds and
  // invoices only ever see line discounts; the discount keeps its code and title on each line.
  (req.orderDiscounts ?? []).forEach((d, i) => {
    const discount: OrderDiscount = {
      ...(d.code !== undefined && { code: d.code }),
      ...(d.title !== undefined && { title: d.title }),
      amountMinor: parseMoneyAt(`orderDiscounts[${i}].amount`, d.amount, req.currency),
    };
    try {
      pricing = { ...pricing, lines: applyOrderDiscount(pricing.lines, discount) };
    } catch (err) {
      if (err instanceof PricingError) throw new PricingError(`orderDiscounts[${i}].amount`, err.message.replace(/^[^:]*: /, ''));
      throw err;
    }
  });
  return {
    pricing,
    ...(req.channelTotals && { channelTotals: parseChannelTotals(req.channelTotals, req.currency) }),
  };
}

/** `lines[1].taxLines[0].amount` -> ['lines', 1, 'taxLines', 0, 'amount'] (a zod issue path). */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The field and message of a money error, or undefined for any other error. */
export function moneyProblem(err: unknown): { path: (string | number)[]; message: string } | undefined {
  if (err instanceof MoneyFieldError || err instanceof PricingError) {
    return { path: fieldPath(err.field), message: err.message.slice(err.field.length + 2) };
  }
  return undefined;
}
