import { NativeConnection, Worker, type WorkerDeploymentOptions, type WorkerTuner } from '@temporalio/worker';
import type { OrderActivities } from '../activities';
import { orderLogAttributes } from '../observability/orderLogContext';
import { activeTracing } from '../observability/tracing';

export interface ActivityWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: OrderActivities;
  /** Calls at once in this process: for labels, the warehouse's pace; a backlog beyond it is served by priority. */
  concurrency: number;
  /** Slots by the host's resources instead (src/workers/partnerTuner.ts); `concurrency` is then its maximum. */
  tuner?: WorkerTuner;
  /** Calls per second across every worker of the queue (enforced by the server): a partner's rate limit. */
  perSecond?: number;
  /** The process's Worker Deployment version: activity workers ship in the same image as the workflows. */
  deployment?: WorkerDeploymentOptions;
}

/**
 * Activities only, for one partner system's task queue (ERP, CRM, channels, or label buying).
 * Separate queues keep a slow partner from starving the others.
 */
export function createActivityWorker(opts: ActivityWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(opts.tuner ? { tuner: opts.tuner } : { maxConcurrentActivityTaskExecutions: opts.concurrency }),
    ...(opts.perSecond !== undefined && { maxTaskQueueActivitiesPerSecond: opts.perSecond }),
    // Tracing on: each activity runs in a span, child of the workflow's StartActivity span.
    interceptors: { activity: [orderLogAttributes, ...(activeTracing()?.temporal.activityInterceptors ?? [])] },
    ...(opts.deployment && { workerDeploymentOptions: opts.deployment }),
  });
}
