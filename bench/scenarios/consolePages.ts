import type { Report } from '../report';
import { percentile } from '../report';
import { seedConsole, type ConsoleSeed } from '../support/consolePagesSeed';
import { envInt, startBenchHub } from '../support/benchHub';

// Each page's API calls, as its script makes them (src/api/dashboard/static), for the seeded data.
const PAGES: Record<string, (s: ConsoleSeed) => string[]> = {
  operations: () => ['/api/v1/me', '/api/v1/fulfillment/queue', '/api/v1/holds?limit=200', '/api/v1/reports/summary'],
  orders: (s) => ['/api/v1/orders?limit=50', `/api/v1/orders/${s.orderId}`],
  inventory: (s) => [
    '/api/v1/me',
    '/api/v1/inventory?threshold=5&limit=200',
    '/api/v1/backorders?sort=oldest&limit=50',
    '/api/v1/backorders?sort=priority&limit=50',
    `/api/v1/inventory/${s.sku}`,
    '/api/v1/locations',
    `/api/v1/inventory/${s.sku}/ledger?limit=50`,
  ],
  channels: (s) => [
    '/api/v1/channels',
    ...s.channels.map((c) => `/api/v1/channels/${c}/backorder-policy`),
    ...s.channels.filter((c) => c === 'amazon' || c === 'ebay').map((c) => `/api/v1/channels/${c}/sync`),
  ],
  trends: () => ['orders', 'time-to-ship', 'on-time', 'holds', 'cancellations'].map((series) => `/api/v1/reports/trends/${series}`),
  'trends-90-days': () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    return ['orders', 'time-to-ship', 'on-time', 'holds', 'cancellations'].map((series) => `/api/v1/reports/trends/${series}?from=${from}&to=${to}`);
  },
};

const BUDGET_MS = 300;

/**
 * `npm run bench console` (only when named): BENCH_CONSOLE_ORDERS orders (100,000) seeded in bulk,
 * then each console page's API calls, all at once as the page makes them, BENCH_CONSOLE_ROUNDS
 * times (20) after two warm-up rounds. One JSON line per page: the p95 of the page's wall time,
 * with each call's p95 in params; the budget is 300 ms.
 */
export async function consolePagesScenario(report: Report): Promise<void> {
  const orders = envInt('BENCH_CONSOLE_ORDERS', 100_000);
  const rounds = envInt('BENCH_CONSOLE_ROUNDS', 20);
  const bench = await startBenchHub();
  try {
    const seed = await seedConsole(bench.hub.db, orders);
    const seedSeconds = seed.seedSeconds;
    const call = async (url: string) => {
      const started = performance.now();
      const res = await fetch(`${bench.apiUrl}${url}`, { headers: bench.headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return performance.now() - started;
    };
    for (const [page, urlsOf] of Object.entries(PAGES)) {
      const urls = urlsOf(seed);
      const walls: number[] = [];
      const perCall = new Map<string, number[]>(urls.map((u) => [u, []]));
      for (let round = -2; round < rounds; round++) {
        const started = performance.now();
        const times = await Promise.all(urls.map(call));
        if (round < 0) continue;
        walls.push(performance.now() - started);
        times.forEach((ms, i) => perCall.get(urls[i])!.push(ms));
      }
      const p95 = percentile(walls, 95);
      const calls = Object.fromEntries([...perCall].map(([u, ms]) => [u, Math.round(percentile(ms, 95))]));
      report.emit({
        scenario: 'console',
        metric: `page_${page}_p95_ms`,
        value: p95,
        unit: 'ms',
        params: { orders, rounds, seedSeconds, budgetMs: BUDGET_MS, withinBudget: p95 < BUDGET_MS, median: Math.round(percentile(walls, 50)), callsP95Ms: calls },
      });
    }
  } finally {
    await bench.stop();
  }
}
