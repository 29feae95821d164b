import { randomUUID } from 'node:crypto';
import type { Report } from '../report';
import { percentile } from '../report';
import { createBenchSku, envInt, orderBody, sleep, startBenchHub, type BenchHub } from '../support/benchHub';
import { load } from './api';

/** Every PRIORITY_EVERY-th order template is express (next_day) or a VIP's: the ~10 % the backlog must serve first. */
const PRIORITY_EVERY = 10;
const TEMPLATES = 200;
const PREFIX = 'FLASH-';
/** The flash sale's orders (the idle phase's are FLASH-IDLE-…). */
const flashWhere = { externalId: { startsWith: PREFIX, not: { startsWith: `${PREFIX}IDLE-` } } };

/**
 * Issue 17, goal 1: accepting must not wait for the pipeline.
 * 1. Idle: BENCH_FLASH_IDLE_POSTS (200) sequential POSTs of unpaid orders (left awaiting payment), accept p50/p99.
 * 2. Flash sale: BENCH_FLASH_RATE (100) paid orders/s for BENCH_FLASH_SECONDS (60), varied customers, ~10 % express
 *    or VIP: accept p50/p99, errors, accepted vs rows, the peak of accepted orders not started yet. The buyers arrive
 *    independently (Poisson arrivals, bench/support/arrivals.cjs); BENCH_FLASH_ARRIVALS=burst sends them with autocannon
 *    instead, whose rate sends each second's requests at once at its start (what the figures before session 12 measured).
 * 3. Drain: until every flash order is delivered (BENCH_FLASH_DRAIN_TIMEOUT_S, 3600): drain seconds after the load,
 *    and the median accept → delivered per priority class, which shows whether the backlog drained by priority.
 * Only when named: `npm run bench flash-sale` (a minute of load, then the drain of about 20× the pipeline's rate).
 */
export async function flashSaleScenario(report: Report): Promise<void> {
  const rate = envInt('BENCH_FLASH_RATE', 100);
  const seconds = envInt('BENCH_FLASH_SECONDS', 60);
  const idlePosts = envInt('BENCH_FLASH_IDLE_POSTS', 200);
  const drainTimeoutMs = envInt('BENCH_FLASH_DRAIN_TIMEOUT_S', 3600) * 1000;
  // BENCH_FLASH_TOPOLOGY=split: the API here, the workers in a process of their own at a lower priority (docker-compose's api and worker).
  const split = process.env.BENCH_FLASH_TOPOLOGY === 'split';
  const bench = await startBenchHub(split ? { workerProcess: { nice: envInt('BENCH_FLASH_WORKER_NICE', 10) } } : {});
  const emit = (metric: string, value: number, unit: string, params: Record<string, unknown> = {}) =>
    report.emit({ scenario: 'flash-sale', metric, value, unit, params: { rate, seconds, idlePosts, ...params } });
  try {
    const sku = await createBenchSku(bench.hub.db, 'BENCH-FLASH', { 'WH-EAST': 10_000_000, 'WH-WEST': 10_000_000 });
    const idle = await idleAccepts(bench, sku, idlePosts, 'settled');
    const idleParams = { order: 'unpaid, 1 line, one at a time, each once the previous order reached awaiting payment (an idle hub)' };
    emit('idle_accept_latency_p50', percentile(idle.latencies, 50), 'ms', idleParams);
    emit('idle_accept_latency_p99', percentile(idle.latencies, 99), 'ms', idleParams);
    emit('idle_errors', idle.errors, 'requests');
    // Back to back, the previous orders' workflows still running on the same 2 cores: what one client sending in a loop sees.
    const sequential = await idleAccepts(bench, sku, idlePosts, 'back-to-back');
    const sequentialParams = { order: 'unpaid, 1 line, one at a time, back to back (the previous orders still in the pipeline)' };
    emit('sequential_accept_latency_p50', percentile(sequential.latencies, 50), 'ms', sequentialParams);
    emit('sequential_accept_latency_p99', percentile(sequential.latencies, 99), 'ms', sequentialParams);
    emit('sequential_errors', sequential.errors, 'requests');

    const peak = sampler(bench);
    const connections = Math.max(10, Math.ceil(rate / 5));
    const bodies = Array.from({ length: TEMPLATES }, (_, i) => JSON.stringify(flashBody(sku, i)));
    const cpuBefore = process.cpuUsage();
    const arrivals = process.env.BENCH_FLASH_ARRIVALS === 'burst' ? undefined : 'poisson';
    const r = await load({ url: `${bench.apiUrl}/api/v1/orders`, headers: bench.headers, bodies, prefix: PREFIX, rate, seconds, connections, arrivals });
    const loadEnded = Date.now();
    const cpuDuringLoad = process.cpuUsage(cpuBefore);
    const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
    const loadParams = {
      ...(!arrivals && { connections }),
      statusCodes: codes,
      order: `paid, 1 line, ${TEMPLATES} customers, 1 in ${PRIORITY_EVERY} express or VIP`,
      loadFrom: arrivals ? 'Poisson arrivals (open loop) from a child process' : 'autocannon in a child process (each second in a burst)',
    };
    emit('accepted_per_second', r.total / r.duration, 'requests/s', loadParams);
    emit('accept_latency_p50', r.latency.p50, 'ms', loadParams);
    if (split) {
      // With the workers elsewhere this process is the API (and its starter): its CPU per accept is what bounds accepts per core.
      emit('api_process_cpu_ms_per_accept', (cpuDuringLoad.user + cpuDuringLoad.system) / 1000 / Math.max(1, r.total), 'ms', {
        ...loadParams,
        cpu: 'process.cpuUsage() of the API process over the load (the starter and the bench 500 ms sampler included; autocannon is a child process)',
      });
    }
    emit('accept_latency_p99', r.latency.p99, 'ms', loadParams);
    emit('errors', r.errors + r.timeouts, 'requests', loadParams);
    emit('non_2xx', r.non2xx, 'requests', loadParams);
    const rows = await bench.hub.db.order.count({ where: flashWhere });
    emit('accepted', codes['202'] ?? 0, 'orders', loadParams);
    emit('rows', rows, 'orders', { ...loadParams, note: 'every 202 is a row; a request autocannon gave up on may still have been committed' });

    const drained = await untilDelivered(bench, rows, drainTimeoutMs);
    peak.stop();
    emit('peak_pending_starts', peak.max, 'orders', { note: 'accepted orders whose workflow was not started yet, sampled every 500 ms' });
    emit('delivered', drained.delivered, 'orders');
    emit('drain_seconds', (drained.lastDeliveredAt - loadEnded) / 1000, 's', { note: 'end of the load → last flash order delivered' });
    const classes = await completionByClass(bench);
    for (const c of classes)
      emit(`accept_to_delivered_p50_${c.klass}`, c.p50, 's', { orders: c.n, p90: c.p90, note: 'priority: express (not standard) or VIP; standard: the rest' });
  } finally {
    await bench.stop();
  }
}

/** Template i of the flash sale: its own customer; every PRIORITY_EVERY-th one express or VIP (alternately). */
function flashBody(sku: string, i: number) {
  const base = orderBody({ skus: [sku], paid: true });
  const priority = i % PRIORITY_EVERY === 0;
  const vip = priority && (i / PRIORITY_EVERY) % 2 === 1;
  return {
    ...base,
    externalId: '__EXTERNAL_ID__',
    customer: { email: `flash-${i}@example.com`, name: `Flash Customer ${i}`, tier: vip ? 'vip' : 'standard' },
    shippingService: priority && !vip ? 'next_day' : 'standard',
    payment: { status: 'paid', reference: 'pay-__EXTERNAL_ID__' },
  };
}

/** Orders sent one at a time; `settled`: each once the one before has reached awaiting payment, so the hub is idle when it arrives. */
async function idleAccepts(bench: BenchHub, sku: string, count: number, pace: 'settled' | 'back-to-back'): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const body = { ...orderBody({ skus: [sku], paid: false }), externalId: `${PREFIX}IDLE-${randomUUID()}`, customer: { email: `idle-${i}@example.com`, tier: 'standard' } };
    const t0 = performance.now();
    const res = await fetch(`${bench.apiUrl}/api/v1/orders`, { method: 'POST', headers: bench.headers, body: JSON.stringify(body) });
    await res.text();
    latencies.push(performance.now() - t0);
    if (res.status !== 202) errors++;
    if (pace === 'settled') await untilIdleOrdersSettled(bench, 30_000, 20);
  }
  // Their workflows run to awaiting payment before the next phase starts.
  await untilIdleOrdersSettled(bench, 120_000, 1000);
  return { latencies, errors };
}

async function untilIdleOrdersSettled(bench: BenchHub, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const received = { externalId: { startsWith: `${PREFIX}IDLE-` }, status: 'received' };
  while (Date.now() < deadline && (await bench.hub.db.order.count({ where: received })) > 0) await sleep(pollMs);
}

/** The highest count of accepted orders not started yet, sampled every 500 ms. */
function sampler(bench: BenchHub) {
  let max = 0;
  const timer = setInterval(() => {
    bench.hub.db.orderStart
      .count()
      .then((n) => (max = Math.max(max, n)))
      .catch(() => undefined);
  }, 500);
  return {
    get max() {
      return max;
    },
    stop: () => clearInterval(timer),
  };
}

async function untilDelivered(bench: BenchHub, flash: number, timeoutMs: number): Promise<{ delivered: number; lastDeliveredAt: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivered = await bench.hub.db.order.count({ where: { ...flashWhere, status: 'delivered' } });
    if (delivered >= flash) {
      const last = await bench.hub.db.order.aggregate({ where: flashWhere, _max: { deliveredAt: true } });
      return { delivered, lastDeliveredAt: last._max.deliveredAt!.getTime() };
    }
    if (Date.now() > deadline) throw new Error(`flash sale: ${delivered}/${flash} orders delivered after ${timeoutMs / 1000} s`);
    await sleep(2000);
  }
}

async function completionByClass(bench: BenchHub): Promise<{ klass: string; n: number; p50: number; p90: number }[]> {
  const rows = await bench.hub.db.$queryRaw<{ klass: string; secs: number }[]>`
    SELECT CASE WHEN o.shipping_service <> 'standard' OR c.tier = 'vip' THEN 'priority' ELSE 'standard' END AS klass,
           extract(epoch FROM o.delivered_at - o.created_at)::float8 AS secs
    FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.external_id LIKE ${`${PREFIX}%`} AND o.external_id NOT LIKE ${`${PREFIX}IDLE-%`} AND o.delivered_at IS NOT NULL`;
  return ['priority', 'standard'].map((klass) => {
    const secs = rows.filter((r) => r.klass === klass).map((r) => r.secs);
    return { klass, n: secs.length, p50: percentile(secs, 50), p90: percentile(secs, 90) };
  });
}
