import type { Worker, WorkerTuner } from '@temporalio/worker';
import { connectWorkerConnection, type TemporalTarget } from '../temporal/connection';
import type { OrderActivities } from '../activities';
import type { Config } from '../config';
import type { PartnerTaskQueues } from '../workflows/order/activityStubs';
import { createActivityWorker } from './createActivityWorker';
import { createOrderWorker } from './createOrderWorker';
import { applyChannelRateLimit } from './channelRateLimit';
import { partnerTuner } from './partnerTuner';
import { adoptVersion, deploymentOptions, type AdoptOutcome, type SetCurrentPolicy, type WorkerVersion } from './workerVersioning';

export interface WorkersOptions {
  /** A dev server's `host:port`, or a TemporalTarget with TLS / API key. */
  temporalAddress: string | TemporalTarget;
  namespace: string;
  /** The orders queue: workflows, and every activity not sent to a queue below. */
  taskQueue: string;
  activities: OrderActivities;
  /** A prebuilt workflow bundle (see writeWorkflowBundle); without it the order worker bundles at start. */
  workflowBundlePath?: string;
  /** WORKER_*: the order worker's slots, pollers, cache and threads, and each partner queue's slots. */
  tuning: Config['worker'];
  /** One activity worker per partner system; omitted: partner calls run on the orders queue. */
  partnerTaskQueues?: PartnerTaskQueues;
  /** Label buying's own worker; omitted: labels are bought on the orders queue. */
  fulfillmentTaskQueue?: string;
  /** Labels bought at once; `paused` waits for resumeFulfillment(). perSecond: each queue's server-side rate limit, omitted: none. */
  fulfillment: { concurrency: number; paused?: boolean; perSecond?: Partial<Record<keyof PartnerTaskQueues | 'carrier', number>>; perChannelPerSecond?: number };
  /** Worker Versioning: the deployment and build id every worker of this process declares; omitted: unversioned. */
  version?: WorkerVersion & { setCurrent?: SetCurrentPolicy };
}

export interface RunningWorkers {
  /** The order worker (workflows and the orders queue's activities). */
  orderWorker: Worker;
  /** Starts a paused fulfillment worker; does nothing when it runs already or there is no fulfillment queue. */
  resumeFulfillment(): Promise<void>;
  /**
   * Resolves once every worker has stopped (after shutdown(), or SIGINT/SIGTERM, which the SDK
   * turns into a graceful shutdown) and the connection is closed; rejects when a worker fails.
   */
  finished(): Promise<void>;
  /** Stops polling, lets running tasks finish, closes the connection. */
  shutdown(): Promise<void>;
  /** With a version: whether this build was made current, was current already, or waits for an operator (another build is current). */
  versioning?: AdoptOutcome;
}

/**
 * Every worker of one orderhub process, on one connection: the order worker, one activity worker
 * per partner system (so a slow partner cannot starve the others) and the label-buying worker.
 * `npm start`, `npm run worker`, the tests, the bench and chaos all start their workers here.
 */
export async function startWorkers(opts: WorkersOptions): Promise<RunningWorkers> {
  const connection = await connectWorkerConnection(opts.temporalAddress);
  const running: { worker: Worker; run: Promise<void> }[] = [];
  const run = (worker: Worker) => running.push({ worker, run: worker.run() });
  const deployment = deploymentOptions(opts.version);
  const activityWorker = (taskQueue: string, concurrency: number, perSecond: number | undefined, tuner?: WorkerTuner) =>
    createActivityWorker({ connection, namespace: opts.namespace, taskQueue, activities: opts.activities, concurrency, perSecond, deployment, tuner });
  const tuned = partnerTuner(opts.tuning.partnerTuner, opts.tuning.partnerActivitySlots);

  const orderWorker = await createOrderWorker({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    workflowBundlePath: opts.workflowBundlePath,
    tuning: opts.tuning,
    deployment,
  });
  run(orderWorker);
  const rates = opts.fulfillment.perSecond ?? {};
  const partnerQueues = opts.partnerTaskQueues;
  if (partnerQueues) {
    for (const system of ['erp', 'crm', 'channel', 'gateway'] as const) {
      const queue = partnerQueues[system];
      if (queue) run(await activityWorker(queue, opts.tuning.partnerActivitySlots, rates[system], tuned?.()));
    }
    // As its worker starts polling: each sales channel's share of the channel queue (channelRateLimit.ts).
    if (opts.fulfillment.perChannelPerSecond !== undefined) await applyChannelRateLimit(connection, opts.namespace, partnerQueues.channel, opts.fulfillment.perChannelPerSecond);
  }

  let fulfillmentStarted = false;
  let stopping = false;
  const resumeFulfillment = async () => {
    if (fulfillmentStarted || stopping || !opts.fulfillmentTaskQueue) return;
    fulfillmentStarted = true;
    run(await activityWorker(opts.fulfillmentTaskQueue, opts.fulfillment.concurrency, rates.carrier));
  };
  if (!opts.fulfillment.paused) await resumeFulfillment();
  // After the workers polled: the server knows a version only from its pollers.
  const versioning = opts.version ? await adoptVersion(connection, opts.namespace, opts.version, opts.version.setCurrent) : undefined;

  // Once, however often it is asked: the connection closes only after the last worker stopped.
  let done: Promise<void> | undefined;
  const finished = () =>
    (done ??= (async () => {
      await Promise.all(running.map((r) => r.run));
      await connection.close();
    })());
  return {
    orderWorker,
    versioning,
    resumeFulfillment,
    finished,
    async shutdown() {
      stopping = true;
      for (const { worker } of running) if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished();
    },
  };
}
