import { randomUUID } from 'node:crypto';
import type { Report } from '../report';
import { percentile } from '../report';
import { envInt, startBenchHub } from '../support/benchHub';
import { seedConsoleOrders } from '../support/consoleSeed';

/**
 * The console's order pages with BENCH_CONSOLE_ORDERS (default 100,000) orders in the database:
 * every search filter, the next page, one order and its partner calls, and the pages' files, each
 * asked BENCH_CONSOLE_REPEATS (10) times with a session cookie as the browser does. Target: under
 * 300 ms each (issue 19).
 */
export async function consoleScenario(report: Report): Promise<void> {
  const n = envInt('BENCH_CONSOLE_ORDERS', 100_000);
  const repeats = envInt('BENCH_CONSOLE_REPEATS', 10);
  const bench = await startBenchHub();
  try {
    const seed = randomUUID().slice(0, 8);
    const channel = `bc-${seed}`;
    const seeded = Date.now();
    await seedConsoleOrders(bench.hub.db, channel, n, seed);
    const seedSeconds = (Date.now() - seeded) / 1000;
    const signIn = await fetch(`${bench.apiUrl}/api/v1/session`, { method: 'POST', headers: { authorization: bench.headers.authorization } });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const get = async (path: string) => {
      const res = await fetch(`${bench.apiUrl}${path}`, { headers: { cookie, accept: 'application/json' } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    const middle = Math.floor(n / 2);
    const orderId = ((await (await get(`/api/v1/orders?channel=${channel}&externalId=B-${middle}`)).json()) as { items: { orderId: string }[] }).items[0]!.orderId;
    const firstPage = (await (await get(`/api/v1/orders?channel=${channel}`)).json()) as { nextCursor: string };
    const day = new Date(Date.now() - middle * 60_000);
    const requests: Record<string, string> = {
      search_newest: '/api/v1/orders',
      search_channel: `/api/v1/orders?channel=${channel}`,
      search_next_page: `/api/v1/orders?channel=${channel}&cursor=${firstPage.nextCursor}`,
      search_status: '/api/v1/orders?status=needs_attention',
      search_external_id: `/api/v1/orders?externalId=B-${middle}`,
      search_email: `/api/v1/orders?email=${encodeURIComponent(`bench${middle}-${seed}@example.com`)}`,
      search_name: `/api/v1/orders?name=${encodeURIComponent(`bench${middle}`)}`,
      search_name_rare: `/api/v1/orders?name=nobody-is-called-this`,
      search_sku: `/api/v1/orders?sku=BENCH-${seed}-7`,
      search_hold_reason: `/api/v1/orders?channel=${channel}&holdReason=fraud_review`,
      search_placed_range: `/api/v1/orders?placedFrom=${new Date(day.getTime() - 3_600_000).toISOString()}&placedTo=${day.toISOString()}`,
      order: `/api/v1/orders/${orderId}`,
      order_partner_calls: `/api/v1/orders/${orderId}/partner-calls`,
      page_orders: '/dashboard/orders.html',
      page_order: '/dashboard/order.html',
    };
    for (const [metric, path] of Object.entries(requests)) {
      const times: number[] = [];
      await get(path); // warm: the first request of a kind pays for its query plan
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        await (await get(path)).arrayBuffer();
        times.push(performance.now() - started);
      }
      const params = { orders: n, repeats, path: path.replace(seed, '<seed>'), target: '< 300 ms' };
      report.emit({ scenario: 'console', metric: `${metric}_p50`, value: percentile(times, 50), unit: 'ms', params });
      report.emit({ scenario: 'console', metric: `${metric}_max`, value: Math.max(...times), unit: 'ms', params });
    }
    report.emit({ scenario: 'console', metric: 'seed_seconds', value: seedSeconds, unit: 's', params: { orders: n } });
  } finally {
    await bench.stop();
  }
}
