import type { PlannedAllocation } from '../domain/allocation';
import { demandBySku } from '../domain/order';
import { planReservation, reservationAfter, type Reservation } from '../domain/reservationPlan';
import { DEFAULT_BUFFER } from '../domain/sellable';
import { orderLineId } from './orderStore';
import { lockStock, moveStock, type Tx } from './stockLedger';
import type { Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';

export type { Reservation };

/** The backorders ahead of this order in the queue (higher priority, then older): their `demand` rows. */
export function claimsAheadQuery(orderId: string): Prisma.Sql {
  return Prisma.sql`
    WITH me AS (SELECT priority_score, created_at FROM backorders WHERE order_id = ${orderId})
    SELECT b.demand FROM backorders b
    WHERE b.state = 'waiting' AND b.order_id <> ${orderId}
      AND (NOT EXISTS (SELECT 1 FROM me)
        OR b.priority_score > (SELECT priority_score FROM me)
        OR (b.priority_score = (SELECT priority_score FROM me) AND b.created_at < (SELECT created_at FROM me)))`;
}

/** Units per SKU that these demands still claim. */
export function sumClaims(demands: readonly Record<string, number>[]): Map<string, number> {
  const claimed = new Map<string, number>();
  for (const demand of demands) for (const [sku, qty] of Object.entries(demand)) claimed.set(sku, (claimed.get(sku) ?? 0) + qty);
  return claimed;
}

/** Units of each SKU that orders ahead in the queue still need. */
export async function claimsAhead(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ demand: Record<string, number> }[]>(claimsAheadQuery(orderId));
  return sumClaims(rows.map((r) => r.demand));
}

/**
 * Plans and takes the stock the order still needs, in the caller's transaction: all of it, or
 * with `partial` whatever there is. Repeats take nothing twice. Allocations are all the order holds.
 * The locking path: the queue's receipts and the one-call path's last resort (src/activities/reserveInOneCall.ts).
 */
export async function reserveForOrder(tx: Tx, orderId: string, claimed: Map<string, number>, partial = false, preferredLocationId?: string): Promise<Reservation> {
  // Lines that need no shipping (digital goods, gift cards) take no stock.
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { lines: { where: { requiresShipping: true }, orderBy: { lineNo: 'asc' } }, channel: { include: { buffer: true } } },
  });
  // What the order holds is read under the locks of all its SKUs: a receipt serving the queue
  // changes it only under the same locks, so a re-check waiting on them never reserves twice.
  const stock = await lockStock(
    tx,
    order.lines.map((l) => l.sku),
  );
  const held = await heldAllocations(tx, orderId);
  const address = order.shippingAddress as { country?: string; region?: string };
  const step = planReservation({
    lines: order.lines,
    held,
    stock,
    locations: await tx.location.findMany(),
    buffer: order.channel.buffer ?? DEFAULT_BUFFER,
    pickupAt: order.fulfillmentMode === 'pickup' ? order.pickupLocationId : undefined,
    preferredLocationId,
    destination: { country: address.country ?? '', region: address.region },
    claimed,
    partial,
  });
  if (step.kind === 'done') return step.result;
  for (const a of step.allocations) {
    await moveStock(tx, a.sku, a.locationId, 0, a.quantity, 'reservation', orderId);
    const id = orderLineId(orderId, a.lineNo);
    const row = await tx.reservation.findUnique({ where: { orderLineId_locationId: { orderLineId: id, locationId: a.locationId } } });
    // A second partial reservation at the same location adds to what the line already holds there.
    await tx.reservation.upsert({
      where: { orderLineId_locationId: { orderLineId: id, locationId: a.locationId } },
      create: { orderId, orderLineId: id, sku: a.sku, locationId: a.locationId, quantity: a.quantity, state: 'held' },
      update: row?.state === 'held' ? { quantity: { increment: a.quantity } } : { quantity: a.quantity, state: 'held' },
    });
  }
  return reservationAfter(step, await heldAllocations(tx, orderId));
}

async function heldAllocations(tx: Tx, orderId: string): Promise<PlannedAllocation[]> {
  const rows = await tx.reservation.findMany({ where: { orderId, state: { not: 'released' } }, include: { orderLine: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({ lineNo: r.orderLine.lineNo, sku: r.sku, locationId: r.locationId, quantity: r.quantity }));
}

/** Units per SKU the order needs beyond what it holds (or has shipped). */
export async function unitsStillNeeded(db: Db | Tx, orderId: string): Promise<Map<string, number>> {
  const [lines, held] = await Promise.all([
    db.orderLine.findMany({ where: { orderId, requiresShipping: true } }),
    db.reservation.findMany({ where: { orderId, state: { not: 'released' } } }),
  ]);
  const need = demandBySku(lines);
  for (const r of held) need.set(r.sku, (need.get(r.sku) ?? 0) - r.quantity);
  return new Map([...need].filter(([, qty]) => qty > 0));
}
