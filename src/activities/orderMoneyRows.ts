/**
 * The order's money breakdown as database columns (issue 13, docs/money.md): totals on the order
 * row, discounts and tax lines on each line row (JSON, as the channel sent them, in minor units),
 * the shipping lines on the order row. Written once with the order; never recomputed later, so
 * the invoices, credit notes and reports read what the order was accepted with.
 */
import type { OrderInput, OrderTotals } from '../domain/order';
import type { Prisma } from '../generated/prisma/client';
import { pricedOrderOf } from '../domain/orderMoney';
import { computeOrderTotals, computeShopTotals, type PricedLine } from '../domain/pricing';

export function orderMoneyColumns(input: OrderInput, totals: OrderTotals) {
  const pricing = pricedOrderOf(input);
  const computed = computeOrderTotals(pricing);
  const shop = computeShopTotals(pricing);
  return {
    subtotalMinor: totals.subtotalMinor,
    discountsMinor: totals.discountsMinor ?? 0,
    shippingMinor: totals.shippingMinor,
    taxMinor: totals.taxMinor ?? 0,
    totalMinor: totals.totalMinor,
    taxesIncluded: pricing.taxesIncluded,
    ...(pricing.shopCurrency !== undefined && { shopCurrency: pricing.shopCurrency }),
    ...(shop && { shopTotalMinor: shop.totalMinor }),
    shippingLines: json(pricing.shippingLines.map((s, i) => ({ ...s, ...pick(computed.shippingLines[i]) }))),
    ...(input.channelTotals && { channelTotals: json(input.channelTotals) }),
  };
}

/** The money columns of one line row, by line number. */
export function lineMoneyColumns(input: OrderInput): Map<number, ReturnType<typeof lineColumns>> {
  const pricing = pricedOrderOf(input);
  const computed = computeOrderTotals(pricing);
  return new Map(pricing.lines.map((l, i) => [l.lineNo, lineColumns(l, computed.lines[i])]));
}

function lineColumns(line: PricedLine, totals: { discountsMinor: number; taxMinor: number; totalMinor: number }) {
  return {
    ...(line.channelLineId !== undefined && { channelLineId: line.channelLineId }),
    ...(line.shopUnitPriceMinor !== undefined && { shopUnitPriceMinor: line.shopUnitPriceMinor }),
    lineTotalMinor: totals.totalMinor,
    discountsMinor: totals.discountsMinor,
    taxMinor: totals.taxMinor,
    discounts: json(line.discounts),
    taxLines: json(line.taxLines),
  };
}

/** Plain JSON for a JSON column (optional fields that are absent stay absent). */
const json = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

const pick = (t: { discountsMinor: number; taxMinor: number; totalMinor: number }) => ({ discountsMinor: t.discountsMinor, taxMinor: t.taxMinor, totalMinor: t.totalMinor });
