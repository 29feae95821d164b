import { placeOrders, untilPlaced } from '../driver';
import { priorityProbe } from '../priorityProbe';
import { envNumber, sleep, type Scenario } from '../scenario';

/**
 * The hub as compose runs it, on a real Temporal cluster (the Go-built server on PostgreSQL, mTLS,
 * compose's dynamic config): two API processes behind a balancer, two worker processes, each given
 * only TEMPORAL_* settings to connect. While the orders flow, worker 2 is SIGKILLed and restarted,
 * API 1 is SIGKILLed with requests in flight and restarted, and the Temporal server itself is
 * restarted. Then the priority probe (chaos/priorityProbe.ts): CHAOS_PRIORITY_ORDERS (16) of the
 * orders, 2 of them urgent, queued behind a label backlog.
 */
export const cluster: Scenario = ({ orders, env }) => {
  const probeCount = Math.min(orders, envNumber(env, 'CHAOS_PRIORITY_ORDERS', 16));
  const main = orders - probeCount;
  const everyMs = envNumber(env, 'CHAOS_FAULT_EVERY_MS', 3000);
  return {
    harness: {
      apis: 2,
      workers: 2,
      // Compose's queue: deploy/temporal/dynamicconfig.yaml gives `orders-fulfillment` one partition.
      taskQueue: 'orders',
      // One label at a time per worker, so a backlog forms; versioning as compose runs the workers.
      env: { FULFILLMENT_CONCURRENCY: '1', TEMPORAL_WORKER_VERSIONING: 'on', TEMPORAL_WORKER_SET_CURRENT: 'newest' },
    },
    async drive(h, { sku, runId, stats, figures, log, fail }) {
      const cluster = h.infra.cluster;
      if (!cluster) throw new Error('the cluster scenario needs the Temporal cluster this runner starts (npm run chaos cluster)');
      const step = async (fraction: number) => Promise.all([sleep(everyMs), untilPlaced(stats, main, fraction)]);
      const chaos = (async () => {
        await step(1 / 4);
        await h.stopWorker('SIGKILL', 1);
        log('worker 2 killed');
        await sleep(500);
        await h.startWorker(1);
        figures.workerKills = 1;
        await step(2 / 4);
        for (let wait = 0; stats.inFlight === 0 && wait < 5000; wait += 5) await sleep(5);
        figures.requestsInFlightAtApiKill = stats.inFlight;
        await h.stopApi('SIGKILL', 0);
        log('API 1 killed');
        await h.startApi(0);
        figures.apiKills = 1;
        await step(3 / 4);
        const t0 = Date.now();
        await cluster.restart();
        figures.temporalRestarts = 1;
        figures.temporalDowntimeMs = Date.now() - t0;
        log(`Temporal server restarted in ${figures.temporalDowntimeMs} ms`);
      })();
      const placed = await placeOrders(h, stats, { count: main, sku, runId, concurrency: 8, spreadMs: envNumber(env, 'CHAOS_SPREAD_MS', 4 * everyMs + 6000), keyStuckMs: 10_000 });
      await chaos;
      if (probeCount === 0) return placed;
      const probe = await priorityProbe(
        h,
        { sku, runId, stats, log },
        { count: probeCount, urgent: Math.min(2, probeCount), latencyMs: envNumber(env, 'CHAOS_LABEL_LATENCY_MS', 1500) },
      );
      Object.assign(figures, probe.figures);
      probe.failures.forEach(fail);
      return [...placed, ...probe.orders];
    },
  };
};
