import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { OrderActivities } from '../activities';
import { orderLogAttributes } from '../observability/orderLogContext';

export interface OrderWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: OrderActivities;
  /** A prebuilt workflow bundle (see scripts/bundle-workflows); without it the worker bundles at start. */
  workflowBundlePath?: string;
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>>;
}

export const workflowsPath = path.join(__dirname, '..', 'workflows', 'index.ts');

export function createOrderWorker(opts: OrderWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: 50,
    // Activity log lines carry the order ID from the activity's arguments.
    interceptors: { activity: [orderLogAttributes] },
    ...opts.tuning,
  });
}
