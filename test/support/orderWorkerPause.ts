import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, createPartnerClients } from '../../src/activities';
import { configDefaults, simulatorPartnerUrls } from '../../src/config';
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
/** Hubs whose order worker is stopped: resumeIfPaused() restarts it, so one failed test never leaves the next without a worker. */
const pausedHubs = new WeakMap<TestHub, () => Promise<void>>();

export interface PausedWorker {
  resume(): Promise<void>;
}

export async function pauseOrderWorker(t: TestHub): Promise<PausedWorker> {
  await stopCurrent(t);
  const resume = async () => {
    if (pausedHubs.get(t) !== resume) return;
    pausedHubs.delete(t);
    const connection = await NativeConnection.connect({ address: requireEnv(STACK_ENV.temporalAddress) });
    const activities = createActivities({
      db: t.hub.db,
      stockEvents: stockEventsNotifier(t.hub.temporal, t.taskQueue, { debounceMs: 300 }),
      partners: createPartnerClients({
        timeoutMs: 5000,
        ...simulatorPartnerUrls(t.sim.url),
      }),
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
  };
  pausedHubs.set(t, resume);
  return { resume };
}

/** Restarts the order worker if a test stopped it and failed before resuming it (call from afterEach). */
export async function resumeIfPaused(t: TestHub): Promise<void> {
  await pausedHubs.get(t)?.();
}

/**
 * Pauses the order worker once the order is idle: no workflow task pending before the pause nor after
 * it. A task can still be in flight when the read model already shows the state the test waits for
 * (the activity that wrote it completes after), and a worker stopped mid-task leaves it pending; so
 * wait for quiet, pause, check, and start over if the order moved in between.
 */
export async function pauseOrderWorkerWhenIdle(t: TestHub, workflowId: string, attempts = 5): Promise<PausedWorker> {
  const handle = t.hub.temporal.workflow.getHandle(workflowId);
  const pending = async () => Boolean((await handle.describe()).raw.pendingWorkflowTask);
  for (let attempt = 1; ; attempt++) {
    const deadline = Date.now() + 30_000;
    while (await pending()) {
      if (Date.now() > deadline) throw new Error(`order ${workflowId} never became idle`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const paused = await pauseOrderWorker(t);
    if (!(await pending())) return paused;
    await paused.resume();
    if (attempt >= attempts) throw new Error(`order ${workflowId} kept getting workflow tasks while the worker paused`);
  }
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
  const worker = t.hub.worker!;
  if (worker.getState() === 'RUNNING') worker.shutdown();
  while (worker.getState() !== 'STOPPED' && worker.getState() !== 'FAILED') await new Promise((r) => setTimeout(r, 50));
}
