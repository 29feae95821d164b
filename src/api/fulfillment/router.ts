import { Router } from 'express';
import { z } from 'zod';
import { validate, validated } from '../middleware/validate';
import { channelCode } from '../schemaParts';
import type { FulfillmentService, QueueQuery } from './service';

export const queueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  channel: channelCode().optional(),
});

export function fulfillmentRouter(service: FulfillmentService): Router {
  const router = Router();
  router.get('/queue', validate({ query: queueQuery }), async (_req, res) => {
    res.json(await service.queue(validated<QueueQuery>(res, 'query')));
  });
  return router;
}
