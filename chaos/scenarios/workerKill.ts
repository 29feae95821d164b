import { placeOrders } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/** SIGKILL the worker process CHAOS_KILLS (3) times while the orders flow, restarting it each time. */
export const workerKill: Scenario = ({ orders, env }) => {
  const kills = envNumber(env, 'CHAOS_KILLS', 3);
  const everyMs = envNumber(env, 'CHAOS_KILL_EVERY_MS', 4000);
  return {
    async drive(h, { sku, runId, stats, figures, log }) {
      let placing = true;
      const chaos = (async () => {
        for (let i = 0; i < kills; i++) {
          await sleep(everyMs);
          await h.stopWorker('SIGKILL');
          log(`worker killed (${i + 1}/${kills})`);
          await sleep(500);
          await h.startWorker();
          figures.workerKills = i + 1;
        }
        figures.killsWhilePlacing = placing ? kills : figures.killsWhilePlacing ?? 0;
      })();
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 8, spreadMs: kills * everyMs + 2000 });
      placing = false;
      await chaos;
      return placed;
    },
  };
};
