import { Router } from 'express';
import { z } from 'zod';
import { BACKORDER_POLICIES, type BackorderPolicy } from '../../activities/inventory';
import type { ChannelBuffer } from '../../domain/sellable';
import { validate } from '../middleware/validate';
import { channelCode } from '../schemaParts';
import type { createChannelService } from './service';

export const channelParams = z.object({ channel: channelCode('must be a channel code') });
export const bufferSchema = z.object({
  safetyStock: z.number().int().min(0).max(1_000_000),
  percent: z.number().int().min(0).max(100),
  maxListed: z.number().int().min(0).max(1_000_000).nullable(),
  locationIds: z.array(z.string().min(1).max(64)).max(100),
});

export const backorderPolicySchema = z.object({
  // null: the hub's BACKORDER_POLICY applies.
  backorderPolicy: z.enum(BACKORDER_POLICIES).nullable(),
});

/** Channel buffers: what each channel may list of every SKU (src/domain/sellable.ts). */
export function channelsRouter(service: ReturnType<typeof createChannelService>): Router {
  const router = Router();
  router.get('/:channel/buffer', validate({ params: channelParams }), async (req, res) => {
    res.json(await service.buffer(String(req.params.channel)));
  });
  router.put('/:channel/buffer', validate({ params: channelParams, body: bufferSchema }), async (req, res) => {
    res.json(await service.setBuffer(String(req.params.channel), req.body as ChannelBuffer));
  });
  router.get('/:channel/backorder-policy', validate({ params: channelParams }), async (req, res) => {
    res.json(await service.backorderPolicy(String(req.params.channel)));
  });
  router.put('/:channel/backorder-policy', validate({ params: channelParams, body: backorderPolicySchema }), async (req, res) => {
    res.json(await service.setBackorderPolicy(String(req.params.channel), (req.body as { backorderPolicy: BackorderPolicy | null }).backorderPolicy));
  });
  return router;
}
