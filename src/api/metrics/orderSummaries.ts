import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../../db/prisma';

/**
 * Time-to-ship buckets, in seconds: from minutes (the simulated carrier) to a week. The database
 * function time_to_ship_le (migration 20261203000300_order_summaries) has the same bounds.
 */
export const TIME_TO_SHIP_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 259_200, 432_000, 604_800];

/**
 * Folds each summary table's rows into one per key. Triggers on orders add a +1/-1 row per change
 * (an update of one shared counter row would make every order transaction queue on it); this keeps
 * the tables as small as their keys. One statement each: rows added meanwhile are not in its
 * snapshot, so they stay for the next fold, and two processes folding at once never count a row twice.
 */
async function fold(db: Db): Promise<void> {
  await db.$executeRaw`
    WITH gone AS (DELETE FROM order_status_counts RETURNING channel_id, status, n)
    INSERT INTO order_status_counts (channel_id, status, n) SELECT channel_id, status, sum(n) FROM gone GROUP BY 1, 2 HAVING sum(n) <> 0`;
  await db.$executeRaw`
    WITH gone AS (DELETE FROM order_ship_times RETURNING le, n, seconds)
    INSERT INTO order_ship_times (le, n, seconds) SELECT le, sum(n), sum(seconds) FROM gone GROUP BY 1 HAVING sum(n) <> 0`;
}

/** orderhub_orders{channel,status} and the time-to-ship histogram, from the summaries (no scan of orders). */
export async function orderSummaryMetrics(db: Db, registry: Registry): Promise<string> {
  await fold(db);
  const [counts, shipTimes] = await Promise.all([
    db.$queryRaw<{ channel: string; status: string; n: number }[]>`
      SELECT channel_id AS channel, status, sum(n)::int AS n FROM order_status_counts GROUP BY 1, 2 HAVING sum(n) <> 0`,
    db.$queryRaw<{ le: number; n: number; seconds: number }[]>`SELECT le, sum(n)::int AS n, sum(seconds)::float8 AS seconds FROM order_ship_times GROUP BY 1`,
  ]);
  const gauge = new Gauge({ name: 'orderhub_orders', help: 'Orders in the hub by channel and current status', labelNames: ['channel', 'status'], registers: [registry] });
  for (const r of counts) gauge.set({ channel: r.channel, status: r.status }, r.n);
  return timeToShipHistogram(shipTimes);
}

/**
 * Time from the hub receiving an order (created_at) to it being shipped (shipped_at), as a
 * Prometheus histogram of every shipped order. An in-process histogram would start from zero at
 * each restart and count each order only in the one process whose worker saw it; these counts
 * come from the database, so they are the same from every process, survive restarts and only
 * ever grow (an order ships once). rate() and histogram_quantile() over a time range then give the
 * recent distribution; the exact percentiles per period are in GET /api/v1/reports/summary.
 */
function timeToShipHistogram(rows: { le: number; n: number; seconds: number }[]): string {
  const name = 'orderhub_time_to_ship_seconds';
  const atMost = (bound: number) => rows.filter((r) => r.le <= bound).reduce((sum, r) => sum + r.n, 0);
  const count = atMost(Infinity);
  const sum = rows.reduce((total, r) => total + r.seconds, 0);
  return [
    `# HELP ${name} Time from the hub receiving an order to it being shipped, over all shipped orders (from the database)`,
    `# TYPE ${name} histogram`,
    ...TIME_TO_SHIP_BUCKETS.map((le) => `${name}_bucket{le="${le}"} ${atMost(le)}`),
    `${name}_bucket{le="+Inf"} ${count}`,
    `${name}_sum ${sum}`,
    `${name}_count ${count}`,
    '',
  ].join('\n');
}
