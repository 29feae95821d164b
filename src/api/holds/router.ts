import { Router } from 'express';
import { z } from 'zod';
import { HOLD_REASONS } from '../../domain/rules/types';
import { validate, validated } from '../middleware/validate';
import { channelCode } from '../schemaParts';
import { HOLD_STATES, type HoldService, type HoldsQuery } from './service';

export const holdsQuery = z.object({
  state: z.enum(HOLD_STATES).default('open'),
  reason: z.enum(HOLD_REASONS).optional(),
  channel: channelCode().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function holdsRouter(service: HoldService): Router {
  const router = Router();
  router.get('/', validate({ query: holdsQuery }), async (_req, res) => {
    res.json(await service.list(validated<HoldsQuery>(res, 'query')));
  });
  return router;
}
