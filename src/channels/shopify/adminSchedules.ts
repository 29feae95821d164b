/**
 * One Temporal Schedule per Shopify channel (`shopify-reconcile:<channel>`) that starts a
 * reconciliation pull every SHOPIFY_RECONCILE_EVERY; a pull still running when the next is due is
 * skipped, never run twice at once. Ensured at worker start for every Shopify channel, and by
 * whoever creates or changes a channel (ensureShopifyReconcileSchedule).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';

export const reconcileScheduleId = (channelId: string) => `shopify-reconcile:${channelId}`;

export interface ReconcileScheduleOptions {
  taskQueue: string;
  everyMs: number;
}

export async function ensureShopifyReconcileSchedule(client: Client, channelId: string, opts: ReconcileScheduleOptions): Promise<void> {
  const scheduleId = reconcileScheduleId(channelId);
  const spec = { intervals: [{ every: opts.everyMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'shopifyReconcileWorkflow', args: [channelId], taskQueue: opts.taskQueue, workflowId: scheduleId };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: opts.everyMs } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // Exists already (another worker, an earlier start): bring its interval and target up to date.
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}

/** Every Shopify channel's schedule; returns the channels. */
export async function ensureShopifyReconcileSchedules(client: Client, db: Db, opts: ReconcileScheduleOptions): Promise<string[]> {
  const channels = await db.channel.findMany({ where: { platform: 'shopify' }, select: { id: true } });
  for (const c of channels) await ensureShopifyReconcileSchedule(client, c.id, opts);
  return channels.map((c) => c.id);
}
