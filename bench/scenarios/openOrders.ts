import type { Report } from '../report';
import { pool } from '../report';
import { envInt, orderBody, sleep, startBenchHub, type BenchHub } from '../support/benchHub';
import { gc, rssMb } from '../support/memory';
import { kindOf, mixSkus, runOrderBatch } from '../support/orderDriver';

/**
 * Many orders left waiting for payment: the hub process's memory with them open, and the
 * throughput of new paid orders with and without them.
 */
export async function openOrdersScenario(report: Report): Promise<void> {
  const open = envInt('BENCH_OPEN_ORDERS', 5000);
  const probe = envInt('BENCH_OPEN_PROBE_ORDERS', 100);
  const concurrency = envInt('BENCH_CONCURRENCY', 20);
  const bench = await startBenchHub({ carrierDispatchDelayMs: 50, carrierDeliveryDelayMs: 50 });
  try {
    const skus = await mixSkus(bench, open + probe * 2);
    const paidSingle = (i: number) => ({ ...kindOf(i), paid: true, split: false });
    const before = await runOrderBatch(bench, skus, probe, concurrency, paidSingle);
    await sleep(1000);
    const rssBefore = rssMb();
    const createStarted = Date.now();
    await openUnpaid(bench, skus.single, open, concurrency);
    const createSeconds = (Date.now() - createStarted) / 1000;
    await sleep(1000);
    const rssAfter = rssMb();
    const after = await runOrderBatch(bench, skus, probe, concurrency, paidSingle);

    const cache = bench.hub.worker!.options.maxCachedWorkflows;
    const params = {
      openOrders: open,
      state: 'awaiting_payment',
      rss: `process.memoryUsage().rss of the hub process (API + workers + bench driver)${gc ? ', after two full GCs (global.gc)' : ', no --expose-gc: without a GC first'}`,
      maxCachedWorkflows: cache,
      maxCachedWorkflowsSource: process.env.WORKER_CACHED_WORKFLOWS ? 'WORKER_CACHED_WORKFLOWS' : 'the default of WORKER_CACHED_WORKFLOWS',
    };
    const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
      report.emit({ scenario: 'open-orders', metric, value, unit, params: { ...params, ...extra } });
    emit('hub_rss_before', rssBefore, 'MB');
    emit('hub_rss_with_open_orders', rssAfter, 'MB');
    emit('rss_per_1000_open_orders', ((rssAfter - rssBefore) / open) * 1000, 'MB');
    emit('open_orders_created_per_second', open / createSeconds, 'orders/s', { concurrency, measured: 'first POST → all awaiting_payment' });
    const probeParams = { probeOrders: probe, concurrency, probe: 'paid, single parcel, channels in turn; carrier 50/50 ms' };
    emit('paid_completed_per_second_without_open_orders', probe / before.completeSeconds, 'orders/s', probeParams);
    emit('paid_completed_per_second_with_open_orders', probe / after.completeSeconds, 'orders/s', probeParams);
  } finally {
    await bench.stop();
  }
}

/** Posts `count` unpaid orders and waits until every one awaits payment. */
async function openUnpaid(bench: BenchHub, sku: string, count: number, concurrency: number): Promise<void> {
  const ids: string[] = [];
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const body = orderBody({ skus: [sku], paid: false, channel: kindOf(i).channel });
      const res = await fetch(`${bench.apiUrl}/api/v1/orders`, { method: 'POST', headers: bench.headers, body: JSON.stringify(body) });
      if (res.status !== 202) throw new Error(`order answered ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { orderId: string }).orderId);
    },
  );
  for (;;) {
    const waiting = await bench.hub.db.order.count({ where: { id: { in: ids }, status: 'awaiting_payment' } });
    if (waiting === count) return;
    await sleep(200);
  }
}
