import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, createPartnerClients } from '../../src/activities';
import { configDefaults } from '../../src/config';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { stockEventsNotifier } from '../../src/temporal/stockEvents';
import { createOrderWorker } from '../../src/workers/createOrderWorker';
import { requireEnv, type TestHub } from './testHub';

/**
 * Interleaves messages deterministically on the real stack: while the order worker is stopped,
 * updates sent to an order wait in Temporal, and the next worker gets them all in one workflow
 * task, in the order they arrived. Workers started by resume() replace the hub's own; call
 * stopOrderWorkers() before t.stop().
 */
const replacements = new WeakMap<TestHub, { worker: Worker; run: Promise<void>; connection: NativeConnection }>();

export async function pauseOrderWorker(t: TestHub): Promise<{ resume(): Promise<void> }> {
  await stopCurrent(t);
  return {
    async resume() {
      const connection = await NativeConnection.connect({ address: requireEnv(STACK_ENV.temporalAddress) });
      const activities = createActivities({
        db: t.hub.db,
        stockEvents: stockEventsNotifier(t.hub.temporal, t.taskQueue, { debounceMs: 300 }),
        partners: createPartnerClients({ timeoutMs: 5000, erpUrl: `${t.sim.url}/erp`, crmUrl: `${t.sim.url}/crm`, carrierUrl: `${t.sim.url}/carrier`, channelsUrl: `${t.sim.url}/channels` }),
      });
      // The order worker alone (the hub's partner and label workers keep running), tuned as the hub's.
      const worker = await createOrderWorker({
        connection,
        namespace: 'default',
        taskQueue: t.taskQueue,
        activities,
        workflowBundlePath: process.env[STACK_ENV.workflowBundle],
        tuning: configDefaults().worker,
      });
      replacements.set(t, { worker, run: worker.run(), connection });
    },
  };
}

/** Stops a worker that resume() started (the hub stops its own). */
export async function stopOrderWorkers(t: TestHub): Promise<void> {
  const current = replacements.get(t);
  if (!current) return;
  replacements.delete(t);
  if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
  await current.run;
  await current.connection.close();
}

async function stopCurrent(t: TestHub): Promise<void> {
  if (replacements.has(t)) return stopOrderWorkers(t);
  // The hub's own worker: hub.stop() awaits its run, which ends here.
  if (t.hub.worker.getState() === 'RUNNING') t.hub.worker.shutdown();
  while (t.hub.worker.getState() !== 'STOPPED' && t.hub.worker.getState() !== 'FAILED') await new Promise((r) => setTimeout(r, 50));
}
