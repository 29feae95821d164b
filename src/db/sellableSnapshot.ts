import { DEFAULT_BUFFER, sellableQuantity } from '../domain/sellable';
import type { Db } from './prisma';

export interface SellableSnapshot {
  sku: string;
  /** Taken inside the snapshot: a later snapshot always has a larger number. */
  sequence: number;
  channels: { channel: string; quantity: number }[];
}

/** Each channel's sellable quantity of one SKU, read in one consistent snapshot. */
export async function readSellable(db: Db, sku: string): Promise<SellableSnapshot> {
  return db.$transaction(
    async (tx) => {
      const [stock, channels, claims, next] = await Promise.all([
        tx.stockLevel.findMany({ where: { sku } }),
        tx.channel.findMany({ include: { buffer: true }, orderBy: { id: 'asc' } }),
        tx.$queryRaw<{ units: bigint | null }[]>`
          SELECT SUM((demand ->> ${sku})::int) AS units FROM backorders WHERE state = 'waiting' AND ${sku} = ANY(skus)`,
        tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval('sellable_push_seq') AS seq`,
      ]);
      const claimed = Number(claims[0]?.units ?? 0);
      return {
        sku,
        sequence: Number(next[0].seq),
        channels: channels.map((c) => ({ channel: c.id, quantity: sellableQuantity(stock, c.buffer ?? DEFAULT_BUFFER, claimed) })),
      };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}
