import { randomUUID } from 'node:crypto';
import { seedOrders } from '../../bench/support/seedOrders';
import { databaseMetricsText } from '../../src/api/metrics/dbMetrics';
import { TIME_TO_SHIP_BUCKETS } from '../../src/api/metrics/orderSummaries';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from '../support/testHub';

// The summary tables /metrics reads (migration 20261203000300_order_summaries) against the orders
// themselves. Other test files write orders meanwhile: per-channel figures use this file's own
// channel, and the global histogram is compared inside one REPEATABLE READ snapshot.
describe('order summaries kept by triggers', () => {
  let db: Db;
  const channel = `sums-${Date.now().toString(36)}-${randomUUID().slice(0, 4)}`;

  beforeAll(async () => {
    db = createDb(requireEnv(STACK_ENV.databaseUrl), 4);
    await db.channel.create({ data: { id: channel, name: 'Order summaries test channel', kind: 'webstore' } });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const directCounts = async () =>
    new Map(
      (await db.$queryRaw<{ status: string; n: number }[]>`SELECT status, count(*)::int AS n FROM orders WHERE channel_id = ${channel} GROUP BY 1`).map((r) => [r.status, r.n]),
    );
  const keptCounts = async () =>
    new Map(
      (
        await db.$queryRaw<{ status: string; n: number }[]>`
          SELECT status, sum(n)::int AS n FROM order_status_counts WHERE channel_id = ${channel} GROUP BY 1 HAVING sum(n) <> 0`
      ).map((r) => [r.status, r.n]),
    );
  /** Both histograms (bucket bound → orders) in one snapshot: every shipped order in the database, directly and as kept. */
  const histograms = () =>
    db.$transaction(
      async (tx) => {
        const direct = await tx.$queryRaw<{ le: number; n: number; seconds: number }[]>`
          SELECT time_to_ship_le(s) AS le, count(*)::int AS n, sum(s)::float8 AS seconds
          FROM (SELECT extract(epoch FROM (shipped_at - created_at))::float8 AS s FROM orders WHERE shipped_at IS NOT NULL) t GROUP BY 1 ORDER BY 1`;
        const kept = await tx.$queryRaw<{ le: number; n: number; seconds: number }[]>`
          SELECT le, sum(n)::int AS n, sum(seconds)::float8 AS seconds FROM order_ship_times GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`;
        return { direct, kept };
      },
      { isolationLevel: 'RepeatableRead' },
    );
  const expectSameHistograms = async () => {
    const { direct, kept } = await histograms();
    expect(kept.map((r) => [r.le, r.n])).toEqual(direct.map((r) => [r.le, r.n]));
    kept.forEach((r, i) => expect(r.seconds).toBeCloseTo(direct[i].seconds, 0));
  };

  test('a bulk insert, status and ship-time changes and a delete are all counted', async () => {
    await seedOrders(db, { orders: 40, open: 20, channels: [channel], seed: 1 + Math.floor(Math.random() * 999_999) });
    expect(await keptCounts()).toEqual(await directCounts());

    const [first, second] = await db.order.findMany({ where: { channelId: channel, status: { notIn: ['delivered', 'cancelled', 'shipped'] } }, take: 2 });
    await db.order.update({ where: { id: first.id }, data: { status: 'shipped', shippedAt: new Date(first.createdAt.getTime() + 61_000) } });
    await db.order.update({ where: { id: first.id }, data: { shippedAt: new Date(first.createdAt.getTime() + 9 * 86_400_000) } }); // past the last bucket
    await db.order.update({ where: { id: second.id }, data: { status: 'cancelled' } });
    await db.order.update({ where: { id: second.id }, data: { updatedAt: new Date() } }); // no summarised column: nothing kept
    const extra = await db.order.create({
      data: {
        ...first,
        status: 'shipped',
        shippedAt: new Date(first.createdAt.getTime() + 120_000),
        id: randomUUID(),
        workflowId: `order:${channel}:${randomUUID()}`,
        externalId: randomUUID(),
        shippingLines: [],
        shippingAddress: {},
        channelTotals: undefined,
      },
    });
    expect(await keptCounts()).toEqual(await directCounts());
    await expectSameHistograms();

    await db.order.delete({ where: { id: extra.id } });
    expect(await keptCounts()).toEqual(await directCounts());
    await expectSameHistograms();
  });

  test('/metrics folds the rows into one per key, also when several computations run at once, and reports the same counts', async () => {
    await Promise.all([databaseMetricsText(db), databaseMetricsText(db), databaseMetricsText(db)]);
    const direct = await directCounts();
    expect(await keptCounts()).toEqual(direct);
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM order_status_counts WHERE channel_id = ${channel}`;
    expect(rows[0].n).toBe(direct.size);
    await expectSameHistograms();

    const text = await databaseMetricsText(db);
    for (const [status, n] of direct) expect(text).toContain(`orderhub_orders{channel="${channel}",status="${status}"} ${n}`);
  });

  test('the database bucket bounds are TIME_TO_SHIP_BUCKETS', async () => {
    const probes = TIME_TO_SHIP_BUCKETS.flatMap((b) => [b, b + 0.001]);
    const rows = await db.$queryRaw<{ s: number; le: number }[]>`SELECT s, time_to_ship_le(s) AS le FROM unnest(${probes}::float8[]) AS s`;
    const expected = probes.map((s) => TIME_TO_SHIP_BUCKETS.find((b) => s <= b) ?? Infinity);
    expect(rows.map((r) => r.le)).toEqual(expected);
  });
});
