import { Router } from 'express';
import { z } from 'zod';
import { validate, validated } from '../middleware/validate';
import { skuCode } from '../schemaParts';
import { BACKORDER_CURSOR, type BackorderService, type BackordersQuery } from './service';

export const backordersQuery = z.object({
  sort: z.enum(['oldest', 'priority']).default('oldest').describe('oldest: the longest waiting first; priority: the order the queue serves them (highest score, then oldest).'),
  sku: skuCode().optional().describe('Only orders short of this SKU.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(BACKORDER_CURSOR, 'must be the nextCursor of the previous page')
    .optional()
    .describe('nextCursor of the previous page (same sort): <priorityScore>_<createdAt ms>_<orderId>.'),
});

/** GET /api/v1/backorders: orders waiting for stock, a page at a time. */
export function backordersRouter(service: BackorderService): Router {
  const router = Router();
  router.get('/', validate({ query: backordersQuery }), async (_req, res) => {
    res.json(await service.waiting(validated<BackordersQuery>(res, 'query')));
  });
  return router;
}
