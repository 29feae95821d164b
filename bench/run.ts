// `npm run bench [scenario]`: starts what it needs (embedded PostgreSQL and a Temporal dev server,
// unless DATABASE_URL / TEMPORAL_ADDRESS are set), runs the scenario, prints one JSON line per
// figure and writes them all to bench/results/latest.json.
import { startEphemeralStack } from '../src/infra/ephemeralStack';
import { setLogLevel } from '../src/observability/logger';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { Report } from './report';
import { apiScenario } from './scenarios/api';
import { baselineScenario } from './scenarios/baseline';
import { inventoryScenario } from './scenarios/inventory';
import { openOrdersScenario } from './scenarios/openOrders';
import { ordersScenario } from './scenarios/orders';
import { consoleScenario } from './scenarios/console';
import { consolePagesScenario } from './scenarios/consolePages';
import { flashSaleScenario } from './scenarios/flashSale';

// Sizes: BENCH_ORDERS (orders, baseline; 500), BENCH_CONCURRENCY (20), BENCH_OPEN_ORDERS (5000),
// BENCH_OPEN_PROBE_ORDERS (100), BENCH_API_SECONDS (10 per rate), BENCH_API_RATES ("100,500"),
// BENCH_CONSOLE_ORDERS (100000), BENCH_CONSOLE_REPEATS (10), BENCH_CONSOLE_ROUNDS (20);
// flash-sale: BENCH_FLASH_RATE (100), BENCH_FLASH_SECONDS (60), BENCH_FLASH_IDLE_POSTS (200), BENCH_FLASH_DRAIN_TIMEOUT_S (3600).
const scenarios: Record<string, (report: Report) => Promise<void>> = {
  inventory: inventoryScenario,
  orders: ordersScenario,
  baseline: baselineScenario,
  api: apiScenario,
  'open-orders': openOrdersScenario,
  // The order pages' searches (console.ts), then every console page's calls at once (consolePages.ts).
  console: async (report) => {
    await consoleScenario(report);
    await consolePagesScenario(report);
  },
  'flash-sale': flashSaleScenario,
};
/** Scenarios too long for the default run (`npm run bench` with no names): they run only when named (console seeds 100,000 orders, twice). */
const ONLY_WHEN_NAMED = new Set(['console', 'flash-sale']);

async function main() {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const names = wanted.length > 0 ? wanted : Object.keys(scenarios).filter((n) => !ONLY_WHEN_NAMED.has(n));
  // The baseline is compared with the orders run of the same invocation: orders first.
  if (names.includes('orders') && names.includes('baseline') && names.indexOf('baseline') < names.indexOf('orders')) {
    names.splice(names.indexOf('baseline'), 1);
    names.splice(names.indexOf('orders') + 1, 0, 'baseline');
  }
  const unknown = names.filter((n) => !scenarios[n]);
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; available: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  installTemporalRuntime('ERROR');
  // Request logs would bury the figures (and cost CPU the figures then include); LOG_LEVEL wins.
  if (!process.env.LOG_LEVEL) setLogLevel('warn');
  const stop = await startEphemeralStack();
  const report = new Report();
  try {
    for (const name of names) await scenarios[name](report);
  } finally {
    report.save();
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
