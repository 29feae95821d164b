import { placeOrders } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * The ERP answers 503 to every call for CHAOS_OUTAGE_MS (20 s), then recovers; the payment gateway
 * does the same over a window as long that starts halfway through the ERP's, so parcels dispatched
 * meanwhile wait for their capture (authorized orders) before the ERP invoice and the channel hear
 * of them. Partner retries start at 1 s (×2, at most 5 s apart), so each sales order and capture is
 * attempted several times during the outage; the 10 min budget means no order needs attention.
 */
export const partnerOutage: Scenario = ({ orders, env }) => {
  const outageMs = envNumber(env, 'CHAOS_OUTAGE_MS', 20_000);
  const startAfterMs = envNumber(env, 'CHAOS_OUTAGE_AFTER_MS', 1000);
  return {
    harness: { partnerRetry: { initial: env.CHAOS_RETRY_INITIAL ?? '1s', max: env.CHAOS_RETRY_MAX ?? '5s', budget: '10m' } },
    async drive(h, { sku, runId, stats, figures, log }) {
      const down = { failureRate: 1, status: 503 };
      const half = Math.round(outageMs / 2);
      const chaos = (async () => {
        await sleep(startAfterMs);
        h.sim.state.faults.apply({ erp: down });
        log(`ERP down for ${outageMs} ms`);
        await sleep(half);
        h.sim.state.faults.apply({ gateway: down });
        log(`payment gateway down for ${outageMs} ms`);
        await sleep(outageMs - half);
        h.sim.state.faults.apply({ erp: { failureRate: 0 } });
        log('ERP back');
        await sleep(half);
        h.sim.state.faults.reset();
        log('payment gateway back');
        figures.outageMs = outageMs;
      })();
      // Spread the orders over the outages so some start before, during and after them.
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 6, spreadMs: startAfterMs + outageMs + half + 2000 });
      await chaos;
      return placed;
    },
    async afterSettle() {
      // Nothing to undo: the fault was reset when the window closed.
    },
  };
};
