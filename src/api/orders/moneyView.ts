/**
 * The order's money breakdown for GET /orders/:id (issue 13): per line and for the order, as
 * decimal strings in the order's currency (shop amounts in shopCurrency), from the columns
 * written when the order was recorded (src/activities/orderMoneyRows.ts).
 */
import { formatMoney } from '../../domain/money';
import type { Discount, TaxLine } from '../../domain/pricing';
import type { Prisma } from '../../generated/prisma/client';

type OrderRow = Prisma.OrderGetPayload<object>;
type LineRow = Prisma.OrderLineGetPayload<object>;

interface StoredShippingLine {
  service: string;
  priceMinor: number;
  shopPriceMinor?: number;
  discounts: Discount[];
  taxLines: TaxLine[];
  discountsMinor: number;
  taxMinor: number;
  totalMinor: number;
}

interface StoredChannelTotals {
  totalMinor: number;
  taxMinor?: number;
  discountsMinor?: number;
}

function formatter(currency: string, shopCurrency: string | null) {
  const money = (minor: number) => formatMoney(minor, currency);
  const shop = (minor: number | undefined | null) => (minor === undefined || minor === null || !shopCurrency ? undefined : formatMoney(minor, shopCurrency));
  const discounts = (list: Discount[]) =>
    list.map((d) => ({
      ...(d.code !== undefined && { code: d.code }),
      ...(d.title !== undefined && { title: d.title }),
      amount: money(d.amountMinor),
      ...(shop(d.shopAmountMinor) !== undefined && { shopAmount: shop(d.shopAmountMinor) }),
    }));
  const taxLines = (list: TaxLine[]) =>
    list.map((t) => ({ title: t.title, rate: t.rate, amount: money(t.amountMinor), ...(shop(t.shopAmountMinor) !== undefined && { shopAmount: shop(t.shopAmountMinor) }) }));
  return { money, shop, discounts, taxLines };
}

/** The order-level figures: subtotal - discounts + shipping + tax (unless included) = total. */
export function orderMoneyView(o: OrderRow) {
  const f = formatter(o.currency, o.shopCurrency);
  const channel = o.channelTotals as StoredChannelTotals | null;
  return {
    discounts: f.money(o.discountsMinor),
    tax: f.money(o.taxMinor),
    taxesIncluded: o.taxesIncluded,
    shopCurrency: o.shopCurrency,
    shopTotal: o.shopTotalMinor === null || !o.shopCurrency ? null : formatMoney(o.shopTotalMinor, o.shopCurrency),
    shippingLines: (o.shippingLines as unknown as StoredShippingLine[]).map((s) => ({
      service: s.service,
      price: f.money(s.priceMinor),
      ...(f.shop(s.shopPriceMinor) !== undefined && { shopPrice: f.shop(s.shopPriceMinor) }),
      discounts: f.discounts(s.discounts),
      taxLines: f.taxLines(s.taxLines),
      discountTotal: f.money(s.discountsMinor),
      tax: f.money(s.taxMinor),
      total: f.money(s.totalMinor),
    })),
    channelTotals: channel && {
      total: f.money(channel.totalMinor),
      ...(channel.taxMinor !== undefined && { tax: f.money(channel.taxMinor) }),
      ...(channel.discountsMinor !== undefined && { discounts: f.money(channel.discountsMinor) }),
    },
  };
}

/** One line's figures: subtotal (unit price x quantity), its discounts and tax lines, what it costs. */
export function lineMoneyView(l: LineRow, o: Pick<OrderRow, 'currency' | 'shopCurrency'>) {
  const f = formatter(o.currency, o.shopCurrency);
  return {
    channelLineId: l.channelLineId,
    unitPrice: f.money(l.unitPriceMinor),
    shopUnitPrice: f.shop(l.shopUnitPriceMinor) ?? null,
    subtotal: f.money(l.unitPriceMinor * l.quantity),
    discounts: f.discounts(l.discounts as unknown as Discount[]),
    taxLines: f.taxLines(l.taxLines as unknown as TaxLine[]),
    discountTotal: f.money(l.discountsMinor),
    tax: f.money(l.taxMinor),
    lineTotal: f.money(l.lineTotalMinor),
  };
}
