import { fork } from 'node:child_process';
import path from 'node:path';
import type { Report } from '../report';
import { createBenchSku, envInt, orderBody, sleep, startBenchHub, type BenchHub } from '../support/benchHub';

export interface LoadResult {
  error?: string;
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
  total: number;
}

/**
 * The accept path alone (POST /api/v1/orders → 202) under autocannon at fixed overall rates,
 * run from a child process. Each request is a new unpaid order (unique externalId) for a SKU with
 * ample stock; the orders are left awaiting payment.
 */
export async function apiScenario(report: Report): Promise<void> {
  const seconds = envInt('BENCH_API_SECONDS', 10);
  const rates = (process.env.BENCH_API_RATES ?? '100,500').split(',').map(Number);
  const bench = await startBenchHub();
  try {
    const sku = await createBenchSku(bench.hub.db, 'BENCH-API', { 'WH-EAST': 1_000_000, 'WH-WEST': 1_000_000 });
    const body = JSON.stringify({ ...orderBody({ skus: [sku], paid: false }), externalId: '__EXTERNAL_ID__' });
    for (const rate of rates) {
      // Enough connections to hold the rate at a few hundred ms of latency.
      const connections = Math.max(10, Math.ceil(rate / 5));
      const r = await load({ url: `${bench.apiUrl}/api/v1/orders`, headers: bench.headers, body, rate, seconds, connections });
      const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
      const params = {
        targetRate: rate,
        seconds,
        connections,
        achievedRate: Math.round((r.total / r.duration) * 10) / 10,
        responses: r.total,
        measuredOver: 'responses received within the run (requests still in flight when it ends are not counted)',
        statusCodes: codes,
        order: 'unpaid, 1 line, unique externalId',
        loadFrom: 'autocannon in a child process',
      };
      const emit = (metric: string, value: number, unit: string) => report.emit({ scenario: 'api', metric: `${metric}_at_${rate}_rps`, value, unit, params });
      emit('accepted_per_second', r.total / r.duration, 'requests/s');
      emit('accept_latency_p50', r.latency.p50, 'ms');
      emit('accept_latency_p99', r.latency.p99, 'ms');
      emit('errors', r.errors + r.timeouts, 'requests');
      emit('non_2xx', r.non2xx, 'requests');
      // Requests still in flight when autocannon stopped (and their workflows) finish before the next rate.
      await drain(bench);
    }
  } finally {
    await bench.stop();
  }
}

/** Waits until no new API order has appeared for 2 s (at most 2 minutes). */
async function drain(bench: BenchHub): Promise<void> {
  const count = () => bench.hub.db.order.count({ where: { externalId: { startsWith: 'BENCH-API-' } } });
  const deadline = Date.now() + 120_000;
  let last = await count();
  while (Date.now() < deadline) {
    await sleep(2000);
    const now = await count();
    if (now === last) return;
    last = now;
  }
}

/**
 * A load in a child process: `body`, or `bodies` taken in turn, each with a fresh externalId. By
 * autocannon (bench/support/loadgen.cjs; each second's requests leave in a burst at its start), or
 * with `arrivals: 'poisson'` by bench/support/arrivals.cjs (independent arrivals, open loop).
 */
export function load(opts: {
  url: string;
  headers: Record<string, string>;
  body?: string;
  bodies?: string[];
  prefix?: string;
  rate: number;
  seconds: number;
  connections: number;
  arrivals?: 'poisson';
}): Promise<LoadResult> {
  const script = opts.arrivals === 'poisson' ? 'arrivals.cjs' : 'loadgen.cjs';
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, '..', 'support', script), [JSON.stringify(opts)], { stdio: 'inherit', execArgv: [] });
    let result: LoadResult | undefined;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result?.error || !result) reject(new Error(`${script} failed (exit ${code}): ${result?.error ?? 'no result'}`));
      else resolve(result);
    });
  });
}
