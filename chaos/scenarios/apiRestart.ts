import { placeOrders, untilPlaced } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * The API process is restarted CHAOS_API_RESTARTS (2) times while clients post orders (same
 * externalId and Idempotency-Key on every retry) and the carrier posts events: first as a crash
 * (SIGKILL) with requests in flight, then gracefully (SIGTERM), alternating.
 */
export const apiRestart: Scenario = ({ orders, env }) => {
  const restarts = envNumber(env, 'CHAOS_API_RESTARTS', 2);
  const everyMs = envNumber(env, 'CHAOS_API_RESTART_EVERY_MS', 3000);
  return {
    async drive(h, { sku, runId, stats, figures, log }) {
      const chaos = (async () => {
        for (let i = 0; i < restarts; i++) {
          await Promise.all([sleep(everyMs), untilPlaced(stats, orders, (i + 1) / (restarts + 1))]);
          // Crash it with requests in the middle of being answered, not between two of them.
          for (let wait = 0; stats.inFlight === 0 && wait < 5000; wait += 5) await sleep(5);
          figures[`requestsInFlightAtRestart${i + 1}`] = stats.inFlight;
          const signal = i % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
          const t0 = Date.now();
          await h.stopApi(signal);
          await h.startApi();
          figures.apiRestarts = i + 1;
          figures[`apiDowntimeMs${i + 1}`] = Date.now() - t0;
          log(`API restarted (${signal}) in ${Date.now() - t0} ms`);
        }
      })();
      const placed = await placeOrders(h, stats, {
        count: orders,
        sku,
        runId,
        concurrency: 8,
        spreadMs: envNumber(env, 'CHAOS_SPREAD_MS', (restarts + 1) * everyMs + 8000),
        keyStuckMs: 10_000,
      });
      await chaos;
      return placed;
    },
  };
};
