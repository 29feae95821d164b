import type { Db } from '../../db/prisma';
import { formatMoney } from '../../domain/money';

/** Sales of one channel in one currency for the report period; amounts as decimal strings of that currency. */
export interface ChannelSales {
  channel: string;
  currency: string;
  /** Orders that count as sales: not cancelled, or cancelled after the money was taken (and refunded). */
  orders: number;
  /** Totals of those orders less refunds. */
  netSales: string;
  discounts: string;
  tax: string;
  refunds: string;
}

/**
 * Money per channel and currency for the orders received in [from, to) (orders.created_at, as the
 * rest of the summary), from the stored breakdown (orders.total_minor, discounts_minor, tax_minor:
 * the pricing module's figures, never recomputed here). Refunds are partial cancels'
 * `lines_cancelled` events (data.refundMinor, see partialCancelView.ts) plus, for an order cancelled
 * whole with its payment refunded, the rest of its total (what the full cancel returns,
 * context.remainingMinor). A cancelled order whose money was never taken (pending, voided) is no
 * sale. Sums in minor units, never across currencies.
 */
export async function channelSales(db: Db, from: Date, to: Date): Promise<ChannelSales[]> {
  const rows = await db.$queryRaw<{ channel: string; currency: string; orders: number; total: bigint; discounts: bigint; tax: bigint; refunds: bigint }[]>`
    WITH partial AS (
      SELECT e.order_id, sum((e.data->>'refundMinor')::int8) AS minor FROM order_events e
      JOIN orders o ON o.id = e.order_id
      WHERE e.type = 'lines_cancelled' AND o.created_at >= ${from} AND o.created_at < ${to}
      GROUP BY e.order_id
    ),
    sales AS (
      SELECT o.channel_id, o.currency, o.total_minor, o.discounts_minor, o.tax_minor,
             coalesce(p.minor, 0) + CASE WHEN o.status = 'cancelled' AND o.payment_status = 'refunded' THEN greatest(o.total_minor - coalesce(p.minor, 0), 0) ELSE 0 END AS refund_minor
      FROM orders o LEFT JOIN partial p ON p.order_id = o.id
      WHERE o.created_at >= ${from} AND o.created_at < ${to}
        AND (o.status <> 'cancelled' OR o.payment_status IN ('refunded', 'partially_refunded'))
    )
    SELECT channel_id AS channel, currency, count(*)::int AS orders, sum(total_minor)::int8 AS total,
           sum(discounts_minor)::int8 AS discounts, sum(tax_minor)::int8 AS tax, sum(refund_minor)::int8 AS refunds
    FROM sales GROUP BY channel_id, currency ORDER BY channel_id, currency`;
  return rows.map((r) => {
    const money = (minor: bigint) => formatMoney(Number(minor), r.currency);
    return {
      channel: r.channel,
      currency: r.currency,
      orders: r.orders,
      netSales: money(r.total - r.refunds),
      discounts: money(r.discounts),
      tax: money(r.tax),
      refunds: money(r.refunds),
    };
  });
}
