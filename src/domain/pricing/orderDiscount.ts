/**
 * An order-level discount ("10.00 off the order") turned into per-line discounts, so every
 * later step (unit shares, refunds, credit notes) only ever sees line discounts.
 *
 * Each line's weight is what it still costs after its own line discounts; the discount is split
 * in proportion by largest remainder (ties to the earlier line), so the parts sum to the
 * discount exactly and the split is the same every time. A line never gets more than it costs,
 * because the discount may not exceed the lines' combined amount.
 */
import { allocateLargestRemainder } from './allocate';
import type { Discount, PricedLine } from './model';
import { PricingError } from './totals';

export interface OrderDiscount {
  code?: string;
  title?: string;
  amountMinor: number;
}

/** The amount each line still costs before tax: unit price x quantity less its line discounts. */
export function discountableAmount(line: PricedLine): number {
  return line.unitPriceMinor * line.quantity - line.discounts.reduce((a, d) => a + d.amountMinor, 0);
}

/** Per-line shares of the discount, in line order. */
export function allocateOrderDiscount(lines: readonly PricedLine[], amountMinor: number): number[] {
  const weights = lines.map(discountableAmount);
  const available = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new PricingError('discount.amount', `${amountMinor} is not a whole number of minor units >= 0`);
  if (amountMinor > available) throw new PricingError('discount.amount', `a discount of ${amountMinor} exceeds the ${available} the lines cost`);
  return allocateLargestRemainder(amountMinor, weights);
}

/** The lines with the order discount added to their discounts (a line whose share is 0 is left as it was). */
export function applyOrderDiscount(lines: readonly PricedLine[], discount: OrderDiscount): PricedLine[] {
  const shares = allocateOrderDiscount(lines, discount.amountMinor);
  return lines.map((line, i) => {
    if (shares[i] === 0) return line;
    const added: Discount = {
      ...(discount.code !== undefined ? { code: discount.code } : {}),
      ...(discount.title !== undefined ? { title: discount.title } : {}),
      amountMinor: shares[i],
    };
    return { ...line, discounts: [...line.discounts, added] };
  });
}
