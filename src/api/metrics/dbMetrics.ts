import { Gauge, Registry } from 'prom-client';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/prisma';
import { logger } from '../../observability/logger';
import { onceEvery } from './onceEvery';
import { pollerMetrics } from './pollerMetrics';

export const HOLD_REASONS = ['payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration', 'unmapped_sku', 'total_mismatch'] as const;

/**
 * Time-to-ship buckets, in seconds: from minutes (the simulated carrier) to a week.
 */
export const TIME_TO_SHIP_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 259_200, 432_000, 604_800];

/** How long one computation of the database figures serves every scrape (METRICS_DB_INTERVAL). */
export const DEFAULT_DB_METRICS_INTERVAL_MS = 15_000;

const UP = 'orderhub_database_metrics_up';
const up = (ok: 0 | 1) => `# HELP ${UP} Whether the database figures of this scrape could be read (1) or not (0)\n# TYPE ${UP} gauge\n${UP} ${ok}\n`;

/**
 * The database figures for /metrics, computed at most once per interval whoever scrapes: they
 * scan the orders table, and /metrics may be scraped far more often than the figures change.
 * A scrape gets figures up to one interval old. When they cannot be read, the scrape still
 * answers (the process's own metrics) with orderhub_database_metrics_up 0, for that interval.
 */
export function cachedDatabaseMetrics(db: Db, intervalMs = DEFAULT_DB_METRICS_INTERVAL_MS): () => Promise<string> {
  const log = logger.child({ component: 'metrics' });
  return onceEvery(intervalMs, async () => {
    try {
      return `${await databaseMetricsText(db)}\n${up(1)}`;
    } catch (err) {
      log.error({ err }, 'reading the database figures for /metrics failed');
      return up(0);
    }
  });
}

/**
 * Business figures read from the database when computed, so every API process answers the
 * same and nothing is lost on restart. Built afresh per computation: series for values that
 * are gone (a status no order has any more) disappear instead of lingering.
 */
export async function databaseMetricsText(db: Db): Promise<string> {
  const registry = new Registry();
  await Promise.all([ordersByStatus(db, registry), holds(db, registry), webhookInbox(db, registry), orderStarts(db, registry), pollerMetrics(db, registry)]);
  return `${await registry.metrics()}\n${await timeToShipHistogram(db)}`;
}

async function ordersByStatus(db: Db, registry: Registry): Promise<void> {
  const gauge = new Gauge({ name: 'orderhub_orders', help: 'Orders in the hub by channel and current status', labelNames: ['channel', 'status'], registers: [registry] });
  const rows = await db.$queryRaw<{ channel: string; status: string; n: number }[]>`
    SELECT channel_id AS channel, status, count(*)::int AS n FROM orders GROUP BY channel_id, status`;
  for (const r of rows) gauge.set({ channel: r.channel, status: r.status }, r.n);
}

/** Platform webhook deliveries still to process and those that failed for good (an operator's job: docs/shopify.md). */
async function webhookInbox(db: Db, registry: Registry): Promise<void> {
  const gauge = new Gauge({
    name: 'orderhub_webhook_inbox',
    help: 'Stored platform webhook deliveries waiting to be processed (received) or failed for good (failed), by channel',
    labelNames: ['channel', 'status'],
    registers: [registry],
  });
  const rows = await db.$queryRaw<{ channel: string; status: string; n: number }[]>`
    SELECT channel_id AS channel, status, count(*)::int AS n FROM channel_webhook_inbox WHERE status IN ('received', 'failed') GROUP BY channel_id, status`;
  for (const r of rows) gauge.set({ channel: r.channel, status: r.status }, r.n);
}

/**
 * Accepted orders whose workflow is not started yet (the order_starts outbox, src/api/orders/orderStarter.ts): a flash sale
 * shows as a burst drained in seconds; a count or an age that keeps growing means the starter cannot reach Temporal.
 */
async function orderStarts(db: Db, registry: Registry): Promise<void> {
  const pending = new Gauge({ name: 'orderhub_order_starts_pending', help: 'Accepted orders whose workflow is not started yet', registers: [registry] });
  const oldest = new Gauge({
    name: 'orderhub_order_starts_oldest_age_seconds',
    help: 'Age of the oldest accepted order whose workflow is not started yet (0 when none)',
    registers: [registry],
  });
  const [row] = await db.$queryRaw<{ n: number; age: number | null }[]>`
    SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS age FROM order_starts`;
  pending.set(row?.n ?? 0);
  oldest.set(Math.max(0, row?.age ?? 0));
}

async function holds(db: Db, registry: Registry): Promise<void> {
  const open = new Gauge({ name: 'orderhub_holds_open', help: 'Open order holds by reason', labelNames: ['reason'], registers: [registry] });
  const escalated = new Gauge({
    name: 'orderhub_holds_escalated_open',
    help: 'Open order holds past their SLA (escalated), by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'orderhub_holds_oldest_open_age_seconds',
    help: 'Age of the oldest open hold, by reason (absent when none is open)',
    labelNames: ['reason'],
    registers: [registry],
  });
  // Zeros for the known reasons keep their series continuous; any other reason still shows.
  for (const reason of HOLD_REASONS) {
    open.set({ reason }, 0);
    escalated.set({ reason }, 0);
  }
  // The age is computed here from the stored instant, not with the database clock, whose
  // session time zone would shift timestamps stored without one.
  const rows = await db.$queryRaw<{ reason: string; open: number; escalated: number; oldest: Date }[]>`
    SELECT reason, count(*)::int AS open, count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated, min(placed_at) AS oldest
    FROM order_holds WHERE released_at IS NULL GROUP BY reason`;
  const now = Date.now();
  for (const r of rows) {
    open.set({ reason: r.reason }, r.open);
    escalated.set({ reason: r.reason }, r.escalated);
    oldest.set({ reason: r.reason }, Math.max(0, (now - r.oldest.getTime()) / 1000));
  }
}

/**
 * Time from the hub receiving an order (created_at) to it being shipped (shipped_at), as a
 * Prometheus histogram counted by SQL over every shipped order. An in-process histogram would
 * start from zero at each restart and count each order only in the one process whose worker saw
 * it; these counts come from the database, so they are the same from every process, survive
 * restarts and only ever grow (an order ships once). rate() and histogram_quantile() over a
 * time range then give the recent distribution. The cost is one scan of shipped orders per
 * computation (cachedDatabaseMetrics); the exact percentiles per period are in GET /api/v1/reports/summary.
 */
async function timeToShipHistogram(db: Db): Promise<string> {
  const seconds = Prisma.sql`extract(epoch FROM (shipped_at - created_at))::float8`;
  const buckets = Prisma.join(TIME_TO_SHIP_BUCKETS.map((le, i) => Prisma.sql`count(*) FILTER (WHERE ${seconds} <= ${le}::float8)::int AS ${Prisma.raw(`b${i}`)}`));
  const [row] = await db.$queryRaw<Record<string, number>[]>`
    SELECT ${buckets}, count(*)::int AS count, coalesce(sum(${seconds}), 0)::float8 AS sum
    FROM orders WHERE shipped_at IS NOT NULL`;
  const name = 'orderhub_time_to_ship_seconds';
  return [
    `# HELP ${name} Time from the hub receiving an order to it being shipped, over all shipped orders (from the database)`,
    `# TYPE ${name} histogram`,
    ...TIME_TO_SHIP_BUCKETS.map((le, i) => `${name}_bucket{le="${le}"} ${row[`b${i}`]}`),
    `${name}_bucket{le="+Inf"} ${row.count}`,
    `${name}_sum ${row.sum}`,
    `${name}_count ${row.count}`,
    '',
  ].join('\n');
}
