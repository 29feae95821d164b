import type { Db } from '../../db/prisma';
import { isUniqueViolation } from '../../db/directSql';
import { followupWork, type StockEvents } from '../../activities/backorderQueue';
import { moveStock, StockMoveRefused } from '../../activities/stockLedger';
import { followUp, recordFollowup, type Followup } from '../../activities/stockFollowups';
import { readSellable } from '../../db/sellableSnapshot';
import type { StockLedgerEntry } from '../../generated/prisma/client';
import { HttpError, notFound } from '../httpError';
import { adjustmentHash, hasIdentity, identityConflict, type AdjustmentIdentity, type AdjustmentRequest } from './adjustmentIdentity';

/** What a stored adjustment answers with, first time (201) or repeated (200, replayed). */
function adjustmentView(row: StockLedgerEntry, replayed: boolean) {
  return { adjustmentId: row.adjustmentId, locationId: row.locationId, delta: row.onHandDelta, reason: row.reason, note: row.note, at: row.createdAt.toISOString(), replayed };
}

/** The ledger row an identity already names, if any. */
function findPrior(db: Pick<Db, 'stockLedgerEntry'>, id: AdjustmentIdentity): Promise<StockLedgerEntry | null> {
  const or = [
    ...(id.adjustmentId !== undefined ? [{ adjustmentId: id.adjustmentId }] : []),
    ...(id.idempotency ? [{ idempotencyScope: id.idempotency.scope, idempotencyKey: id.idempotency.key }] : []),
  ];
  // The client's adjustmentId decides over the key when both match rows.
  return db.stockLedgerEntry.findFirst({ where: { OR: or }, orderBy: { adjustmentId: { sort: 'asc', nulls: 'last' } } });
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

    /** SKUs with their totals; with a threshold, only those whose available stock is at or below it; with sku, those starting with it. */
    async list(q: { lowStock: boolean; threshold: number; limit: number; sku?: string }) {
      const rows = await db.$queryRaw<{ sku: string; name: string; on_hand: bigint; reserved: bigint }[]>`
        SELECT p.sku, p.name, COALESCE(SUM(s.on_hand), 0) AS on_hand, COALESCE(SUM(s.reserved), 0) AS reserved
        FROM products p LEFT JOIN stock_levels s ON s.sku = p.sku
        WHERE ${q.sku === undefined} OR starts_with(p.sku, ${q.sku ?? ''})
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

    /**
     * Every stock move of a SKU, newest first: receipts, adjustments, reservations, releases, commits.
     * Keyset pages on the entry id (ids only grow), so new moves never shift an older page.
     */
    async ledger(sku: string, { limit, cursor }: { limit: number; cursor?: string }) {
      if (!(await db.product.findUnique({ where: { sku } }))) throw notFound(`SKU ${sku}`);
      const rows = await db.stockLedgerEntry.findMany({ where: { sku, ...(cursor && { id: { lt: BigInt(cursor) } }) }, orderBy: { id: 'desc' }, take: limit + 1 });
      const entries = rows.slice(0, limit);
      return {
        sku,
        nextCursor: rows.length > limit ? String(entries[entries.length - 1].id) : null,
        entries: entries.map((e) => ({
          at: e.createdAt.toISOString(),
          locationId: e.locationId,
          onHandDelta: e.onHandDelta,
          reservedDelta: e.reservedDelta,
          reason: e.reason,
          orderId: e.orderId,
          note: e.note,
          adjustmentId: e.adjustmentId,
        })),
      };
    },

    /**
     * Receipts (+), corrections and damage (-): one locked, ledgered move; never below what is
     * reserved. An adjustment with an identity (adjustmentId or Idempotency-Key) applies once: a
     * repeat answers 200 with the stock, and the same identity with another request is refused.
     * What follows the commit (serving backorders, the channel sync) is in the outbox, so it can
     * fail without turning a committed change into an error.
     */
    async adjust(req: AdjustmentRequest, identity: Omit<AdjustmentIdentity, 'adjustmentId'> = {}): Promise<{ status: 200 | 201; body: object }> {
      const [product, location] = await Promise.all([db.product.findUnique({ where: { sku: req.sku } }), db.location.findUnique({ where: { id: req.locationId } })]);
      const fields = [
        ...(product ? [] : [{ field: 'body.sku', message: `unknown SKU "${req.sku}"` }]),
        ...(location ? [] : [{ field: 'body.locationId', message: `unknown location "${req.locationId}"` }]),
      ];
      if (fields.length > 0) throw new HttpError(400, 'validation_failed', `invalid request: ${fields.map((f) => f.field).join(', ')}`, fields);
      const id: AdjustmentIdentity = { ...identity, ...(req.adjustmentId !== undefined && { adjustmentId: req.adjustmentId }) };
      const requestHash = adjustmentHash(req);
      const answer = (row: StockLedgerEntry, replayed: boolean) => {
        if (replayed && row.requestHash !== requestHash) throw identityConflict(id, row);
        return { row, replayed };
      };
      let delta = 0;
      let outcome: { row: StockLedgerEntry; replayed: boolean; followup?: Followup };
      try {
        outcome = await db.$transaction(async (tx) => {
          await tx.stockLevel.upsert({
            where: { sku_locationId: { sku: req.sku, locationId: req.locationId } },
            create: { sku: req.sku, locationId: req.locationId, onHand: 0 },
            update: {},
          });
          const [row] = await tx.$queryRaw<{ on_hand: number }[]>`
            SELECT on_hand FROM stock_levels WHERE sku = ${req.sku} AND location_id = ${req.locationId} FOR UPDATE`;
          // Under the row lock: a concurrent twin at the same place has committed by now, or waits.
          const prior = hasIdentity(id) ? await findPrior(tx, id) : null;
          if (prior) return answer(prior, true);
          delta = req.countedOnHand !== undefined ? req.countedOnHand - row.on_hand : req.delta!;
          // A cycle count that matches is recorded too (a zero move): the count happened, and its identity is kept.
          const entry = await moveStock(tx, req.sku, req.locationId, delta, 0, req.reason, undefined, req.note, {
            adjustmentId: id.adjustmentId,
            idempotencyScope: id.idempotency?.scope,
            idempotencyKey: id.idempotency?.key,
            requestHash: hasIdentity(id) ? requestHash : undefined,
          });
          const followup = delta !== 0 ? await recordFollowup(tx, [req.sku], delta > 0) : undefined;
          return { ...answer(entry, false), followup };
        });
      } catch (err) {
        if (err instanceof StockMoveRefused) {
          const field = req.countedOnHand !== undefined ? 'body.countedOnHand' : 'body.delta';
          throw new HttpError(409, 'insufficient_stock', `a change of ${delta} would take on-hand stock below zero or below what is reserved`, [
            { field, message: 'would leave less on hand than is reserved for orders' },
          ]);
        }
        // The same identity committed elsewhere (another SKU or location) in the meantime.
        const prior = isUniqueViolation(err) && hasIdentity(id) ? await findPrior(db, id) : null;
        if (!prior) throw err;
        outcome = answer(prior, true);
      }
      if (outcome.followup) await followUp(db, followupWork(db, events), outcome.followup);
      return { status: outcome.replayed ? 200 : 201, body: { ...(await stockOf(req.sku)), adjustment: adjustmentView(outcome.row, outcome.replayed) } };
    },
  };
}
