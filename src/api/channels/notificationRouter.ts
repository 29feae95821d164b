import { Router } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { parseAmazonNotification, parseEbayNotification, type ParsedNotification } from '../../channels/marketplaceNotifications';
import { ordersChangedSignal } from '../../workflows/marketplace/messages';
import { pollerWorkflowId } from '../../workflows/marketplace/pollerWorkflow';
import { badRequest, HttpError, notFound } from '../httpError';
import { validate } from '../middleware/validate';
import { channelParams } from './router';

const PARSERS: Record<string, (body: unknown) => ParsedNotification> = { amazon: parseAmazonNotification, ebay: parseEbayNotification };

/**
 * POST /api/v1/channels/:channel/notifications: a marketplace's order notification (Amazon
 * ORDER_CHANGE forwarded from SQS, eBay ORDER_CONFIRMATION), sent with the channel's API key. The
 * ids go to the channel's poller as a signal (durable even while no worker runs; an id already
 * waiting is fetched once); 202 once Temporal has it. An id the platform does not know is fetched
 * anyway and recorded in the cursor's lastError.
 */
export function channelNotificationRouter(db: Db, temporal: Client): Router {
  const router = Router();
  router.post('/:channel/notifications', validate({ params: channelParams }), async (req, res) => {
    const channelId = String(req.params.channel);
    const channel = await db.channel.findUnique({ where: { id: channelId }, select: { platform: true } });
    if (!channel) throw notFound(`channel ${channelId}`);
    const parse = PARSERS[channel.platform];
    if (!parse) throw new HttpError(409, 'not_polled', `channel ${channelId} (platform ${channel.platform}) sends its orders; it takes no marketplace notifications`);
    const parsed = parse(req.body);
    if ('problems' in parsed) throw badRequest(`not a ${channel.platform} order notification: ${parsed.problems[0].field} ${parsed.problems[0].message}`, parsed.problems);
    try {
      await temporal.workflow.getHandle(pollerWorkflowId(channel.platform, channelId)).signal(ordersChangedSignal, { ids: parsed.ids });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new HttpError(409, 'poller_not_running', `no poller runs for channel ${channelId}: the worker starts one for each channel with credentials`);
      throw err;
    }
    res.status(202).json({ channel: channelId, topic: parsed.topic, orderIds: parsed.ids });
  });
  return router;
}
