import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';

/** Whole UTC days, from `from` through `to` (both included), optionally one channel. */
export interface TrendRange {
  from: string;
  to: string;
  channel?: string;
}

/** The series the console charts; each answers rows of one shape (also its CSV's columns, in this order). */
export const TREND_SERIES = {
  orders: ['day', 'channel', 'orders'],
  'time-to-ship': ['day', 'shipped', 'medianSeconds', 'p95Seconds'],
  'on-time': ['day', 'withShipBy', 'onTime', 'rate'],
  holds: ['day', 'opened', 'closed'],
  cancellations: ['day', 'reason', 'cancellations'],
} as const;
export type TrendSeries = keyof typeof TREND_SERIES;
export type TrendRow = Record<string, string | number | null>;

/** Reasons beyond the most frequent ones are counted as "other", so a chart (and its CSV) stays readable over free-text reasons. */
export const TOP_CANCEL_REASONS = 8;

const bounds = (r: TrendRange) => {
  const from = new Date(`${r.from}T00:00:00.000Z`);
  const end = new Date(`${r.to}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from, end };
};
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const seconds = (ms: bigint | null) => (ms === null ? null : Number(ms) / 1000);

/**
 * Each series is one aggregate over an indexed time column (orders.created_at, shipped_at,
 * cancelled_at; order_holds.placed_at, released_at: see the migration 20261203000800), bucketed by
 * UTC day in PostgreSQL, so only a row per day leaves the database however many orders there are.
 * Percentiles are percentile_disc, the nearest rank (like src/domain/percentile.ts): observed
 * times, never interpolated. Timestamps are stored in UTC (timestamp without time zone).
 */
export function createTrends(db: Db) {
  const channelOf = (r: TrendRange, column: Prisma.Sql) => (r.channel ? Prisma.sql`AND ${column} = ${r.channel}` : Prisma.empty);

  const queries: Record<TrendSeries, (r: TrendRange) => Promise<TrendRow[]>> = {
    async orders(r) {
      const { from, end } = bounds(r);
      const rows = await db.$queryRaw<{ day: Date; channel: string; n: number }[]>`
        SELECT created_at::date AS day, channel_id AS channel, count(*)::int AS n FROM orders
        WHERE created_at >= ${from} AND created_at < ${end} ${channelOf(r, Prisma.sql`channel_id`)}
        GROUP BY 1, 2 ORDER BY 1, 2`;
      return rows.map((x) => ({ day: dayOf(x.day), channel: x.channel, orders: x.n }));
    },
    async 'time-to-ship'(r) {
      const { from, end } = bounds(r);
      const rows = await db.$queryRaw<{ day: Date; n: number; p50: bigint | null; p95: bigint | null }[]>`
        SELECT shipped_at::date AS day, count(*)::int AS n,
               (extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY shipped_at - created_at)) * 1000)::int8 AS p50,
               (extract(epoch FROM percentile_disc(0.95) WITHIN GROUP (ORDER BY shipped_at - created_at)) * 1000)::int8 AS p95
        FROM orders WHERE shipped_at >= ${from} AND shipped_at < ${end} ${channelOf(r, Prisma.sql`channel_id`)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((x) => ({ day: dayOf(x.day), shipped: x.n, medianSeconds: seconds(x.p50), p95Seconds: seconds(x.p95) }));
    },
    async 'on-time'(r) {
      const { from, end } = bounds(r);
      const rows = await db.$queryRaw<{ day: Date; with_ship_by: number; on_time: number }[]>`
        SELECT shipped_at::date AS day, count(*) FILTER (WHERE ship_by IS NOT NULL)::int AS with_ship_by,
               count(*) FILTER (WHERE shipped_at <= ship_by)::int AS on_time
        FROM orders WHERE shipped_at >= ${from} AND shipped_at < ${end} ${channelOf(r, Prisma.sql`channel_id`)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((x) => ({ day: dayOf(x.day), withShipBy: x.with_ship_by, onTime: x.on_time, rate: x.with_ship_by === 0 ? null : x.on_time / x.with_ship_by }));
    },
    async holds(r) {
      const { from, end } = bounds(r);
      const ofChannel = r.channel ? Prisma.sql`AND order_id IN (SELECT id FROM orders WHERE channel_id = ${r.channel})` : Prisma.empty;
      const rows = await db.$queryRaw<{ day: Date; opened: number; closed: number }[]>`
        SELECT day, sum(opened)::int AS opened, sum(closed)::int AS closed FROM (
          SELECT placed_at::date AS day, 1 AS opened, 0 AS closed FROM order_holds WHERE placed_at >= ${from} AND placed_at < ${end} ${ofChannel}
          UNION ALL
          SELECT released_at::date, 0, 1 FROM order_holds WHERE released_at >= ${from} AND released_at < ${end} ${ofChannel}
        ) h GROUP BY day ORDER BY day`;
      return rows.map((x) => ({ day: dayOf(x.day), opened: x.opened, closed: x.closed }));
    },
    async cancellations(r) {
      const { from, end } = bounds(r);
      const rows = await db.$queryRaw<{ day: Date; reason: string; n: number }[]>`
        WITH c AS (
          SELECT cancelled_at::date AS day, coalesce(cancel_reason, 'unknown') AS reason FROM orders
          WHERE cancelled_at >= ${from} AND cancelled_at < ${end} ${channelOf(r, Prisma.sql`channel_id`)}
        ), top AS (SELECT reason FROM c GROUP BY reason ORDER BY count(*) DESC, reason LIMIT ${TOP_CANCEL_REASONS})
        SELECT day, CASE WHEN reason IN (SELECT reason FROM top) THEN reason ELSE 'other' END AS reason, count(*)::int AS n
        FROM c GROUP BY 1, 2 ORDER BY 1, 2`;
      return rows.map((x) => ({ day: dayOf(x.day), reason: x.reason, cancellations: x.n }));
    },
  };

  return { series: (name: TrendSeries, range: TrendRange) => queries[name](range) };
}

/** RFC 4180 CSV: a header of the series' columns, then a line per row; fields with a comma, quote or line break are quoted. */
export function toCsv(columns: readonly string[], rows: readonly TrendRow[]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    // A leading = + - @ would be a formula in a spreadsheet: quoted text with a ' in front keeps it text.
    const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c] ?? null)).join(','))].join('\r\n') + '\r\n';
}
