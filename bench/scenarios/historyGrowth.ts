import type { Report } from '../report';
import { percentile } from '../report';
import { envInt, orderBody, sleep, startBenchHub, type BenchHub } from '../support/benchHub';
import { kindOf, mixSkus, runOrderBatch } from '../support/orderDriver';
import { seedOrders } from '../support/seedOrders';

// Sizes: BENCH_GROWTH_SMALL (1000) and BENCH_GROWTH_LARGE (100000) orders of history, BENCH_GROWTH_ORDERS
// (100) orders through the pipeline per step, BENCH_GROWTH_SAMPLES (20) requests per read figure.

/**
 * Issue 17 goal 4: the same figures with a small and a large order history in the database. The
 * small history is 90 days of orders with a few hundred open; the large one adds older history
 * (the two years before), so the open work and the recent days a report covers are the same in
 * both and only the history grows: whatever gets slower then reads history it does not need.
 */
export async function historyGrowthScenario(report: Report): Promise<void> {
  const small = envInt('BENCH_GROWTH_SMALL', 1000);
  const large = Math.max(small, envInt('BENCH_GROWTH_LARGE', 100_000));
  const batch = envInt('BENCH_GROWTH_ORDERS', 100);
  const samples = envInt('BENCH_GROWTH_SAMPLES', 20);
  const concurrency = envInt('BENCH_CONCURRENCY', 20);
  // Every computation of /metrics reads the database: the figure is what a scrape costs, not the cache.
  const bench = await startBenchHub({ metricsDbIntervalMs: 0 });
  // Seeds are written once each: fresh ones per run, so a kept database (DATABASE_URL) can run it again.
  const seed = 1 + Math.floor(Math.random() * 499_999) * 2;
  try {
    const skus = await mixSkus(bench, batch * 4 + samples * 4);
    const seeded = await seedOrders(bench.hub.db, { orders: small, seed, open: Math.min(300, Math.floor(small * 0.3)), days: 90 });
    const before = await measure(bench, skus, { batch, samples, concurrency });
    const grown = await seedOrders(bench.hub.db, { orders: large - small, seed: seed + 1, open: 0, days: 730, endDaysAgo: 90 });
    const after = await measure(bench, skus, { batch, samples, concurrency });

    const params = {
      history: `${small} orders over 90 days (${seeded.open} open), then ${large - small} more over the two years before`,
      seedSeconds: { small: seeded.seconds, large: grown.seconds },
      pipelineBatch: batch,
      concurrency,
      samplesPerRead: samples,
    };
    for (const [metric, figure] of Object.entries(before)) {
      const grownFigure = after[metric];
      report.emit({ scenario: 'history-growth', metric: `${metric}_at_${small}`, value: figure.value, unit: figure.unit, params });
      report.emit({ scenario: 'history-growth', metric: `${metric}_at_${large}`, value: grownFigure.value, unit: figure.unit, params });
      // Above 1 is worse for every kind: a rate that fell, a latency or a count of pages that rose.
      const ratio = figure.unit === 'orders/s' ? figure.value / grownFigure.value : grownFigure.value / figure.value;
      report.emit({ scenario: 'history-growth', metric: `${metric}_ratio`, value: ratio, unit: 'x (1 = flat, above 1 = slower)', params: { ...params, target: '≤ 1.1' } });
    }
  } finally {
    await bench.stop();
  }
}

type Figures = Record<string, { value: number; unit: string }>;
type Skus = Awaited<ReturnType<typeof mixSkus>>;

async function measure(bench: BenchHub, skus: Skus, o: { batch: number; samples: number; concurrency: number }): Promise<Figures> {
  const paidSingle = (i: number) => ({ ...kindOf(i), paid: true, split: false });
  const run = await runOrderBatch(bench, skus, o.batch, o.concurrency, paidSingle);
  const accept = await idleAccepts(bench, skus.single, o.samples);
  const day = 86_400_000;
  const range = (ms: number) => `from=${new Date(Date.now() - ms).toISOString()}&to=${new Date().toISOString()}`;
  const api = (path: string) => `${bench.apiUrl}/api/v1${path}`;
  const figures: Figures = {
    orders_per_second: { value: o.batch / run.completeSeconds, unit: 'orders/s' },
    accept_p50: { value: accept, unit: 'ms' },
  };
  const reads: [string, string | (() => Promise<string>)][] = [
    ['list_orders_page1', api('/orders?limit=50')],
    ['list_orders_deep_page', () => deepPageUrl(bench, api('/orders?limit=50'), 10)],
    ['list_orders_status', api('/orders?limit=50&status=delivered')],
    ['list_orders_status_deep_page', () => deepPageUrl(bench, api('/orders?limit=50&status=delivered'), 10)],
    ['list_orders_channel', api('/orders?limit=50&channel=amazon')],
    ['fulfillment_queue', api('/fulfillment/queue')],
    ['holds_open', api('/holds')],
    ['report_24h', api(`/reports/summary?${range(day)}`)],
    ['report_30d', api(`/reports/summary?${range(30 * day)}`)],
    ['metrics_uncached', bench.hub.metricsUrl],
  ];
  for (const [name, target] of reads) {
    const url = typeof target === 'string' ? target : await target();
    const before = await orderBuffers(bench);
    figures[`${name}_p50`] = { value: await medianGet(bench, url, o.samples), unit: 'ms' };
    figures[`${name}_buffers`] = { value: (await orderBuffers(bench, before)) / (o.samples + 1), unit: 'buffers/request' };
  }
  return figures;
}

// The order history's tables, whose pages a read of it touches.
const HISTORY_TABLES = ['orders', 'order_lines', 'order_events', 'order_holds', 'shipments', 'payment_transactions', 'customers', 'order_status_counts', 'order_ship_times'];

/**
 * Pages of the history tables read (from the cache or the disk, heap and indexes) since `since`,
 * or the running total. The work a request does, whatever the load on the machine, where the
 * milliseconds on a shared 2-core machine are noisy. The server's other connections publish their
 * counters when idle, within 10 s: the second reading waits for that.
 */
async function orderBuffers(bench: BenchHub, since?: number): Promise<number> {
  if (since !== undefined) await sleep(11_000);
  const [row] = await bench.hub.db.$queryRaw<{ n: number }[]>`
    SELECT coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(heap_blks_read, 0) + coalesce(idx_blks_hit, 0) + coalesce(idx_blks_read, 0)), 0)::float8 AS n
    FROM pg_statio_user_tables WHERE relname = ANY(${HISTORY_TABLES})`;
  return since === undefined ? row.n : row.n - since;
}

/** The median of `n` sequential GETs (after one warm-up), each answered 200. */
async function medianGet(bench: BenchHub, url: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= n; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: bench.headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    if (i > 0) times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

/** The URL of page `page` (1-based) of a list, reached by following its cursors. */
async function deepPageUrl(bench: BenchHub, first: string, page: number): Promise<string> {
  let url = first;
  for (let p = 1; p < page; p++) {
    const res = await fetch(url, { headers: bench.headers });
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) throw new Error(`${first} has fewer than ${page} pages`);
    url = `${first}&cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  return url;
}

/** p50 of `n` paid orders posted one after another on a hub with nothing else to do; waits until they are delivered. */
async function idleAccepts(bench: BenchHub, sku: string, n: number): Promise<number> {
  const times: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = orderBody({ skus: [sku], paid: true, channel: kindOf(i).channel });
    const started = performance.now();
    const res = await fetch(`${bench.apiUrl}/api/v1/orders`, { method: 'POST', headers: bench.headers, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`order answered ${res.status}: ${await res.text()}`);
    times.push(performance.now() - started);
    ids.push(((await res.json()) as { orderId: string }).orderId);
    // Each accept on its own: the previous order's pipeline is not what this one measures.
    await sleep(200);
  }
  const deadline = Date.now() + 300_000;
  while ((await bench.hub.db.order.count({ where: { id: { in: ids }, status: 'delivered' } })) < ids.length) {
    if (Date.now() > deadline) throw new Error('the accept-latency orders were not delivered within 5 minutes');
    await sleep(200);
  }
  return percentile(times, 50);
}
