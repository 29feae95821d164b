import type { Db } from '../db/prisma';
import { planAllocation, type AllocationPlan } from '../domain/allocation';
import { orderLineId } from './orderStore';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface LockedStock {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/**
 * Stock moves. Each runs in one transaction that locks the stock rows it reads (in a fixed order,
 * so concurrent orders queue instead of deadlocking): the check and the reservation can never be
 * split by another order, and the CHECK constraints are the last line of defence.
 */
export function createInventoryActivities(db: Db) {
  return {
    async reserveStock(orderId: string): Promise<AllocationPlan> {
      return db.$transaction(async (tx) => {
        const existing = await tx.reservation.findMany({ where: { orderId }, include: { orderLine: true }, orderBy: { createdAt: 'asc' } });
        if (existing.length > 0) {
          return {
            ok: true,
            allocations: existing.map((r) => ({ lineNo: r.orderLine.lineNo, sku: r.sku, locationId: r.locationId, quantity: r.quantity })),
          };
        }
        const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
        const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
        const stock = await tx.$queryRaw<LockedStock[]>`
          SELECT sku, location_id, on_hand, reserved FROM stock_levels
          WHERE sku = ANY(${skus}) ORDER BY sku, location_id FOR UPDATE`;
        const locations = await tx.location.findMany();
        const destination = (order.shippingAddress as { country?: string }).country ?? '';
        const plan = planAllocation(
          order.lines,
          stock.map((s) => ({ sku: s.sku, locationId: s.location_id, available: s.on_hand - s.reserved })),
          locations,
          destination,
        );
        if (!plan.ok) return plan;
        for (const a of plan.allocations) {
          await moveStock(tx, a.sku, a.locationId, 0, a.quantity, 'reservation', orderId);
          await tx.reservation.create({
            data: { orderId, orderLineId: orderLineId(orderId, a.lineNo), sku: a.sku, locationId: a.locationId, quantity: a.quantity, state: 'held' },
          });
        }
        return plan;
      });
    },

    async releaseStock(orderId: string, note: string): Promise<void> {
      await settleReservations(db, orderId, undefined, 'released', note);
    },

    /** The parcel left: the units leave on-hand and reserved together. */
    async commitShipmentStock(orderId: string, locationId: string): Promise<void> {
      await settleReservations(db, orderId, locationId, 'committed', 'shipped');
    },
  };
}

async function settleReservations(db: Db, orderId: string, locationId: string | undefined, to: 'released' | 'committed', note: string) {
  await db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string; sku: string; location_id: string; quantity: number }[]>`
      SELECT id, sku, location_id, quantity FROM reservations
      WHERE order_id = ${orderId} AND state = 'held' AND (${locationId ?? null}::text IS NULL OR location_id = ${locationId ?? null})
      ORDER BY sku, location_id FOR UPDATE`;
    for (const r of held) {
      const onHandDelta = to === 'committed' ? -r.quantity : 0;
      await moveStock(tx, r.sku, r.location_id, onHandDelta, -r.quantity, to === 'committed' ? 'commit' : 'release', orderId, note);
      await tx.reservation.update({ where: { id: r.id }, data: { state: to } });
    }
  });
}

/** Applies one stock change and writes its ledger row; refuses to take more than is available. */
export async function moveStock(
  tx: Tx,
  sku: string,
  locationId: string,
  onHandDelta: number,
  reservedDelta: number,
  reason: string,
  orderId?: string,
  note?: string,
): Promise<void> {
  const changed = await tx.$executeRaw`
    UPDATE stock_levels SET on_hand = on_hand + ${onHandDelta}, reserved = reserved + ${reservedDelta}, updated_at = now()
    WHERE sku = ${sku} AND location_id = ${locationId}
      AND on_hand + ${onHandDelta} >= reserved + ${reservedDelta}
      AND reserved + ${reservedDelta} >= 0 AND on_hand + ${onHandDelta} >= 0`;
  if (changed !== 1) throw new Error(`stock move refused for ${sku} at ${locationId}: would oversell or go negative`);
  await tx.stockLedgerEntry.create({ data: { sku, locationId, onHandDelta, reservedDelta, reason, orderId, note } });
}
