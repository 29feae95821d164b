import { NativeConnection, Worker } from '@temporalio/worker';
import type { OrderActivities } from '../activities';
import { orderLogAttributes } from '../observability/orderLogContext';

export interface FulfilmentWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: OrderActivities;
  /** Labels bought at once: the warehouse's pace. A backlog forms beyond it and is served by priority. */
  concurrency: number;
}

/** Activities only: the fulfilment queue, where each order's label purchase waits its turn by priority. */
export function createFulfilmentWorker(opts: FulfilmentWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    maxConcurrentActivityTaskExecutions: opts.concurrency,
    interceptors: { activity: [orderLogAttributes] },
  });
}
