import type { Db } from '../db/prisma';
import { reserveForOrder, unitsStillNeeded } from './reserveForOrder';
import { lockStock } from './stockLedger';
import type { FollowupWork } from './stockFollowups';

/** Waiting orders served per receipt or release, so one call's work stays bounded. */
const BACKORDERS_PER_WAKE = 200;

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

/** The work a stock follow-up owes: serve the waiting orders after freed stock, or only announce the change. */
export function followupWork(db: Db, events: StockEvents): FollowupWork {
  return (f) => (f.serveBackorders ? afterStockFreed(db, events, f.skus) : events.changed(f.skus));
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
    const waiting = await tx.$queryRaw<{ order_id: string; workflow_id: string; skus: string[]; partial: boolean }[]>`
      SELECT order_id, workflow_id, skus, partial FROM backorders
      WHERE state = 'waiting' AND skus && ${skus}::text[]
      ORDER BY priority_score DESC, created_at, order_id LIMIT ${BACKORDERS_PER_WAKE} FOR UPDATE`;
    if (waiting.length === 0) return none;
    // Every SKU of every order it may serve, locked at once in the one fixed order: reserveForOrder
    // locks all of an order's SKUs, and taking one more later could deadlock with a re-check.
    const lines = await tx.orderLine.findMany({ where: { orderId: { in: waiting.map((w) => w.order_id) }, requiresShipping: true }, select: { sku: true } });
    await lockStock(tx, [...waiting.flatMap((w) => w.skus), ...lines.map((l) => l.sku)]);
    const claimed = new Map<string, number>();
    const woken: string[] = [];
    const taken = new Set<string>();
    for (const backorder of waiting) {
      const plan = await reserveForOrder(tx, backorder.order_id, claimed, backorder.partial);
      if (plan.allocations?.length) backorder.skus.forEach((sku) => taken.add(sku));
      if (plan.ok) {
        await tx.backorder.update({ where: { orderId: backorder.order_id }, data: { state: 'reserved', resolvedAt: new Date() } });
        woken.push(backorder.workflow_id);
      } else {
        const stillNeeded = await unitsStillNeeded(tx, backorder.order_id);
        if (backorder.partial) await tx.backorder.update({ where: { orderId: backorder.order_id }, data: { demand: Object.fromEntries(stillNeeded) } });
        for (const [sku, qty] of stillNeeded) claimed.set(sku, (claimed.get(sku) ?? 0) + qty);
      }
    }
    return { workflowIds: woken, skus: [...taken] };
  });
}
