import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/prisma';
import { takePushSnapshot } from '../db/sellableSnapshot';
import { idempotencyKey } from '../domain/ids';
import type { createChannelClient } from './clients/channelClient';
import { PartnerErrorType } from './clients/partnerHttp';

/** Pushing sellable quantities to the channels' listings. */
export function createInventorySyncActivities(db: Db, channel: ReturnType<typeof createChannelClient>) {
  return {
    async pushSellable(sku: string): Promise<{ sequence: number; pushed: number }> {
      const snapshot = await takePushSnapshot(db, sku);
      for (const { channel: channelId, quantity } of snapshot.channels) {
        try {
          await channel.setInventory(channelId, sku, quantity, snapshot.sequence, idempotencyKey(`inventory:${sku}`, `${channelId}.${snapshot.sequence}`));
        } catch (err) {
          // The channel already has a newer figure: nothing to do.
          if (!(err instanceof ApplicationFailure && err.type === PartnerErrorType.Rejected && (err.details?.[0] as { status?: number })?.status === 409)) throw err;
        }
      }
      return { sequence: snapshot.sequence, pushed: snapshot.channels.length };
    },
  };
}
