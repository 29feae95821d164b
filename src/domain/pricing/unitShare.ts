/**
 * What cancelling (or returning) some units of a line gives back, and when shipping is refunded.
 *
 * A line's money is split over its units: the price exactly (unit price x units), the line's
 * discount total and its tax total each by largest remainder over the line's quantity (equal
 * weights, so the first `amount mod quantity` units carry one extra minor unit). Units are
 * interchangeable, so the k-th unit cancelled takes the k-th share whichever unit it physically
 * is: the refund for cancelling `n` more units after `c` is cumulative(c + n) - cumulative(c).
 * Cancelling every unit, one by one or in any batches, therefore gives back exactly what was paid
 * for the line, discount and tax included, never a minor unit more; and every credit note's tax
 * lines add up to the order's tax.
 *
 * The total is split first and only then broken down into the individual discounts (or tax
 * lines), laid end to end in the channel's order: splitting each discount on its own would round
 * each one up on the same unit, and two discounts rounded up could exceed a cheap unit's price.
 * Laid end to end, a unit's discount is at most ceil(discounts / quantity) <= its price.
 *
 * Shipping is refunded once, when the whole order ends up cancelled before anything shipped.
 */
import { cumulativeEqualShare } from './allocate';
import type { PricedLine, PricedOrder, ShippingLine } from './model';
import { PricingError, shippingTotals } from './totals';

export interface SharePart {
  code?: string;
  title?: string;
  rate?: string;
  amountMinor: number;
}

export interface UnitShare {
  lineNo: number;
  channelLineId?: string;
  units: number;
  subtotalMinor: number;
  discounts: SharePart[];
  discountsMinor: number;
  taxLines: SharePart[];
  taxMinor: number;
  /** What goes back to the customer for these units. */
  totalMinor: number;
}

/**
 * The parts (in listed order, laid end to end) that fall in units `from`..`from + count` of the
 * split of their total over `quantity` units: each part gets its overlap with that stretch.
 */
function sliceParts(amounts: readonly number[], quantity: number, from: number, count: number): number[] {
  const total = amounts.reduce((a, b) => a + b, 0);
  const start = cumulativeEqualShare(total, quantity, from);
  const end = cumulativeEqualShare(total, quantity, from + count);
  let offset = 0;
  return amounts.map((amount) => {
    const lo = Math.max(start, offset);
    const hi = Math.min(end, offset + amount);
    offset += amount;
    return Math.max(0, hi - lo);
  });
}

/** The share of `count` units of `line` when `alreadyCancelled` units of it were cancelled before. */
export function unitsShare(line: PricedLine, taxesIncluded: boolean, alreadyCancelled: number, count: number): UnitShare {
  const at = `lines[${line.lineNo - 1}]`;
  if (!Number.isSafeInteger(alreadyCancelled) || alreadyCancelled < 0) throw new PricingError(at, `${alreadyCancelled} units cancelled before is not a count`);
  if (!Number.isSafeInteger(count) || count < 1) throw new PricingError(`${at}.quantity`, `${count} is not a whole number of units >= 1`);
  if (alreadyCancelled + count > line.quantity) {
    throw new PricingError(`${at}.quantity`, `cannot cancel ${count} more of ${line.quantity} units, ${alreadyCancelled} already cancelled`);
  }
  const discountShares = sliceParts(
    line.discounts.map((d) => d.amountMinor),
    line.quantity,
    alreadyCancelled,
    count,
  );
  const taxShares = sliceParts(
    line.taxLines.map((t) => t.amountMinor),
    line.quantity,
    alreadyCancelled,
    count,
  );
  const discounts = line.discounts.map((d, i) => ({
    ...(d.code !== undefined ? { code: d.code } : {}),
    ...(d.title !== undefined ? { title: d.title } : {}),
    amountMinor: discountShares[i],
  }));
  const taxLines = line.taxLines.map((t, i) => ({ title: t.title, rate: t.rate, amountMinor: taxShares[i] }));
  const subtotalMinor = line.unitPriceMinor * count;
  const discountsMinor = discounts.reduce((a, d) => a + d.amountMinor, 0);
  const taxMinor = taxLines.reduce((a, t) => a + t.amountMinor, 0);
  return {
    lineNo: line.lineNo,
    ...(line.channelLineId !== undefined ? { channelLineId: line.channelLineId } : {}),
    units: count,
    subtotalMinor,
    discounts,
    discountsMinor,
    taxLines,
    taxMinor,
    totalMinor: subtotalMinor - discountsMinor + (taxesIncluded ? 0 : taxMinor),
  };
}

export interface ShippingShare {
  service: string;
  priceMinor: number;
  discountsMinor: number;
  taxLines: SharePart[];
  taxMinor: number;
  totalMinor: number;
}

export interface ShippingRefundContext {
  /** After this cancel, no unit of the order is left to ship. */
  allUnitsCancelled: boolean;
  /** Some unit has left a warehouse (dispatched or later). */
  anythingShipped: boolean;
  /** Shipping was refunded before (it is refunded once). */
  shippingRefunded: boolean;
}

/** The shipping lines refunded by a cancel: all of them, or none. */
export function shippingRefund(order: PricedOrder, ctx: ShippingRefundContext): ShippingShare[] {
  if (!ctx.allUnitsCancelled || ctx.anythingShipped || ctx.shippingRefunded) return [];
  return order.shippingLines.map((s: ShippingLine, i) => {
    const t = shippingTotals(s, order.taxesIncluded, `shippingLines[${i}]`);
    return {
      service: s.service,
      priceMinor: t.priceMinor,
      discountsMinor: t.discountsMinor,
      taxLines: s.taxLines.map((x) => ({ title: x.title, rate: x.rate, amountMinor: x.amountMinor })),
      taxMinor: t.taxMinor,
      totalMinor: t.totalMinor,
    };
  });
}

export interface CancelRequestLine {
  lineNo: number;
  quantity: number;
}

export interface CancelRefund {
  lines: UnitShare[];
  shipping: ShippingShare[];
  taxMinor: number;
  totalMinor: number;
  /** Units cancelled per line after this cancel (the caller stores it for the next one). */
  cancelledAfter: Record<number, number>;
}

/**
 * The refund (or authorization release) for one cancel request, given what was cancelled before.
 * Two entries for the same line in one request are taken one after the other.
 */
export function refundForCancel(
  order: PricedOrder,
  cancelledBefore: Readonly<Record<number, number>>,
  request: readonly CancelRequestLine[],
  ctx: Omit<ShippingRefundContext, 'allUnitsCancelled'>,
): CancelRefund {
  const cancelled: Record<number, number> = { ...cancelledBefore };
  const lines: UnitShare[] = [];
  for (const r of request) {
    const line = order.lines.find((l) => l.lineNo === r.lineNo);
    if (!line) throw new PricingError('lines', `no line ${r.lineNo} in the order`);
    const before = cancelled[r.lineNo] ?? 0;
    lines.push(unitsShare(line, order.taxesIncluded, before, r.quantity));
    cancelled[r.lineNo] = before + r.quantity;
  }
  const allUnitsCancelled = order.lines.every((l) => (cancelled[l.lineNo] ?? 0) === l.quantity);
  const shipping = shippingRefund(order, { ...ctx, allUnitsCancelled });
  const taxMinor = lines.reduce((a, l) => a + l.taxMinor, 0) + shipping.reduce((a, s) => a + s.taxMinor, 0);
  const totalMinor = lines.reduce((a, l) => a + l.totalMinor, 0) + shipping.reduce((a, s) => a + s.totalMinor, 0);
  return { lines, shipping, taxMinor, totalMinor, cancelledAfter: cancelled };
}
