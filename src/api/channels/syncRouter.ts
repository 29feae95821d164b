import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { validate } from '../middleware/validate';
import { channelParams } from './router';
import { createSyncService, type SyncAction } from './syncService';

export const syncActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('poll') }),
  z.object({ action: z.literal('resync'), from: z.iso.datetime({ offset: true }).describe('The next pass lists every order changed since then (imports stay deduplicated).') }),
]);

/** GET/POST /api/v1/channels/:channel/sync: a marketplace poller's cursor, backlog and rate-limit waits; pause, resume, poll now, re-sync a window. */
export function channelSyncRouter(db: Db, temporal: Client): Router {
  const service = createSyncService(db, temporal);
  const router = Router();
  router.get('/:channel/sync', validate({ params: channelParams }), async (req, res) => {
    res.json(await service.status(String(req.params.channel)));
  });
  router.post('/:channel/sync', validate({ params: channelParams, body: syncActionSchema }), async (req, res) => {
    res.json(await service.act(String(req.params.channel), req.body as SyncAction));
  });
  return router;
}
