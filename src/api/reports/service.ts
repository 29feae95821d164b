import type { Db } from '../../db/prisma';
import { nearestRankPercentile } from '../../domain/percentile';
import { returnFigures, type ChannelReturnRate, type ReturnRefunds } from './returns';
import { channelSales, type ChannelSales } from './sales';

export interface ReportRange {
  from: Date;
  to: Date;
}

export interface SummaryReport {
  from: string;
  to: string;
  ordersByChannelAndStatus: { channel: string; status: string; count: number }[];
  timeToShip: { count: number; medianSeconds: number | null; p95Seconds: number | null };
  onTimeShip: { shipped: number; withShipBy: number; onTime: number; rate: number | null };
  cancellationsByReason: { reason: string; count: number }[];
  /** Net sales, discounts, tax and refunds per channel and currency (src/api/reports/sales.ts). */
  salesByChannel: ChannelSales[];
  /** Issue 18 (src/api/reports/returns.ts): how much came back per channel, and the refunds per channel and reason. */
  returnRateByChannel: ChannelReturnRate[];
  returnRefundsByChannelAndReason: ReturnRefunds[];
}

/**
 * Operations figures for the orders the hub received in [from, to) (orders.created_at).
 * Percentiles are nearest-rank over whole milliseconds (src/domain/percentile.ts), so they are
 * real observed times and the same on every run; the database only supplies the durations.
 */
export function createReportService(db: Db) {
  return {
    async summary({ from, to }: ReportRange): Promise<SummaryReport> {
      const [byChannelAndStatus, durations, [onTime], cancellations, sales, returns] = await Promise.all([
        db.$queryRaw<{ channel: string; status: string; count: number }[]>`
          SELECT channel_id AS channel, status, count(*)::int AS count FROM orders
          WHERE created_at >= ${from} AND created_at < ${to}
          GROUP BY channel_id, status ORDER BY channel_id, status`,
        db.$queryRaw<{ ms: bigint }[]>`
          SELECT (extract(epoch FROM (shipped_at - created_at)) * 1000)::int8 AS ms FROM orders
          WHERE created_at >= ${from} AND created_at < ${to} AND shipped_at IS NOT NULL`,
        db.$queryRaw<{ shipped: number; with_ship_by: number; on_time: number }[]>`
          SELECT count(*)::int AS shipped,
                 count(*) FILTER (WHERE ship_by IS NOT NULL)::int AS with_ship_by,
                 count(*) FILTER (WHERE shipped_at <= ship_by)::int AS on_time
          FROM orders WHERE created_at >= ${from} AND created_at < ${to} AND shipped_at IS NOT NULL`,
        db.$queryRaw<{ reason: string; count: number }[]>`
          SELECT coalesce(cancel_reason, 'unknown') AS reason, count(*)::int AS count FROM orders
          WHERE created_at >= ${from} AND created_at < ${to} AND status = 'cancelled'
          GROUP BY 1 ORDER BY count DESC, reason`,
        channelSales(db, from, to),
        returnFigures(db, from, to),
      ]);
      const ms = durations.map((d) => Number(d.ms));
      const seconds = (p: number) => {
        const value = nearestRankPercentile(ms, p);
        return value === null ? null : value / 1000;
      };
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        ordersByChannelAndStatus: byChannelAndStatus,
        timeToShip: { count: ms.length, medianSeconds: seconds(50), p95Seconds: seconds(95) },
        onTimeShip: {
          shipped: onTime.shipped,
          withShipBy: onTime.with_ship_by,
          onTime: onTime.on_time,
          rate: onTime.with_ship_by === 0 ? null : onTime.on_time / onTime.with_ship_by,
        },
        cancellationsByReason: cancellations,
        salesByChannel: sales,
        ...returns,
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
