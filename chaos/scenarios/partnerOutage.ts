import { placeOrders } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * The ERP answers 503 to every call for CHAOS_OUTAGE_MS (20 s), then recovers; the payment gateway
 * does the same for as long from its first capture on, so parcels dispatched meanwhile wait for
 * their capture (authorized orders) before the ERP invoice and the channel hear of them. Partner retries start at 1 s (×2, at most 5 s apart), so each sales order and capture is
 * attempted several times during the outage; the 10 min budget means no order needs attention.
 */
export const partnerOutage: Scenario = ({ orders, env }) => {
  const outageMs = envNumber(env, 'CHAOS_OUTAGE_MS', 20_000);
  const startAfterMs = envNumber(env, 'CHAOS_OUTAGE_AFTER_MS', 1000);
  return {
    harness: { partnerRetry: { initial: env.CHAOS_RETRY_INITIAL ?? '1s', max: env.CHAOS_RETRY_MAX ?? '5s', budget: '10m' } },
    async drive(h, { sku, runId, stats, figures, log }) {
      const down = { failureRate: 1, status: 503 };
      const erp = (async () => {
        await sleep(startAfterMs);
        h.sim.state.faults.apply({ erp: down });
        log(`ERP down for ${outageMs} ms`);
        await sleep(outageMs);
        h.sim.state.faults.apply({ erp: { failureRate: 0 } });
        log('ERP back');
      })();
      // The gateway goes down once captures are flowing (the first one journaled), so parcels dispatched meanwhile wait for theirs.
      let placing = true;
      const gateway = (async () => {
        while (placing && h.sim.state.journal.list({ system: 'gateway', operation: 'capture' }).length === 0) await sleep(200);
        h.sim.state.faults.apply({ gateway: down });
        log(`payment gateway down for ${outageMs} ms`);
        await sleep(outageMs);
        h.sim.state.faults.apply({ gateway: { failureRate: 0 } });
        log('payment gateway back');
      })();
      const chaos = Promise.all([erp, gateway]).then(() => {
        h.sim.state.faults.reset();
        figures.outageMs = outageMs;
      });
      // Spread the orders over the outages so some start before, during and after them.
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 6, spreadMs: startAfterMs + outageMs + 2000 });
      placing = false;
      await chaos;
      return placed;
    },
    async afterSettle() {
      // Nothing to undo: the fault was reset when the window closed.
    },
  };
};
