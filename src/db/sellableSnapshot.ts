import { DEFAULT_BUFFER, sellableQuantity } from '../domain/sellable';
import type { Db } from './prisma';

export interface SellableView {
  sku: string;
  channels: { channel: string; quantity: number }[];
}

export interface SellableSnapshot extends SellableView {
  /** Taken inside the snapshot: a later snapshot always has a larger number. */
  sequence: number;
}

/** Each channel's sellable quantity of one SKU, read in one consistent snapshot. */
export function readSellable(db: Db, sku: string): Promise<SellableView> {
  return read(db, sku, false);
}

/** The same, numbered for pushing to the channels, so they can refuse an older figure. */
export function takePushSnapshot(db: Db, sku: string): Promise<SellableSnapshot> {
  return read(db, sku, true) as Promise<SellableSnapshot>;
}

async function read(db: Db, sku: string, numbered: boolean): Promise<SellableView | SellableSnapshot> {
  return db.$transaction(
    async (tx) => {
      const [stock, channels, claims, next] = await Promise.all([
        tx.stockLevel.findMany({ where: { sku } }),
        tx.channel.findMany({ include: { buffer: true }, orderBy: { id: 'asc' } }),
        tx.$queryRaw<{ units: bigint | null }[]>`
          SELECT SUM((demand ->> ${sku})::int) AS units FROM backorders WHERE state = 'waiting' AND ${sku} = ANY(skus)`,
        numbered ? tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval('sellable_push_seq') AS seq` : Promise.resolve(undefined),
      ]);
      const claimed = Number(claims[0]?.units ?? 0);
      const view = {
        sku,
        channels: channels.map((c) => ({ channel: c.id, quantity: sellableQuantity(stock, c.buffer ?? DEFAULT_BUFFER, claimed) })),
      };
      return next ? { ...view, sequence: Number(next[0].seq) } : view;
    },
    { isolationLevel: 'RepeatableRead' },
  );
}
