import type { Db } from '../db/prisma';

/** A Prisma interactive transaction, as the stock moves run in one. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface LockedStock {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/** Locks the stock rows of these SKUs in the one fixed order (SKU, location), so concurrent moves queue instead of deadlocking. */
export async function lockStock(tx: Tx, skus: string[]): Promise<LockedStock[]> {
  return tx.$queryRaw<LockedStock[]>`
    SELECT sku, location_id, on_hand, reserved FROM stock_levels
    WHERE sku = ANY(${[...new Set(skus)].sort()}) ORDER BY sku, location_id FOR UPDATE`;
}

/** A stock move the stock cannot cover (a class: database errors quote source lines, so their text may contain anything). */
export class StockMoveRefused extends Error {
  override readonly name = 'StockMoveRefused';
}

/** An adjustment's identity on its ledger row (src/api/inventory/adjustmentIdentity.ts). */
export interface LedgerIdentity {
  adjustmentId?: string;
  idempotencyScope?: string;
  idempotencyKey?: string;
  requestHash?: string;
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
  identity: LedgerIdentity = {},
) {
  const changed = await tx.$executeRaw`
    UPDATE stock_levels SET on_hand = on_hand + ${onHandDelta}, reserved = reserved + ${reservedDelta}, updated_at = now()
    WHERE sku = ${sku} AND location_id = ${locationId}
      AND on_hand + ${onHandDelta} >= reserved + ${reservedDelta}
      AND reserved + ${reservedDelta} >= 0 AND on_hand + ${onHandDelta} >= 0`;
  if (changed !== 1) throw new StockMoveRefused(`stock move refused for ${sku} at ${locationId}: would oversell or go negative`);
  return tx.stockLedgerEntry.create({ data: { sku, locationId, onHandDelta, reservedDelta, reason, orderId, note, ...identity } });
}
