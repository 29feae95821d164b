import type { Db } from '../../db/prisma';
import { afterStockFreed, moveStock, type StockEvents } from '../../activities/inventory';
import { readSellable } from '../../db/sellableSnapshot';
import { HttpError, notFound } from '../httpError';

export interface AdjustmentRequest {
  sku: string;
  locationId: string;
  /** Exactly one of delta and countedOnHand (a cycle count). */
  delta?: number;
  countedOnHand?: number;
  reason: string;
  note?: string;
}

export function createInventoryService(db: Db, events: StockEvents) {
  async function stockOf(sku: string) {
    const product = await db.product.findUnique({ where: { sku }, include: { stock: { orderBy: { locationId: 'asc' } } } });
    if (!product) throw notFound(`SKU ${sku}`);
    const locations = product.stock.map((s) => ({ locationId: s.locationId, onHand: s.onHand, reserved: s.reserved, available: s.onHand - s.reserved }));
    const sellable = await readSellable(db, sku);
    return {
      sku: product.sku,
      name: product.name,
      locations,
      totalOnHand: locations.reduce((n, l) => n + l.onHand, 0),
      totalReserved: locations.reduce((n, l) => n + l.reserved, 0),
      totalAvailable: locations.reduce((n, l) => n + l.available, 0),
      channels: sellable.channels.map((c) => ({ channel: c.channel, sellable: c.quantity })),
    };
  }

  return {
    stockOf,

    /** SKUs with their totals; with a threshold, only those whose available stock is at or below it. */
    async list(q: { lowStock: boolean; threshold: number; limit: number }) {
      const rows = await db.$queryRaw<{ sku: string; name: string; on_hand: bigint; reserved: bigint }[]>`
        SELECT p.sku, p.name, COALESCE(SUM(s.on_hand), 0) AS on_hand, COALESCE(SUM(s.reserved), 0) AS reserved
        FROM products p LEFT JOIN stock_levels s ON s.sku = p.sku
        GROUP BY p.sku, p.name
        HAVING ${!q.lowStock} OR COALESCE(SUM(s.on_hand - s.reserved), 0) <= ${q.threshold}
        ORDER BY COALESCE(SUM(s.on_hand - s.reserved), 0), p.sku
        LIMIT ${q.limit}`;
      return {
        items: rows.map((r) => ({
          sku: r.sku,
          name: r.name,
          totalOnHand: Number(r.on_hand),
          totalReserved: Number(r.reserved),
          totalAvailable: Number(r.on_hand) - Number(r.reserved),
        })),
      };
    },

    /** Every stock move of a SKU, newest first: receipts, adjustments, reservations, releases, commits. */
    async ledger(sku: string, limit: number) {
      if (!(await db.product.findUnique({ where: { sku } }))) throw notFound(`SKU ${sku}`);
      const entries = await db.stockLedgerEntry.findMany({ where: { sku }, orderBy: { id: 'desc' }, take: limit });
      return {
        sku,
        entries: entries.map((e) => ({
          at: e.createdAt.toISOString(),
          locationId: e.locationId,
          onHandDelta: e.onHandDelta,
          reservedDelta: e.reservedDelta,
          reason: e.reason,
          orderId: e.orderId,
          note: e.note,
        })),
      };
    },

    /**
     * Receipts (+), corrections and damage (-): one locked, ledgered move; never below what is
     * reserved. New stock goes to backordered orders first, oldest first.
     */
    async adjust(req: AdjustmentRequest) {
      const [product, location] = await Promise.all([
        db.product.findUnique({ where: { sku: req.sku } }),
        db.location.findUnique({ where: { id: req.locationId } }),
      ]);
      const fields = [
        ...(product ? [] : [{ field: 'body.sku', message: `unknown SKU "${req.sku}"` }]),
        ...(location ? [] : [{ field: 'body.locationId', message: `unknown location "${req.locationId}"` }]),
      ];
      if (fields.length > 0) throw new HttpError(400, 'validation_failed', `invalid request: ${fields.map((f) => f.field).join(', ')}`, fields);
      let delta = 0;
      try {
        await db.$transaction(async (tx) => {
          await tx.stockLevel.upsert({
            where: { sku_locationId: { sku: req.sku, locationId: req.locationId } },
            create: { sku: req.sku, locationId: req.locationId, onHand: 0 },
            update: {},
          });
          const [row] = await tx.$queryRaw<{ on_hand: number }[]>`
            SELECT on_hand FROM stock_levels WHERE sku = ${req.sku} AND location_id = ${req.locationId} FOR UPDATE`;
          delta = req.countedOnHand !== undefined ? req.countedOnHand - row.on_hand : req.delta!;
          if (delta !== 0) await moveStock(tx, req.sku, req.locationId, delta, 0, req.reason, undefined, req.note);
        });
      } catch (err) {
        if (/stock move refused/.test((err as Error).message)) {
          const field = req.countedOnHand !== undefined ? 'body.countedOnHand' : 'body.delta';
          throw new HttpError(409, 'insufficient_stock', `a change of ${delta} would take on-hand stock below zero or below what is reserved`, [
            { field, message: 'would leave less on hand than is reserved for orders' },
          ]);
        }
        throw err;
      }
      if (delta > 0) await afterStockFreed(db, events, [req.sku]);
      else if (delta < 0) await events.changed([req.sku]);
      return stockOf(req.sku);
    },
  };
}
