import { Router } from 'express';
import { z } from 'zod';
import { BACKORDER_POLICIES, type BackorderPolicy } from '../../activities/inventory';
import type { ChannelBuffer } from '../../domain/sellable';
import { requireBody, validate } from '../middleware/validate';
import { channelCode } from '../schemaParts';
import type { createChannelRecords } from './channelRecords';
import { bufferSchema, createChannelSchema, updateChannelSchema, type CreateChannelRequest, type UpdateChannelRequest } from './channelSchemas';
import type { createChannelService } from './service';

export const channelParams = z.object({ channel: channelCode('must be a channel code') });
export { bufferSchema };

export const backorderPolicySchema = z.object({
  // null: the hub's BACKORDER_POLICY applies.
  backorderPolicy: z.enum(BACKORDER_POLICIES).nullable(),
});

/** Channels (their records: src/api/channels/channelRecords.ts) and their buffers: what each may list of every SKU (src/domain/sellable.ts). */
export function channelsRouter(service: ReturnType<typeof createChannelService>, records: ReturnType<typeof createChannelRecords>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await records.list());
  });
  router.post('/', validate({ body: createChannelSchema }), async (req, res) => {
    res.status(201).json(await records.create(req.body as CreateChannelRequest));
  });
  router.get('/:channel', validate({ params: channelParams }), async (req, res) => {
    res.json(await records.get(String(req.params.channel)));
  });
  router.patch('/:channel', requireBody, validate({ params: channelParams, body: updateChannelSchema }), async (req, res) => {
    res.json(await records.update(String(req.params.channel), req.body as UpdateChannelRequest));
  });
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
