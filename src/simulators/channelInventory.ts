export interface ChannelStockLevel {
  channel: string;
  sku: string;
  quantity: number;
  sequence: number;
  /** Accepted pushes. */
  pushes: number;
  /** Pushes rejected because their sequence was not newer than the stored one (out-of-order delivery). */
  stalePushes: number;
}

export type InventoryPushResult = { accepted: true; level: ChannelStockLevel } | { accepted: false; storedSequence: number };

/** Stock levels the hub has published to each sales channel, guarded by a per-(channel, sku) sequence. */
export class ChannelInventory {
  private readonly levels = new Map<string, ChannelStockLevel>();

  private static keyOf(channel: string, sku: string): string {
    return JSON.stringify([channel, sku]);
  }

  push(channel: string, sku: string, quantity: number, sequence: number): InventoryPushResult {
    const key = ChannelInventory.keyOf(channel, sku);
    const current = this.levels.get(key);
    if (current && sequence <= current.sequence) {
      current.stalePushes += 1;
      return { accepted: false, storedSequence: current.sequence };
    }
    const level: ChannelStockLevel = {
      channel,
      sku,
      quantity,
      sequence,
      pushes: (current?.pushes ?? 0) + 1,
      stalePushes: current?.stalePushes ?? 0,
    };
    this.levels.set(key, level);
    return { accepted: true, level };
  }

  get(channel: string, sku: string): ChannelStockLevel | undefined {
    const level = this.levels.get(ChannelInventory.keyOf(channel, sku));
    return level ? { ...level } : undefined;
  }

  list(): ChannelStockLevel[] {
    return [...this.levels.values()].map((level) => ({ ...level }));
  }
}
