import type { StockEvents } from '../../activities/backorderQueue';
import type { BackorderPolicy } from '../../activities/inventory';
import type { Db } from '../../db/prisma';
import { DEFAULT_BUFFER, type ChannelBuffer } from '../../domain/sellable';
import { badRequest, notFound } from '../httpError';

export function createChannelService(db: Db, stockEvents: StockEvents, hubBackorderPolicy: BackorderPolicy = 'backorder') {
  const policyView = (channel: string, own: string | null) => ({ channel, backorderPolicy: own, effective: own ?? hubBackorderPolicy });
  return {
    /** The channel's own policy (null: the hub's), and the one new orders get. */
    async backorderPolicy(channelId: string) {
      const channel = await db.channel.findUnique({ where: { id: channelId } });
      if (!channel) throw notFound(`channel ${channelId}`);
      return policyView(channel.id, channel.backorderPolicy);
    },

    /** Applies to orders that reserve from now on; waiting orders keep the policy they queued with. */
    async setBackorderPolicy(channelId: string, backorderPolicy: BackorderPolicy | null) {
      const updated = await db.channel.updateMany({ where: { id: channelId }, data: { backorderPolicy } });
      if (updated.count === 0) throw notFound(`channel ${channelId}`);
      return policyView(channelId, backorderPolicy);
    },

    async buffer(channelId: string) {
      const channel = await db.channel.findUnique({ where: { id: channelId }, include: { buffer: true } });
      if (!channel) throw notFound(`channel ${channelId}`);
      const { safetyStock, percent, maxListed, locationIds } = channel.buffer ?? DEFAULT_BUFFER;
      return { channel: channel.id, safetyStock, percent, maxListed, locationIds };
    },

    /** Replaces the channel's buffer; every SKU's listing on it may change, so all are re-pushed. */
    async setBuffer(channelId: string, buffer: ChannelBuffer) {
      if (!(await db.channel.findUnique({ where: { id: channelId } }))) throw notFound(`channel ${channelId}`);
      const known = new Set((await db.location.findMany({ select: { id: true } })).map((l) => l.id));
      const unknown = buffer.locationIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
      if (unknown.length > 0) {
        throw badRequest(
          'invalid request: body.locationIds',
          unknown.map(({ id, i }) => ({ field: `body.locationIds.${i}`, message: `unknown location "${id}"` })),
        );
      }
      await db.channelBuffer.upsert({ where: { channelId }, create: { channelId, ...buffer }, update: buffer });
      const skus = (await db.product.findMany({ select: { sku: true } })).map((p) => p.sku);
      await stockEvents.changed(skus);
      return { channel: channelId, ...buffer };
    },
  };
}
