/**
 * Where a marketplace poller stands (channel_cursors, stream `orders`): the same three activities
 * for every platform, so Amazon's and eBay's pollers share one copy of them.
 */
import type { Db } from '../db/prisma';
import type { MarketplaceActivities, SaveCursorRequest } from '../workflows/marketplace/types';

export function pollerCursorActivities(db: Db): Pick<MarketplaceActivities, 'loadCursor' | 'saveCursor' | 'setPaused'> {
  const where = (channelId: string) => ({ channelId_stream: { channelId, stream: 'orders' } });
  return {
    async loadCursor(channelId) {
      const row = await db.channelCursor.findUnique({ where: where(channelId) });
      return { cursor: row?.cursor ?? null, pageToken: row?.pageToken ?? null, paused: row?.paused ?? false };
    },

    async saveCursor({ channelId, cursor, pageToken, passComplete, backlog, error }: SaveCursorRequest) {
      const data = { cursor, pageToken, backlog, lastError: error ?? null, ...(passComplete && { lastSuccessAt: new Date() }) };
      await db.channelCursor.upsert({ where: where(channelId), create: { channelId, stream: 'orders', ...data }, update: data });
    },

    async setPaused({ channelId, paused }) {
      await db.channelCursor.upsert({ where: where(channelId), create: { channelId, stream: 'orders', paused }, update: { paused } });
    },
  };
}
