/** How much of a SKU a channel may advertise: commercial OMSs call these channel buffers. */
export interface ChannelBuffer {
  /** Units always held back from this channel. */
  safetyStock: number;
  /** Whole percent (0-100) of what is left after the safety stock. */
  percent: number;
  /** Never list more than this; null for no cap. */
  maxListed: number | null;
  /** Locations whose stock feeds this channel; empty for all of them. */
  locationIds: string[];
}

export const DEFAULT_BUFFER: ChannelBuffer = { safetyStock: 0, percent: 100, maxListed: null, locationIds: [] };

export interface StockRow {
  locationId: string;
  onHand: number;
  reserved: number;
}

/**
 * The quantity a channel lists, computed exactly in integers and rounded down, so a marketplace
 * that sees stock late can never be promised units that are not there. Units that waiting
 * backorders claim are not for sale either.
 */
export function sellableQuantity(stock: readonly StockRow[], buffer: ChannelBuffer, claimedByBackorders = 0): number {
  const feeds = (row: StockRow) => buffer.locationIds.length === 0 || buffer.locationIds.includes(row.locationId);
  const available = stock.filter(feeds).reduce((sum, row) => sum + Math.max(0, row.onHand - row.reserved), 0);
  const free = Math.max(0, available - claimedByBackorders - buffer.safetyStock);
  const share = Math.floor((free * buffer.percent) / 100);
  return buffer.maxListed === null ? share : Math.min(share, buffer.maxListed);
}
