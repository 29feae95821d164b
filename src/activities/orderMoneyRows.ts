/**
 * The order's money breakdown as database columns (issue 13, docs/money.md): totals on the order
 * row, discounts and tax lines on each line row (JSON, as the channel sent them, in minor units),
 * the shipping lines on the order row. Written once with the order; never recomputed later, so
 * the invoices, credit notes and reports read what the order was accepted with.
 */
import type { OrderInput, OrderTotals } from '../domain/order';
import { pricedOrderOf } from '../domain/orderMoney';
import { computeOrderTotals, computeShopTotals, type PricedLine } from '../domain/pricing';
import { jsonb } from '../db/insertRows';

/** The order row's money columns (column name → value, JSON columns as jsonb()). */
export function orderMoneyColumns(input: OrderInput, totals: OrderTotals) {
  const pricing = pricedOrderOf(input);
  const computed = computeOrderTotals(pricing);
  const shop = computeShopTotals(pricing);
  return {
    subtotal_minor: totals.subtotalMinor,
    discounts_minor: totals.discountsMinor ?? 0,
    shipping_minor: totals.shippingMinor,
    tax_minor: totals.taxMinor ?? 0,
    total_minor: totals.totalMinor,
    taxes_included: pricing.taxesIncluded,
    shop_currency: pricing.shopCurrency ?? null,
    shop_total_minor: shop?.totalMinor ?? null,
    shipping_lines: jsonb(pricing.shippingLines.map((s, i) => ({ ...s, ...pick(computed.shippingLines[i]) }))),
    channel_totals: input.channelTotals ? jsonb(input.channelTotals) : null,
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
    channel_line_id: line.channelLineId ?? null,
    shop_unit_price_minor: line.shopUnitPriceMinor ?? null,
    line_total_minor: totals.totalMinor,
    discounts_minor: totals.discountsMinor,
    tax_minor: totals.taxMinor,
    discounts: jsonb(line.discounts),
    tax_lines: jsonb(line.taxLines),
  };
}

const pick = (t: { discountsMinor: number; taxMinor: number; totalMinor: number }) => ({ discountsMinor: t.discountsMinor, taxMinor: t.taxMinor, totalMinor: t.totalMinor });
