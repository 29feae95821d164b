import type { Db } from '../../db/prisma';
import { formatMoney } from '../../domain/money';

/** How much of one channel's orders came back (issue 18). */
export interface ChannelReturnRate {
  channel: string;
  orders: number;
  /** Orders with a return that still holds units (an expired return does not count). */
  ordersWithReturns: number;
  /** ordersWithReturns / orders; null without orders. */
  rate: number | null;
  unitsSold: number;
  /** Units returns hold (order_lines.returned: asked, or received once the parcel arrived). */
  unitsReturned: number;
}

/** Returns opened in the period, per channel, reason and currency, with the line refunds they earned. */
export interface ReturnRefunds {
  channel: string;
  reason: string;
  currency: string;
  returns: number;
  units: number;
  /** The lines' refund shares (shipping given back with a last unit belongs to no reason and is left out); decimal string. */
  refunds: string;
}

/**
 * The return rate of the orders received in [from, to) (orders.created_at, as the rest of the
 * summary), and the returns opened in [from, to) (returns.created_at) per reason. An exchange's lines
 * count with a zero refund: the replacement was their money's worth. Sums never cross currencies.
 */
export async function returnFigures(db: Db, from: Date, to: Date): Promise<{ returnRateByChannel: ChannelReturnRate[]; returnRefundsByChannelAndReason: ReturnRefunds[] }> {
  const [rates, refunds] = await Promise.all([
    db.$queryRaw<{ channel: string; orders: number; with_returns: number; units_sold: number; units_returned: number }[]>`
      SELECT o.channel_id AS channel, count(*)::int AS orders,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.status <> 'expired'))::int AS with_returns,
             coalesce(sum(l.sold), 0)::int AS units_sold, coalesce(sum(l.returned), 0)::int AS units_returned
      FROM orders o LEFT JOIN LATERAL (SELECT sum(quantity) AS sold, sum(returned) AS returned FROM order_lines WHERE order_id = o.id) l ON true
      WHERE o.created_at >= ${from} AND o.created_at < ${to}
      GROUP BY o.channel_id ORDER BY o.channel_id`,
    db.$queryRaw<{ channel: string; reason: string; currency: string; returns: number; units: number; refund: bigint }[]>`
      SELECT r.channel_id AS channel, coalesce(rl.reason, 'unspecified') AS reason, r.currency,
             count(DISTINCT r.id)::int AS returns, sum(rl.quantity)::int AS units, sum(rl.refund_minor)::int8 AS refund
      FROM returns r JOIN return_lines rl ON rl.return_id = r.id
      WHERE r.created_at >= ${from} AND r.created_at < ${to}
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  ]);
  return {
    returnRateByChannel: rates.map((r) => ({
      channel: r.channel,
      orders: r.orders,
      ordersWithReturns: r.with_returns,
      rate: r.orders === 0 ? null : r.with_returns / r.orders,
      unitsSold: r.units_sold,
      unitsReturned: r.units_returned,
    })),
    returnRefundsByChannelAndReason: refunds.map((r) => ({
      channel: r.channel,
      reason: r.reason,
      currency: r.currency,
      returns: r.returns,
      units: r.units,
      refunds: formatMoney(Number(r.refund), r.currency),
    })),
  };
}
