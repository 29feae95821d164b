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
  const available = stock.filter((row) => feedsChannel(buffer, row.locationId)).reduce((sum, row) => sum + Math.max(0, row.onHand - row.reserved), 0);
  return bufferedUnits(available - claimedByBackorders, buffer);
}

/** Whether a location's stock is this channel's to list and to sell. */
export function feedsChannel(buffer: ChannelBuffer, locationId: string): boolean {
  return buffer.locationIds.length === 0 || buffer.locationIds.includes(locationId);
}

/**
 * What the buffer leaves a channel of `free` units (free for sale: after reservations and what
 * waiting backorders ahead claim): safety stock off, the percentage rounded down, the cap. The
 * listed quantity and the most one order may reserve are both this, so a channel can never take
 * more than it was shown.
 */
export function bufferedUnits(free: number, buffer: ChannelBuffer): number {
  const share = Math.floor((Math.max(0, free - buffer.safetyStock) * buffer.percent) / 100);
  return buffer.maxListed === null ? share : Math.min(share, buffer.maxListed);
}

/**
 * The fewest free units with which `bufferedUnits(free, buffer)` allows `units`: what a plan made
 * from a snapshot needs to find still there when it is applied (src/activities/reserveInOneCall.ts).
 * Infinity when no stock allows it (a cap below `units`, or 0 %).
 */
export function freeUnitsFor(units: number, buffer: ChannelBuffer): number {
  if (units <= 0) return 0;
  if (buffer.percent <= 0 || (buffer.maxListed !== null && buffer.maxListed < units)) return Infinity;
  // floor((free - safety) * percent / 100) >= units  <=>  free >= safety + ceil(units * 100 / percent)
  return buffer.safetyStock + Math.ceil((units * 100) / buffer.percent);
}

/**
 * The locations an order may take stock from: those that feed its channel, and for a pickup only
 * its store (even when other locations have the stock: the customer is at the counter there).
 */
export function sourcingLocations<T extends { id: string }>(locations: readonly T[], buffer: ChannelBuffer, pickupLocationId?: string | null): T[] {
  return locations.filter((l) => feedsChannel(buffer, l.id) && (pickupLocationId == null || l.id === pickupLocationId));
}
