/**
 * An exchange's stock (issue 18, docs/returns.md "Exchanges"): reserved through the stock ledger
 * when the exchange is requested, handed to the replacement order when it starts, released if the
 * return expires first. The ledger rows carry the replacement order's id (known from the return id
 * before the order exists) and the note `exchange <returnId>`, so the ledger still sums to the
 * stock levels and tells whose units they are. Callers lock the SKUs' stock rows first (lockStock),
 * before any order or return row, the one lock order every stock move keeps.
 */
import { createHash } from 'node:crypto';
import { planAllocation, type StockAtLocation } from '../domain/allocation';
import { DEFAULT_BUFFER, sourcingLocations, type ChannelBuffer } from '../domain/sellable';
import { EXCHANGE_CHANNEL, type ReplacementLine, type ReplacementState } from '../domain/returns/exchange';
import { orderLineId } from './orderStore';
import { claimsAhead } from './reserveForOrder';
import { moveStock, type LockedStock, type Tx } from './stockLedger';
import { recordFollowup, type Followup } from './stockFollowups';

export const exchangeNote = (returnId: string) => `exchange ${returnId}`;

/**
 * The replacement order's id, derived from the return's (a UUID, version 8: SHA-256 of the return
 * id), so every attempt to start it, and the ledger rows of its held units, name the same order.
 */
/** Whether the return named replacements: an exchange, which refunds nothing and credits nothing. */
export async function isExchange(db: Pick<Tx, 'returnReplacement'>, returnId: string): Promise<boolean> {
  return (await db.returnReplacement.count({ where: { returnId } })) > 0;
}

export function replacementOrderId(returnId: string): string {
  const h = createHash('sha256').update(`exchange:${returnId}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface PlannedHold extends ReplacementLine {
  state: Extract<ReplacementState, 'held' | 'unreserved'>;
  locationId: string | null;
}

/**
 * Reserves each replacement line whole at one location where its units are free (after what the
 * backorder queue claims: an exchange never takes a unit a waiting order is owed). A line no single
 * location can cover stays unreserved; the replacement order reserves or backorders it itself.
 */
export async function holdReplacementStock(
  tx: Tx,
  stock: readonly LockedStock[],
  hold: { returnId: string; replacementOrderId: string; lines: readonly ReplacementLine[]; destination: { country: string; region?: string } },
): Promise<PlannedHold[]> {
  const channel = await tx.channel.findUnique({ where: { id: EXCHANGE_CHANNEL }, include: { buffer: true } });
  const buffer: ChannelBuffer = channel?.buffer ?? DEFAULT_BUFFER;
  const locations = sourcingLocations(await tx.location.findMany(), buffer);
  const claims = await claimsAhead(tx, hold.replacementOrderId);
  const free = new Map(stock.map((s) => [`${s.sku}@${s.location_id}`, s.on_hand - s.reserved]));
  // Claims come off the locations first, as reserveForOrder charges them.
  for (const s of stock) {
    const take = Math.min(free.get(`${s.sku}@${s.location_id}`)!, claims.get(s.sku) ?? 0);
    claims.set(s.sku, (claims.get(s.sku) ?? 0) - Math.max(0, take));
    free.set(`${s.sku}@${s.location_id}`, free.get(`${s.sku}@${s.location_id}`)! - Math.max(0, take));
  }
  const planned: PlannedHold[] = [];
  for (const line of hold.lines) {
    const available: StockAtLocation[] = stock
      .filter((s) => s.sku === line.sku)
      .map((s) => ({ sku: s.sku, locationId: s.location_id, available: free.get(`${s.sku}@${s.location_id}`)! }));
    const plan = planAllocation([line], available, locations, hold.destination);
    if (!plan.ok || plan.allocations.length !== 1) {
      planned.push({ ...line, state: 'unreserved', locationId: null });
      continue;
    }
    const at = plan.allocations[0].locationId;
    await moveStock(tx, line.sku, at, 0, line.quantity, 'reservation', hold.replacementOrderId, exchangeNote(hold.returnId));
    free.set(`${line.sku}@${at}`, free.get(`${line.sku}@${at}`)! - line.quantity);
    planned.push({ ...line, state: 'held', locationId: at });
  }
  return planned;
}

/**
 * The replacement order, just recorded in this transaction, takes over the held units as its own
 * reservations: no stock moves (the units stay reserved), so its workflow finds them held and
 * reserves nothing twice.
 */
export async function handOverHolds(tx: Tx, returnId: string, orderId: string): Promise<void> {
  const held = await tx.returnReplacement.findMany({ where: { returnId, state: 'held' } });
  for (const r of held) {
    await tx.reservation.create({ data: { orderId, orderLineId: orderLineId(orderId, r.lineNo), sku: r.sku, locationId: r.locationId!, quantity: r.quantity, state: 'held' } });
  }
  await tx.returnReplacement.updateMany({ where: { returnId, state: { in: ['held', 'unreserved'] } }, data: { state: 'ordered' } });
}

/** Gives the held units back (the return expired, the replacement never started); the follow-up serves waiting orders with them. */
export async function releaseHolds(tx: Tx, returnId: string, replacementOrderId: string): Promise<Followup | undefined> {
  const held = await tx.returnReplacement.findMany({ where: { returnId, state: 'held' }, orderBy: [{ sku: 'asc' }, { locationId: 'asc' }] });
  for (const r of held) await moveStock(tx, r.sku, r.locationId!, 0, -r.quantity, 'release', replacementOrderId, exchangeNote(returnId));
  await tx.returnReplacement.updateMany({ where: { returnId, state: { in: ['held', 'unreserved'] } }, data: { state: 'released' } });
  const skus = [...new Set(held.map((r) => r.sku))];
  return skus.length > 0 ? recordFollowup(tx, skus, true) : undefined;
}
