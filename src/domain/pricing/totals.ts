/**
 * The hub's own totals of an order, per line and for the order, in integer minor units.
 *
 * One identity holds for every line, every shipping line and the order:
 *   total = subtotal - discounts + shipping + (taxesIncluded ? 0 : tax)
 * where subtotal is the items before any discount (unit price x quantity), discounts are the
 * line and shipping discounts, shipping is the shipping lines' prices before their discounts.
 * With taxesIncluded the prices already contain the tax: it is reported (for invoices and
 * reports) but not added again.
 */
import type { Discount, PricedLine, PricedOrder, ShippingLine, TaxLine } from './model';

export class PricingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface LineTotals {
  lineNo: number;
  /** unit price x quantity */
  subtotalMinor: number;
  discountsMinor: number;
  taxMinor: number;
  /** What the customer pays for the line: subtotal - discounts (+ tax unless included). */
  totalMinor: number;
}

export interface ShippingTotals {
  service: string;
  priceMinor: number;
  discountsMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface MoneyTotals {
  subtotalMinor: number;
  discountsMinor: number;
  shippingMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface PricedOrderTotals extends MoneyTotals {
  currency: string;
  lines: LineTotals[];
  shippingLines: ShippingTotals[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const sumDiscounts = (list: readonly Discount[]) => sum(list.map((d) => d.amountMinor));
export const sumTax = (list: readonly TaxLine[]) => sum(list.map((t) => t.amountMinor));

function checkMinor(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new PricingError(field, `${value} is not a whole number of minor units >= 0`);
}

function checkParts(at: string, base: number, discounts: readonly Discount[], taxLines: readonly TaxLine[]): void {
  discounts.forEach((d, i) => checkMinor(`${at}.discounts[${i}].amount`, d.amountMinor));
  taxLines.forEach((t, i) => checkMinor(`${at}.taxLines[${i}].amount`, t.amountMinor));
  // A discount larger than what it discounts would make the customer owe less than nothing.
  const discounts_ = sumDiscounts(discounts);
  if (discounts_ > base) throw new PricingError(`${at}.discounts`, `discounts of ${discounts_} exceed the ${base} they apply to`);
}

export function lineTotals(line: PricedLine, taxesIncluded: boolean, at = `lines[${line.lineNo - 1}]`): LineTotals {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new PricingError(`${at}.quantity`, `${line.quantity} is not a whole number >= 1`);
  checkMinor(`${at}.unitPrice`, line.unitPriceMinor);
  const subtotalMinor = line.unitPriceMinor * line.quantity;
  if (!Number.isSafeInteger(subtotalMinor)) throw new PricingError(at, 'unit price x quantity is too large');
  checkParts(at, subtotalMinor, line.discounts, line.taxLines);
  const discountsMinor = sumDiscounts(line.discounts);
  const taxMinor = sumTax(line.taxLines);
  return { lineNo: line.lineNo, subtotalMinor, discountsMinor, taxMinor, totalMinor: subtotalMinor - discountsMinor + (taxesIncluded ? 0 : taxMinor) };
}

export function shippingTotals(shipping: ShippingLine, taxesIncluded: boolean, at: string): ShippingTotals {
  checkMinor(`${at}.price`, shipping.priceMinor);
  checkParts(at, shipping.priceMinor, shipping.discounts, shipping.taxLines);
  const discountsMinor = sumDiscounts(shipping.discounts);
  const taxMinor = sumTax(shipping.taxLines);
  return {
    service: shipping.service,
    priceMinor: shipping.priceMinor,
    discountsMinor,
    taxMinor,
    totalMinor: shipping.priceMinor - discountsMinor + (taxesIncluded ? 0 : taxMinor),
  };
}

/** Totals in the currency the customer paid (presentment). */
export function computeOrderTotals(order: PricedOrder): PricedOrderTotals {
  const lines = order.lines.map((l, i) => lineTotals(l, order.taxesIncluded, `lines[${i}]`));
  const shippingLines = order.shippingLines.map((s, i) => shippingTotals(s, order.taxesIncluded, `shippingLines[${i}]`));
  const subtotalMinor = sum(lines.map((l) => l.subtotalMinor));
  const discountsMinor = sum(lines.map((l) => l.discountsMinor)) + sum(shippingLines.map((s) => s.discountsMinor));
  const shippingMinor = sum(shippingLines.map((s) => s.priceMinor));
  const taxMinor = sum(lines.map((l) => l.taxMinor)) + sum(shippingLines.map((s) => s.taxMinor));
  const totalMinor = sum(lines.map((l) => l.totalMinor)) + sum(shippingLines.map((s) => s.totalMinor));
  if (!Number.isSafeInteger(totalMinor)) throw new PricingError('lines', 'the order total is too large');
  return { currency: order.currency, subtotalMinor, discountsMinor, shippingMinor, taxMinor, totalMinor, lines, shippingLines };
}

/**
 * The same order in the seller's currency, when the channel sent a shop amount for every figure.
 * A partial set of shop amounts cannot be summed into a shop total, so it gives undefined (the
 * presentment figures stay authoritative; the shop amounts that were sent are still stored).
 */
export function shopCurrencyOrder(order: PricedOrder): PricedOrder | undefined {
  if (!order.shopCurrency) return undefined;
  const discounts = (list: readonly Discount[]) => (list.every((d) => d.shopAmountMinor !== undefined) ? list.map((d) => ({ ...d, amountMinor: d.shopAmountMinor! })) : undefined);
  const taxes = (list: readonly TaxLine[]) => (list.every((t) => t.shopAmountMinor !== undefined) ? list.map((t) => ({ ...t, amountMinor: t.shopAmountMinor! })) : undefined);
  const lines: PricedLine[] = [];
  for (const l of order.lines) {
    const d = discounts(l.discounts);
    const t = taxes(l.taxLines);
    if (l.shopUnitPriceMinor === undefined || !d || !t) return undefined;
    lines.push({ ...l, unitPriceMinor: l.shopUnitPriceMinor, discounts: d, taxLines: t });
  }
  const shippingLines: ShippingLine[] = [];
  for (const s of order.shippingLines) {
    const d = discounts(s.discounts);
    const t = taxes(s.taxLines);
    if (s.shopPriceMinor === undefined || !d || !t) return undefined;
    shippingLines.push({ ...s, priceMinor: s.shopPriceMinor, discounts: d, taxLines: t });
  }
  return { currency: order.shopCurrency, taxesIncluded: order.taxesIncluded, lines, shippingLines };
}

/** Totals in the seller's currency, or undefined when the channel did not send every shop amount. */
export function computeShopTotals(order: PricedOrder): PricedOrderTotals | undefined {
  const shop = shopCurrencyOrder(order);
  return shop ? computeOrderTotals(shop) : undefined;
}
