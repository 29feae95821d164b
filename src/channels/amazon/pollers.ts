/**
 * Starts Amazon's pollers: an activity worker for the SP-API calls on its own task queue (so a
 * throttled marketplace never takes slots from the order worker), and one poller workflow per
 * channel with platform 'amazon' that has credentials. Starting is idempotent: a poller that
 * already runs is kept (workflow ID marketplace-poller:amazon:<channel>).
 */
import { Worker } from '@temporalio/worker';
import { connectWorkerConnection, type TemporalTarget } from '../../temporal/connection';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import type { OrderService } from '../../api/orders/service';
import { logger } from '../../observability/logger';
import { pollerWorkflowId, type PollerInput } from '../../workflows/marketplace/pollerWorkflow';
import type { marketplacePollerWorkflow } from '../../workflows';
import { createAmazonPollerActivities, type AmazonConnectorOptions } from './activities';

export interface AmazonPollersOptions {
  temporalAddress: string | TemporalTarget;
  namespace: string;
  temporal: Client;
  db: Db;
  orders: Pick<OrderService, 'createOrder' | 'cancelOrder'>;
  /** The order worker's queue: the poller workflows run there (it registers every workflow). */
  workflowTaskQueue: string;
  connector: AmazonConnectorOptions;
  /** Between passes; default one minute (getOrders' plan refills one request a minute). */
  intervalMs?: number;
}

export interface RunningAmazonPollers {
  activityTaskQueue: string;
  /** Starts (or keeps) the poller of one channel. */
  startPoller(channelId: string): Promise<string>;
  /** Stops the activity worker (its activities are cancelled mid-page) and starts a new one: what a deploy or a crash does. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAmazonPollers(opts: AmazonPollersOptions): Promise<RunningAmazonPollers> {
  const activityTaskQueue = `${opts.workflowTaskQueue}-amazon`;
  const connection = await connectWorkerConnection(opts.temporalAddress);
  const activities = createAmazonPollerActivities(opts.db, opts.orders, opts.connector);
  const createWorker = () =>
    Worker.create({ connection, namespace: opts.namespace, taskQueue: activityTaskQueue, activities, maxConcurrentActivityTaskExecutions: 20, shutdownGraceTime: '2 seconds' });
  let worker = await createWorker();
  let running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };

  async function startPoller(channelId: string): Promise<string> {
    const workflowId = pollerWorkflowId('amazon', channelId);
    const input: PollerInput = { platform: 'amazon', channelId, activityTaskQueue, intervalMs: opts.intervalMs ?? 60_000 };
    await opts.temporal.workflow.start<typeof marketplacePollerWorkflow>('marketplacePollerWorkflow', {
      workflowId,
      taskQueue: opts.workflowTaskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Amazon order poller for channel ${channelId}`,
    });
    return workflowId;
  }

  const channels = await opts.db.channel.findMany({ where: { platform: 'amazon' }, select: { id: true, secretName: true, settings: true } });
  for (const channel of channels) {
    const marketplaceIds = (channel.settings as { marketplaceIds?: unknown } | null)?.marketplaceIds;
    if (!opts.connector.credentials(channel) || !Array.isArray(marketplaceIds) || marketplaceIds.length === 0) {
      logger.warn({ channelId: channel.id }, 'amazon channel without Login with Amazon credentials or settings.marketplaceIds: not polled');
      continue;
    }
    await startPoller(channel.id);
  }

  return {
    activityTaskQueue,
    startPoller,
    async restartWorker() {
      await stopWorker();
      worker = await createWorker();
      running = worker.run();
    },
    async stop() {
      await stopWorker();
      await connection.close();
    },
  };
}
