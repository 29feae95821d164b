/**
 * Starts eBay's pollers: an activity worker for the Sell API calls on its own task queue (so eBay's
 * call limits never take slots from the order worker or from Amazon's), and one poller workflow per
 * channel with platform 'ebay' that has credentials. Starting is idempotent: a running poller is
 * kept (workflow ID marketplace-poller:ebay:<channel>).
 */
import { Worker } from '@temporalio/worker';
import { connectWorkerConnection, type TemporalTarget } from '../../temporal/connection';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import type { OrderService } from '../../api/orders/service';
import { logger } from '../../observability/logger';
import { pollerWorkflowId, type PollerInput } from '../../workflows/marketplace/pollerWorkflow';
import type { marketplacePollerWorkflow } from '../../workflows';
import { createEbayPollerActivities } from './activities';
import type { EbayConnectorOptions } from './options';

export interface EbayPollersOptions {
  temporalAddress: string | TemporalTarget;
  namespace: string;
  temporal: Client;
  db: Db;
  orders: Pick<OrderService, 'createOrder' | 'cancelOrder' | 'placeHold' | 'recordPayment'>;
  /** The order worker's queue: the poller workflows run there (it registers every workflow). */
  workflowTaskQueue: string;
  connector: EbayConnectorOptions;
  /** Between passes; default one minute. */
  intervalMs?: number;
}

export interface RunningEbayPollers {
  activityTaskQueue: string;
  startPoller(channelId: string): Promise<string>;
  /** Stops the activity worker (its activities are cancelled mid-page) and starts a new one: what a deploy or a crash does. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEbayPollers(opts: EbayPollersOptions): Promise<RunningEbayPollers> {
  const activityTaskQueue = `${opts.workflowTaskQueue}-ebay`;
  const connection = await connectWorkerConnection(opts.temporalAddress);
  const activities = createEbayPollerActivities(opts.db, opts.orders, opts.connector);
  const createWorker = () =>
    Worker.create({ connection, namespace: opts.namespace, taskQueue: activityTaskQueue, activities, maxConcurrentActivityTaskExecutions: 20, shutdownGraceTime: '2 seconds' });
  let worker = await createWorker();
  let running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };

  async function startPoller(channelId: string): Promise<string> {
    const workflowId = pollerWorkflowId('ebay', channelId);
    const input: PollerInput = { platform: 'ebay', channelId, activityTaskQueue, intervalMs: opts.intervalMs ?? 60_000 };
    await opts.temporal.workflow.start<typeof marketplacePollerWorkflow>('marketplacePollerWorkflow', {
      workflowId,
      taskQueue: opts.workflowTaskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `eBay order poller for channel ${channelId}`,
    });
    return workflowId;
  }

  const channels = await opts.db.channel.findMany({ where: { platform: 'ebay' }, select: { id: true, secretName: true } });
  for (const channel of channels) {
    if (!opts.connector.credentials(channel)) {
      logger.warn({ channelId: channel.id }, 'ebay channel without OAuth credentials: not polled');
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
