import type { Db } from '../db/prisma';
import type { StockRelease } from '../domain/partialCancel';
import { followupWork, type StockEvents } from './backorderQueue';
import { moveStock } from './stockLedger';
import { followUp, recordFollowup } from './stockFollowups';

/**
 * A partial cancel gives back exactly the cancelled units of a line at the location named, and no
 * others: the held reservation shrinks (or is released when none of it is left). One transaction,
 * with the order's reservations locked; the ledger rows carry the request id, so a retried activity
 * that already committed finds them and moves nothing twice.
 */
export async function releaseCancelledUnits(db: Db, events: StockEvents, orderId: string, requestId: string, releases: readonly StockRelease[]): Promise<void> {
  const note = `partial cancel ${requestId}`;
  const followup = await db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string; line_no: number; sku: string; location_id: string; quantity: number }[]>`
      SELECT r.id, l.line_no, r.sku, r.location_id, r.quantity FROM reservations r JOIN order_lines l ON l.id = r.order_line_id
      WHERE r.order_id = ${orderId} AND r.state = 'held' ORDER BY r.sku, r.location_id FOR UPDATE OF r`;
    if (await tx.stockLedgerEntry.findFirst({ where: { orderId, reason: 'release', note } })) return undefined;
    for (const release of releases) {
      const r = held.find((h) => h.line_no === release.lineNo && h.location_id === release.locationId);
      // The workflow plans from its own allocations; a mismatch is a bug to see, not units to guess.
      if (!r || r.quantity < release.quantity) throw new Error(`line ${release.lineNo} holds ${r?.quantity ?? 0} at ${release.locationId}, ${release.quantity} to release`);
      await moveStock(tx, r.sku, r.location_id, 0, -release.quantity, 'release', orderId, note);
      const rest = r.quantity - release.quantity;
      await tx.reservation.update({ where: { id: r.id }, data: rest > 0 ? { quantity: rest } : { state: 'released' } });
      r.quantity = rest;
    }
    const skus = [...new Set(releases.map((r) => r.sku))];
    return skus.length > 0 ? recordFollowup(tx, skus, true) : undefined;
  });
  // The freed units go to waiting orders through the follow-up outbox, as a full release's do.
  if (followup) await followUp(db, followupWork(db, events), followup);
}
