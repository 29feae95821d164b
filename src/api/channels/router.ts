import { Router } from 'express';
import { z } from 'zod';
import type { StockEvents } from '../../activities/inventory';
import type { Db } from '../../db/prisma';
import { DEFAULT_BUFFER } from '../../domain/sellable';
import { badRequest, notFound } from '../httpError';
import { validate } from '../middleware/validate';

const channelParams = z.object({ channel: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a channel code') });
const bufferSchema = z.object({
  safetyStock: z.number().int().min(0).max(1_000_000),
  percent: z.number().int().min(0).max(100),
  maxListed: z.number().int().min(0).max(1_000_000).nullable(),
  locationIds: z.array(z.string().min(1).max(64)).max(100),
});

/** Channel buffers: what each channel may list of every SKU (src/domain/sellable.ts). */
export function channelsRouter(db: Db, stockEvents: StockEvents): Router {
  const router = Router();

  router.get('/:channel/buffer', validate({ params: channelParams }), async (req, res) => {
    const channel = await db.channel.findUnique({ where: { id: String(req.params.channel) }, include: { buffer: true } });
    if (!channel) throw notFound(`channel ${req.params.channel}`);
    const { safetyStock, percent, maxListed, locationIds } = channel.buffer ?? DEFAULT_BUFFER;
    res.json({ channel: channel.id, safetyStock, percent, maxListed, locationIds });
  });

  router.put('/:channel/buffer', validate({ params: channelParams, body: bufferSchema }), async (req, res) => {
    const channelId = String(req.params.channel);
    const buffer = req.body as z.infer<typeof bufferSchema>;
    if (!(await db.channel.findUnique({ where: { id: channelId } }))) throw notFound(`channel ${channelId}`);
    const known = new Set((await db.location.findMany({ select: { id: true } })).map((l) => l.id));
    const unknown = buffer.locationIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
    if (unknown.length > 0) {
      throw badRequest('invalid request: body.locationIds', unknown.map(({ id, i }) => ({ field: `body.locationIds.${i}`, message: `unknown location "${id}"` })));
    }
    await db.channelBuffer.upsert({ where: { channelId }, create: { channelId, ...buffer }, update: buffer });
    // Every listing of this channel may change: let each SKU's sync push its new figure.
    const skus = (await db.product.findMany({ select: { sku: true } })).map((p) => p.sku);
    await stockEvents.changed(skus);
    res.json({ channel: channelId, ...buffer });
  });

  return router;
}
