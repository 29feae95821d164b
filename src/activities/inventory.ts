import type { Db } from '../db/prisma';
import { planAllocation, type AllocationPlan } from '../domain/allocation';
import { demandBySku } from '../domain/order';
import { orderLineId } from './orderStore';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface LockedStock {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/** Waiting orders served per receipt or release, so one call's work stays bounded. */
const BACKORDERS_PER_WAKE = 200;

export type BackorderPolicy = 'backorder' | 'cancel';
export type ReserveResult = AllocationPlan & { backorderPolicy: BackorderPolicy };

/** What committed stock changes announce (see src/temporal/stockEvents.ts). */
export interface StockEvents {
  /** Backordered orders that a receipt or release just reserved stock for. */
  reserved(workflowIds: string[]): Promise<void>;
  /** SKUs whose sellable quantity may have changed. */
  changed(skus: string[]): Promise<void>;
}

/** After a release or receipt: serve the waiting orders, then announce what changed. */
export async function afterStockFreed(db: Db, events: StockEvents, skus: string[]): Promise<void> {
  const served = await serveBackorders(db, skus);
  await events.reserved(served.workflowIds);
  await events.changed([...new Set([...skus, ...served.skus])]);
}

/**
 * Stock moves. Each runs in one transaction that locks the stock rows it reads (in a fixed order,
 * so concurrent orders queue instead of deadlocking): the check and the reservation can never be
 * split by another order, and the CHECK constraints are the last line of defence.
 */
export function createInventoryActivities(db: Db, events: StockEvents) {
  return {
    /** Reserves the whole order, or nothing. Older backorders keep their claim on the stock. */
    async reserveStock(orderId: string): Promise<ReserveResult> {
      return db.$transaction(async (tx) => {
        const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { channel: true } });
        const plan = await reserveForOrder(tx, orderId, await claimsAhead(tx, orderId));
        return { ...plan, backorderPolicy: order.channel.backorderPolicy === 'cancel' ? 'cancel' : 'backorder' } as ReserveResult;
      }).then(async (result) => {
        if (result.ok) await events.changed([...new Set(result.allocations.map((a) => a.sku))]);
        return result;
      });
    },

    /** Puts the order in the queue for its SKUs; it keeps its place (arrival time) on repeats. */
    async registerBackorder(orderId: string, workflowId: string, shortfall: unknown): Promise<void> {
      const lines = await db.orderLine.findMany({ where: { orderId } });
      const demand = Object.fromEntries(demandBySku(lines));
      await db.backorder.upsert({
        where: { orderId },
        create: { orderId, workflowId, skus: Object.keys(demand), demand, shortfall: shortfall as object, state: 'waiting' },
        update: {},
      });
    },

    async closeBackorder(orderId: string, state: 'reserved' | 'cancelled'): Promise<void> {
      await db.backorder.updateMany({ where: { orderId, state: { not: state } }, data: { state, resolvedAt: new Date() } });
    },

    async releaseStock(orderId: string, note: string): Promise<void> {
      const skus = await settleReservations(db, orderId, undefined, 'released', note);
      await afterStockFreed(db, events, skus);
    },

    /** The parcel left: the units leave on-hand and reserved together (available is unchanged). */
    async commitShipmentStock(orderId: string, locationId: string): Promise<void> {
      await settleReservations(db, orderId, locationId, 'committed', 'shipped');
    },
  };
}

/**
 * Gives freed or received stock to waiting orders, oldest first, inside one transaction. An order
 * that still cannot be served keeps its claim, so younger orders never take the units it waits for.
 * Returns the workflows to wake, only those that now hold their stock, and the SKUs they took.
 */
export async function serveBackorders(db: Db, skus: string[]): Promise<{ workflowIds: string[]; skus: string[] }> {
  const none = { workflowIds: [], skus: [] };
  if (skus.length === 0) return none;
  return db.$transaction(async (tx) => {
    const waiting = await tx.$queryRaw<{ order_id: string; workflow_id: string; skus: string[]; demand: Record<string, number> }[]>`
      SELECT order_id, workflow_id, skus, demand FROM backorders
      WHERE state = 'waiting' AND skus && ${skus}::text[]
      ORDER BY created_at, order_id LIMIT ${BACKORDERS_PER_WAKE} FOR UPDATE`;
    if (waiting.length === 0) return none;
    await lockStock(tx, [...new Set(waiting.flatMap((w) => w.skus))]);
    const claimed = new Map<string, number>();
    const woken: string[] = [];
    const taken = new Set<string>();
    for (const backorder of waiting) {
      const plan = await reserveForOrder(tx, backorder.order_id, claimed);
      if (plan.ok) {
        await tx.backorder.update({ where: { orderId: backorder.order_id }, data: { state: 'reserved', resolvedAt: new Date() } });
        woken.push(backorder.workflow_id);
        backorder.skus.forEach((sku) => taken.add(sku));
      } else {
        for (const [sku, qty] of Object.entries(backorder.demand)) claimed.set(sku, (claimed.get(sku) ?? 0) + qty);
      }
    }
    return { workflowIds: woken, skus: [...taken] };
  });
}

/** Units of each SKU that older waiting orders have a claim on. */
async function claimsAhead(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ demand: Record<string, number> }[]>`
    SELECT demand FROM backorders
    WHERE state = 'waiting' AND order_id <> ${orderId}
      AND created_at < COALESCE((SELECT created_at FROM backorders WHERE order_id = ${orderId}), now())`;
  const claimed = new Map<string, number>();
  for (const { demand } of rows) for (const [sku, qty] of Object.entries(demand)) claimed.set(sku, (claimed.get(sku) ?? 0) + qty);
  return claimed;
}

async function lockStock(tx: Tx, skus: string[]): Promise<LockedStock[]> {
  return tx.$queryRaw<LockedStock[]>`
    SELECT sku, location_id, on_hand, reserved FROM stock_levels
    WHERE sku = ANY(${[...skus].sort()}) ORDER BY sku, location_id FOR UPDATE`;
}

/** Plans and takes the whole order's stock in the caller's transaction; repeats return what it holds. */
async function reserveForOrder(tx: Tx, orderId: string, claimed: Map<string, number>): Promise<AllocationPlan> {
  const existing = await tx.reservation.findMany({ where: { orderId, state: { not: 'released' } }, include: { orderLine: true }, orderBy: { createdAt: 'asc' } });
  if (existing.length > 0) {
    return { ok: true, allocations: existing.map((r) => ({ lineNo: r.orderLine.lineNo, sku: r.sku, locationId: r.locationId, quantity: r.quantity })) };
  }
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
  const stock = await lockStock(tx, [...new Set(order.lines.map((l) => l.sku))]);
  const locations = await tx.location.findMany();
  const address = order.shippingAddress as { country?: string; region?: string };
  const destination = { country: address.country ?? '', region: address.region };
  // Claims come off the SKU's total; taking them from the best locations first keeps it simple and safe.
  const remainingClaim = new Map(claimed);
  const available = stock.map((s) => {
    const free = s.on_hand - s.reserved;
    const claim = Math.min(free, remainingClaim.get(s.sku) ?? 0);
    remainingClaim.set(s.sku, (remainingClaim.get(s.sku) ?? 0) - claim);
    return { sku: s.sku, locationId: s.location_id, available: free - claim };
  });
  const plan = planAllocation(order.lines, available, locations, destination);
  if (!plan.ok) return plan;
  for (const a of plan.allocations) {
    await moveStock(tx, a.sku, a.locationId, 0, a.quantity, 'reservation', orderId);
    await tx.reservation.upsert({
      where: { orderLineId_locationId: { orderLineId: orderLineId(orderId, a.lineNo), locationId: a.locationId } },
      create: { orderId, orderLineId: orderLineId(orderId, a.lineNo), sku: a.sku, locationId: a.locationId, quantity: a.quantity, state: 'held' },
      update: { quantity: a.quantity, state: 'held' },
    });
  }
  return plan;
}

/** Returns the SKUs whose stock changed. */
async function settleReservations(db: Db, orderId: string, locationId: string | undefined, to: 'released' | 'committed', note: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string; sku: string; location_id: string; quantity: number }[]>`
      SELECT id, sku, location_id, quantity FROM reservations
      WHERE order_id = ${orderId} AND state = 'held' AND (${locationId ?? null}::text IS NULL OR location_id = ${locationId ?? null})
      ORDER BY sku, location_id FOR UPDATE`;
    for (const r of held) {
      const onHandDelta = to === 'committed' ? -r.quantity : 0;
      await moveStock(tx, r.sku, r.location_id, onHandDelta, -r.quantity, to === 'committed' ? 'commit' : 'release', orderId, note);
      await tx.reservation.update({ where: { id: r.id }, data: { state: to } });
    }
    return [...new Set(held.map((r) => r.sku))];
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
