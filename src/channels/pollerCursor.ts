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

    /** Also adds the usage-plan waits since the last save to the running totals (/metrics reads them). */
    async saveCursor({ channelId, cursor, pageToken, passComplete, backlog, error, rateWaits = 0, rateWaitMs = 0 }: SaveCursorRequest) {
      const data = { cursor, pageToken, backlog, lastError: error ?? null, ...(passComplete && { lastSuccessAt: new Date() }) };
      const waitedMs = BigInt(Math.round(rateWaitMs));
      await db.channelCursor.upsert({
        where: where(channelId),
        create: { channelId, stream: 'orders', ...data, rateLimitWaits: rateWaits, rateLimitWaitMs: waitedMs },
        update: { ...data, rateLimitWaits: { increment: rateWaits }, rateLimitWaitMs: { increment: waitedMs } },
      });
    },

    async setPaused({ channelId, paused }) {
      await db.channelCursor.upsert({ where: where(channelId), create: { channelId, stream: 'orders', paused }, update: { paused } });
    },
  };
}
