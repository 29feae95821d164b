import type { Db } from '../db/prisma';
import { applyOrderChanges, type OrderChanges } from './orderStore';
import { followupWork, type StockEvents } from './backorderQueue';
import { releaseCancelledUnits } from './partialRelease';
import type { StockRelease } from '../domain/partialCancel';
import { backorderPolicyOf, type BackorderPolicy, type Reservation } from '../domain/reservationPlan';
import { claimsAhead, reserveForOrder, unitsStillNeeded } from './reserveForOrder';
import { reserveInOneCall } from './reserveInOneCall';
import { moveStock } from './stockLedger';
import { followUp, recordFollowup, type Followup } from './stockFollowups';

export { BACKORDER_POLICIES, type BackorderPolicy } from '../domain/reservationPlan';
export type ReserveResult = Reservation & { backorderPolicy: BackorderPolicy };

/**
 * Stock moves. Each locks the stock rows it reads (in a fixed order, so concurrent orders queue
 * instead of deadlocking): the check and the move can never be split by another order, and the
 * CHECK constraints are the last line of defence. A reservation takes its locks inside one
 * database call (src/activities/reserveInOneCall.ts), the others inside one transaction.
 */
export function createInventoryActivities(db: Db, events: StockEvents) {
  return {
    /**
     * Reserves the whole order, or (policy reserve_available) what there is of it, or nothing.
     * Orders ahead in the backorder queue keep their claim on the stock. `hubPolicy` applies when
     * the channel has no policy of its own.
     */
    async reserveStock(orderId: string, hubPolicy: BackorderPolicy = 'backorder', preferredLocationId?: string, changes?: OrderChanges): Promise<ReserveResult> {
      const result = (await reserveInOneCall(db, orderId, hubPolicy, preferredLocationId)) ?? (await reserveUnderLocks(db, orderId, hubPolicy, preferredLocationId));
      // The held-back read-model writes follow in their own transaction, so the stock locks never
      // wait for them. Both sides are idempotent: a retry after a failure here takes nothing twice.
      if (changes) await db.$transaction((tx) => applyOrderChanges(tx, orderId, changes));
      if (result.allocations?.length) await events.changed([...new Set(result.allocations.map((a) => a.sku))]);
      return result;
    },

    /**
     * Puts the order in the queue for its SKUs, claiming the units it still needs. It keeps its
     * place on repeats; a higher priority score is served before an older, lower one.
     */
    async registerBackorder(orderId: string, workflowId: string, shortfall: unknown, options: { partial?: boolean; priorityScore?: number } = {}): Promise<void> {
      const demand = Object.fromEntries(await unitsStillNeeded(db, orderId));
      await db.backorder.upsert({
        where: { orderId },
        create: {
          orderId,
          workflowId,
          skus: Object.keys(demand),
          demand,
          shortfall: shortfall as object,
          state: 'waiting',
          partial: options.partial ?? false,
          priorityScore: options.priorityScore ?? 0,
        },
        update: {},
      });
    },

    async closeBackorder(orderId: string, state: 'reserved' | 'cancelled'): Promise<void> {
      await db.backorder.updateMany({ where: { orderId, state: { not: state } }, data: { state, resolvedAt: new Date() } });
    },

    /** The freed units go to waiting orders through the follow-up outbox: a failure there never undoes or repeats the release. */
    async releaseStock(orderId: string, note: string): Promise<void> {
      const { followup } = await settleReservations(db, orderId, undefined, 'released', note);
      if (followup) await followUp(db, followupWork(db, events), followup);
    },

    /** A partial cancel: exactly these units, at these locations (src/activities/partialRelease.ts). */
    async releaseOrderUnits(orderId: string, requestId: string, releases: StockRelease[]): Promise<void> {
      await releaseCancelledUnits(db, events, orderId, requestId, releases);
    },

    /**
     * The parcel left: the units leave on-hand and reserved together (available is unchanged).
     * `changes`: the read-model writes that go with it (the parcel's row, the shipped status).
     */
    async commitShipmentStock(orderId: string, locationId: string, changes?: OrderChanges): Promise<void> {
      await settleReservations(db, orderId, locationId, 'committed', 'shipped', changes);
    },
  };
}

/** The locking path, for a plan the stock kept outrunning: the order's stock rows stay locked from the read to the commit. */
async function reserveUnderLocks(db: Db, orderId: string, hubPolicy: BackorderPolicy, preferredLocationId?: string): Promise<ReserveResult> {
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { channel: true } });
    const backorderPolicy = backorderPolicyOf(order.channel.backorderPolicy, hubPolicy);
    const plan = await reserveForOrder(tx, orderId, await claimsAhead(tx, orderId), backorderPolicy === 'reserve_available', preferredLocationId);
    return { ...plan, backorderPolicy };
  });
}

/** Returns the SKUs whose stock changed and, for a release, the follow-up it owes. */
async function settleReservations(
  db: Db,
  orderId: string,
  locationId: string | undefined,
  to: 'released' | 'committed',
  note: string,
  changes?: OrderChanges,
): Promise<{ skus: string[]; followup?: Followup }> {
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
    await applyOrderChanges(tx, orderId, changes);
    const skus = [...new Set(held.map((r) => r.sku))];
    return { skus, followup: to === 'released' && skus.length > 0 ? await recordFollowup(tx, skus, true) : undefined };
  });
}
