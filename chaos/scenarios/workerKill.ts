import { placeOrders, untilPlaced } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/** SIGKILL the worker process CHAOS_KILLS (3) times while the orders flow (spread over the run), restarting it each time. */
export const workerKill: Scenario = ({ orders, env }) => {
  const kills = envNumber(env, 'CHAOS_KILLS', 3);
  const everyMs = envNumber(env, 'CHAOS_KILL_EVERY_MS', 4000);
  return {
    async drive(h, { sku, runId, stats, figures, log }) {
      const chaos = (async () => {
        for (let i = 0; i < kills; i++) {
          // Spread over the run: kill i once (i+1)/(kills+1) of the orders are in, and never closer than everyMs.
          await Promise.all([sleep(everyMs), untilPlaced(stats, orders, (i + 1) / (kills + 1))]);
          figures[`ordersPlacedAtKill${i + 1}`] = stats.ordersPlaced;
          await h.stopWorker('SIGKILL');
          log(`worker killed (${i + 1}/${kills})`);
          await sleep(500);
          await h.startWorker();
          figures.workerKills = i + 1;
        }
      })();
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 8, spreadMs: kills * everyMs + 2000 });
      await chaos;
      return placed;
    },
  };
};
