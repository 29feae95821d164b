import { placeOrders, untilPlaced } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * PostgreSQL is stopped for CHAOS_DB_DOWN_MS (8 s) mid-run and started again on the same data
 * folder and port. The API may answer 5xx meanwhile (clients retry with the same externalId and
 * Idempotency-Key); database activities retry until it is back.
 */
export const dbRestart: Scenario = ({ orders, env }) => {
  const downMs = envNumber(env, 'CHAOS_DB_DOWN_MS', 8000);
  const afterMs = envNumber(env, 'CHAOS_DB_STOP_AFTER_MS', 3000);
  return {
    async drive(h, { sku, runId, stats, figures, log }) {
      const pg = h.infra.postgres;
      if (!pg) throw new Error('db-restart needs the PostgreSQL this runner starts itself: unset DATABASE_URL');
      const chaos = (async () => {
        await Promise.all([sleep(afterMs), untilPlaced(stats, orders, 1 / 3)]);
        figures.ordersPlacedAtStop = stats.ordersPlaced;
        const t0 = Date.now();
        await pg.stop();
        log('PostgreSQL stopped');
        await sleep(downMs);
        await pg.start();
        figures.dbDownMs = Date.now() - t0;
        log(`PostgreSQL started again after ${figures.dbDownMs} ms`);
      })();
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 8, spreadMs: afterMs + downMs + 4000 });
      await chaos;
      return placed;
    },
  };
};
