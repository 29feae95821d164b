/**
 * Starts a marketplace's pollers: an activity worker for the platform's API calls on a task queue of
 * its own (so one platform's rate limits never take slots from the order worker or another
 * platform), and one poller workflow per channel of that platform that can be polled. Starting is
 * idempotent: a running poller is kept (workflow ID marketplace-poller:<platform>:<channel>).
 * The platforms' own files (amazon/pollers.ts, ebay/pollers.ts) say which channels can be polled.
 */
import { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { connectWorkerConnection, type TemporalTarget } from '../temporal/connection';
import { logger } from '../observability/logger';
import { pollerWorkflowId, type PollerInput } from '../workflows/marketplace/pollerWorkflow';
import type { marketplacePollerWorkflow } from '../workflows';

export interface PollerHostOptions {
  temporalAddress: string | TemporalTarget;
  namespace: string;
  temporal: Client;
  db: Db;
  /** The order worker's queue: the poller workflows run there (it registers every workflow). */
  workflowTaskQueue: string;
  /** Between passes; default one minute. */
  intervalMs?: number;
}

export interface RunningPollers {
  activityTaskQueue: string;
  /** Starts (or keeps) the poller of one channel. */
  startPoller(channelId: string): Promise<string>;
  /** Stops the activity worker (its activities are cancelled mid-page) and starts a new one: what a deploy or a crash does. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

export type PollableChannel = { id: string; secretName: string | null; settings: unknown };

export interface MarketplacePollers {
  platform: 'amazon' | 'ebay';
  /** For summaries: "Amazon", "eBay". */
  label: string;
  activities: object;
  /** Why a channel of the platform is not polled (missing credentials or settings), or null. */
  notPolled(channel: PollableChannel): string | null;
}

export async function startMarketplacePollers(opts: PollerHostOptions, m: MarketplacePollers): Promise<RunningPollers> {
  const activityTaskQueue = `${opts.workflowTaskQueue}-${m.platform}`;
  const connection = await connectWorkerConnection(opts.temporalAddress);
  const createWorker = () =>
    Worker.create({
      connection,
      namespace: opts.namespace,
      taskQueue: activityTaskQueue,
      activities: m.activities,
      maxConcurrentActivityTaskExecutions: 20,
      shutdownGraceTime: '2 seconds',
    });
  let worker = await createWorker();
  let running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };

  async function startPoller(channelId: string): Promise<string> {
    const workflowId = pollerWorkflowId(m.platform, channelId);
    const input: PollerInput = { platform: m.platform, channelId, activityTaskQueue, intervalMs: opts.intervalMs ?? 60_000 };
    await opts.temporal.workflow.start<typeof marketplacePollerWorkflow>('marketplacePollerWorkflow', {
      workflowId,
      taskQueue: opts.workflowTaskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `${m.label} order poller for channel ${channelId}`,
    });
    return workflowId;
  }

  const channels = await opts.db.channel.findMany({ where: { platform: m.platform }, select: { id: true, secretName: true, settings: true } });
  for (const channel of channels) {
    const reason = m.notPolled(channel);
    if (reason) {
      logger.warn({ channelId: channel.id }, `${m.platform} channel ${reason}: not polled`);
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
