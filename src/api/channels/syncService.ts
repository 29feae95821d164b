import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { pausePollerUpdate, pollerStatusQuery, pollNowSignal, resumePollerUpdate, resyncPollerUpdate, type PollerStatus } from '../../workflows/marketplace/messages';
import { pollerWorkflowId } from '../../workflows/marketplace/pollerWorkflow';
import { HttpError, notFound } from '../httpError';

/** Platforms whose orders are pulled by a poller workflow (src/workflows/marketplace). */
const POLLED_PLATFORMS = new Set(['amazon', 'ebay']);

export type SyncAction = { action: 'pause' } | { action: 'resume' } | { action: 'poll' } | { action: 'resync'; from: string };

/** A marketplace channel's poller as operators see it: the saved cursor (channel_cursors) and, while it runs, the workflow's own figures. */
export function createSyncService(db: Db, temporal: Client) {
  async function pollerOf(channelId: string) {
    const channel = await db.channel.findUnique({ where: { id: channelId } });
    if (!channel) throw notFound(`channel ${channelId}`);
    if (!POLLED_PLATFORMS.has(channel.platform))
      throw new HttpError(409, 'not_polled', `channel ${channelId} (platform ${channel.platform}) sends its orders; no poller pulls them`);
    return temporal.workflow.getHandle(pollerWorkflowId(channel.platform, channelId));
  }

  async function status(channelId: string) {
    const handle = await pollerOf(channelId);
    const saved = await db.channelCursor.findUnique({ where: { channelId_stream: { channelId, stream: 'orders' } } });
    let live: PollerStatus | undefined;
    try {
      // A poller whose worker is gone never answers a query: after 2 s the saved state is the answer.
      live = await Promise.race([handle.query(pollerStatusQuery), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref())]);
    } catch (err) {
      // A poller whose first workflow task has not run yet has no query handler: the saved state answers.
      if (!(err instanceof WorkflowNotFoundError) && !(err instanceof QueryNotRegisteredError)) throw err;
    }
    const cursor = live?.cursor ?? saved?.cursor ?? null;
    // While a pass catches up, the lag is to the last page it listed; between passes, to the cursor.
    const caughtUpTo = live?.position ?? cursor;
    const cursorTime = caughtUpTo === null ? NaN : Date.parse(caughtUpTo);
    return {
      channel: channelId,
      running: live !== undefined,
      paused: live?.paused ?? saved?.paused ?? false,
      cursor,
      pageToken: live?.pageToken ?? saved?.pageToken ?? null,
      backlog: live?.backlog ?? saved?.backlog ?? 0,
      lastSuccessAt: saved?.lastSuccessAt?.toISOString() ?? null,
      lastError: saved?.lastError ?? null,
      rateLimitWaits: live?.rateWaits ?? 0,
      rateLimitWaitMs: live?.rateWaitMs ?? 0,
      rateLimitWaitsTotal: saved?.rateLimitWaits ?? 0,
      rateLimitWaitMsTotal: Number(saved?.rateLimitWaitMs ?? 0),
      notified: live?.notified ?? 0,
      lagMs: Number.isNaN(cursorTime) ? null : Math.max(0, Date.now() - cursorTime),
      importedThisRun: live?.imported ?? 0,
      refusedThisRun: live?.refused ?? 0,
    };
  }

  return {
    status,
    async act(channelId: string, body: SyncAction) {
      const handle = await pollerOf(channelId);
      const send = async () => {
        if (body.action === 'poll') await handle.signal(pollNowSignal);
        else if (body.action === 'pause') await handle.executeUpdate(pausePollerUpdate);
        else if (body.action === 'resume') await handle.executeUpdate(resumePollerUpdate);
        else await handle.executeUpdate(resyncPollerUpdate, { args: [{ from: body.from }] });
        return true;
      };
      try {
        // A poller whose worker is gone never answers an update: after 5 s that is a 409, not a hung request.
        const answered = await Promise.race([send(), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
        if (!answered) throw new HttpError(409, 'poller_not_answering', `the poller of channel ${channelId} does not answer: no worker serves it now`);
      } catch (err) {
        if (err instanceof HttpError) throw err;
        if (err instanceof WorkflowNotFoundError)
          throw new HttpError(409, 'poller_not_running', `no poller runs for channel ${channelId}: the worker starts one for each channel with credentials`);
        throw err;
      }
      return status(channelId);
    },
  };
}
