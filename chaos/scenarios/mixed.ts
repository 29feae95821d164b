import { placeOrders } from '../driver';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * The fast subset npm test runs: the ERP answers 503 from the first order on for CHAOS_OUTAGE_MS
 * (4 s after its first refused call), and the worker is SIGKILLed and restarted in the middle of it.
 */
export const mixed: Scenario = ({ orders, env }) => {
  const outageMs = envNumber(env, 'CHAOS_OUTAGE_MS', 4000);
  return {
    harness: { partnerRetry: { initial: '300ms', max: '1s', budget: '10m' }, carrierDispatchDelayMs: 200, carrierDeliveryDelayMs: 200 },
    async drive(h, { sku, runId, stats, figures, log }) {
      h.sim.state.faults.apply({ erp: { failureRate: 1, status: 503 } });
      const chaos = (async () => {
        const deadline = Date.now() + 30_000;
        while (!h.sim.state.journal.list({ system: 'erp' }).some((c) => c.faulted) && Date.now() < deadline) await sleep(100);
        const outageStarted = Date.now();
        log('ERP refusing calls');
        await sleep(outageMs / 2);
        await h.stopWorker('SIGKILL');
        log('worker killed');
        await sleep(300);
        await h.startWorker();
        figures.workerKills = 1;
        await sleep(Math.max(0, outageStarted + outageMs - Date.now()));
        h.sim.state.faults.reset();
        figures.outageMs = Date.now() - outageStarted;
        log('ERP back');
      })();
      const placed = await placeOrders(h, stats, { count: orders, sku, runId, concurrency: 4, spreadMs: 5000 });
      await chaos;
      return placed;
    },
  };
};
