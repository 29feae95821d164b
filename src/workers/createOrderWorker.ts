import path from 'node:path';
import { NativeConnection, Worker, type WorkerDeploymentOptions, type WorkerOptions } from '@temporalio/worker';
import type { OrderActivities } from '../activities';
import { orderLogAttributes } from '../observability/orderLogContext';
import { activeTracing } from '../observability/tracing';
import { requireTracedBundle, WORKFLOW_TRACING_MODULE } from '../infra/workflowTracing';

/** What the configuration (WORKER_*, defaults in src/config/envSchema.ts) tunes; unset pollers (and cache) keep the SDK's defaults. */
export interface WorkerTuning {
  workflowSlots: number;
  activitySlots: number;
  workflowPollers?: number;
  activityPollers?: number;
  cachedWorkflows?: number;
  workflowThreads: number;
}

export interface OrderWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: OrderActivities;
  /** A prebuilt workflow bundle (see writeWorkflowBundle); without it the worker bundles at start. */
  workflowBundlePath?: string;
  tuning: WorkerTuning;
  /** Worker Versioning (workerVersioning.ts); omitted: unversioned. */
  deployment?: WorkerDeploymentOptions;
}

export const workflowsPath = path.join(__dirname, '..', 'workflows', 'index.ts');

export function createOrderWorker(opts: OrderWorkerOptions): Promise<Worker> {
  const tracing = activeTracing();
  // Tracing on: the workflow's spans need the tracing module inside the bundle, and their sink.
  if (tracing && opts.workflowBundlePath) requireTracedBundle(opts.workflowBundlePath);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { workflowsPath }),
    // Activity log lines carry the order ID from the activity's arguments.
    interceptors: {
      activity: [orderLogAttributes, ...(tracing?.temporal.activityInterceptors ?? [])],
      ...(tracing && !opts.workflowBundlePath && { workflowModules: [WORKFLOW_TRACING_MODULE] }),
    },
    ...(tracing && { sinks: tracing.temporal.sinks }),
    ...(opts.deployment && { workerDeploymentOptions: opts.deployment }),
    ...workerOptions(opts.tuning),
  });
}

function workerOptions(t: WorkerTuning): Partial<WorkerOptions> {
  return {
    maxConcurrentWorkflowTaskExecutions: t.workflowSlots,
    maxConcurrentActivityTaskExecutions: t.activitySlots,
    workflowThreadPoolSize: t.workflowThreads,
    ...(t.workflowPollers !== undefined && { workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: t.workflowPollers } }),
    ...(t.activityPollers !== undefined && { activityTaskPollerBehavior: { type: 'simple-maximum', maximum: t.activityPollers } }),
    ...(t.cachedWorkflows !== undefined && { maxCachedWorkflows: t.cachedWorkflows }),
  };
}
