/**
 * Resellable units of a received return go back on hand at the receiving location through the
 * stock ledger, the path an inventory adjustment takes (src/api/inventory/service.ts): one locked,
 * ledgered move per SKU with an identity (scope `return`, key `<returnId>:<sku>`) whose unique index
 * makes a retried activity find its row instead of adding a second; the follow-up (serve waiting
 * backorders, nudge the channel sync) is in the outbox in the same transaction.
 */
import type { Db } from '../../db/prisma';
import { followupWork, type StockEvents } from '../backorderQueue';
import { followUp, recordFollowup, type Followup } from '../stockFollowups';
import { moveStock } from '../stockLedger';

export const RESTOCK_SCOPE = 'return';

export async function restockReturn(db: Db, events: StockEvents, returnId: string): Promise<number> {
  const ret = await db.return.findUniqueOrThrow({ where: { id: returnId }, include: { lines: true } });
  if (!ret.receivedAt || !ret.locationId) throw new Error(`return ${returnId} is not received: nothing to restock`);
  const locationId = ret.locationId;
  const perSku = new Map<string, number>();
  for (const l of ret.lines) if (l.receivedResellable > 0) perSku.set(l.sku, (perSku.get(l.sku) ?? 0) + l.receivedResellable);
  let moved = 0;
  const followups: Followup[] = [];
  for (const [sku, units] of [...perSku].sort(([a], [b]) => a.localeCompare(b))) {
    const key = `${returnId}:${sku}`;
    const followup = await db.$transaction(async (tx) => {
      await tx.stockLevel.upsert({ where: { sku_locationId: { sku, locationId } }, create: { sku, locationId, onHand: 0 }, update: {} });
      await tx.$queryRaw`SELECT on_hand FROM stock_levels WHERE sku = ${sku} AND location_id = ${locationId} FOR UPDATE`;
      // Under the row lock: a retry (or a twin) that committed already is seen here.
      if (await tx.stockLedgerEntry.findFirst({ where: { idempotencyScope: RESTOCK_SCOPE, idempotencyKey: key } })) return undefined;
      await moveStock(tx, sku, locationId, units, 0, 'return', ret.orderId, `return ${returnId}: ${units} resellable unit(s)`, {
        idempotencyScope: RESTOCK_SCOPE,
        idempotencyKey: key,
        requestHash: `${key}:${units}`,
      });
      moved += units;
      return recordFollowup(tx, [sku], true);
    });
    if (followup) followups.push(followup);
  }
  for (const f of followups) await followUp(db, followupWork(db, events), f);
  return moved;
}
