import type { Db } from '../db/prisma';
import { planAllocation, planAvailable, type PlannedAllocation } from '../domain/allocation';
import { demandBySku } from '../domain/order';
import { bufferedUnits, DEFAULT_BUFFER, sourcingLocations } from '../domain/sellable';
import { applyOrderChanges, orderLineId, type OrderChanges } from './orderStore';
import { followUp, recordFollowup, type Followup, type FollowupWork } from './stockFollowups';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface LockedStock {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/** Waiting orders served per receipt or release, so one call's work stays bounded. */
const BACKORDERS_PER_WAKE = 200;

export const BACKORDER_POLICIES = ['backorder', 'reserve_available', 'cancel'] as const;
/** backorder: wait for the whole order; reserve_available: hold what there is and wait for the rest. */
export type BackorderPolicy = (typeof BACKORDER_POLICIES)[number];
type Shortfall = { sku: string; requested: number; available: number }[];
/** `allocations` on a shortfall: what the order holds already (reserve_available only). */
type Reservation = { ok: true; allocations: PlannedAllocation[] } | { ok: false; shortfall: Shortfall; allocations?: PlannedAllocation[] };
export type ReserveResult = Reservation & { backorderPolicy: BackorderPolicy };

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
 * Stock moves. Each runs in one transaction that locks the stock rows it reads (in a fixed order,
 * so concurrent orders queue instead of deadlocking): the check and the reservation can never be
 * split by another order, and the CHECK constraints are the last line of defence.
 */
export function createInventoryActivities(db: Db, events: StockEvents) {
  return {
    /**
     * Reserves the whole order, or (policy reserve_available) what there is of it, or nothing.
     * Orders ahead in the backorder queue keep their claim on the stock. `hubPolicy` applies when
     * the channel has no policy of its own.
     */
    async reserveStock(orderId: string, hubPolicy: BackorderPolicy = 'backorder', preferredLocationId?: string, changes?: OrderChanges): Promise<ReserveResult> {
      return db
        .$transaction(async (tx) => {
          const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { channel: true } });
          const backorderPolicy = (order.channel.backorderPolicy as BackorderPolicy | null) ?? hubPolicy;
          const plan = await reserveForOrder(tx, orderId, await claimsAhead(tx, orderId), backorderPolicy === 'reserve_available', preferredLocationId);
          // After the stock rows: every transaction takes stock locks before the order's row.
          await applyOrderChanges(tx, orderId, changes);
          return { ...plan, backorderPolicy } as ReserveResult;
        })
        .then(async (result) => {
          if (result.allocations?.length) await events.changed([...new Set(result.allocations.map((a) => a.sku))]);
          return result;
        });
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

    /**
     * The parcel left: the units leave on-hand and reserved together (available is unchanged).
     * `changes`: the read-model writes that go with it (the parcel's row, the shipped status).
     */
    async commitShipmentStock(orderId: string, locationId: string, changes?: OrderChanges): Promise<void> {
      await settleReservations(db, orderId, locationId, 'committed', 'shipped', changes);
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
    const waiting = await tx.$queryRaw<{ order_id: string; workflow_id: string; skus: string[]; partial: boolean }[]>`
      SELECT order_id, workflow_id, skus, partial FROM backorders
      WHERE state = 'waiting' AND skus && ${skus}::text[]
      ORDER BY priority_score DESC, created_at, order_id LIMIT ${BACKORDERS_PER_WAKE} FOR UPDATE`;
    if (waiting.length === 0) return none;
    // Every SKU of every order it may serve, locked at once in the one fixed order: reserveForOrder
    // locks all of an order's SKUs, and taking one more later could deadlock with a re-check.
    const lines = await tx.orderLine.findMany({ where: { orderId: { in: waiting.map((w) => w.order_id) } }, select: { sku: true } });
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

/** Units of each SKU that orders ahead in the queue (higher priority, then older) still need. */
async function claimsAhead(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ demand: Record<string, number> }[]>`
    WITH me AS (SELECT priority_score, created_at FROM backorders WHERE order_id = ${orderId})
    SELECT b.demand FROM backorders b
    WHERE b.state = 'waiting' AND b.order_id <> ${orderId}
      AND (NOT EXISTS (SELECT 1 FROM me)
        OR b.priority_score > (SELECT priority_score FROM me)
        OR (b.priority_score = (SELECT priority_score FROM me) AND b.created_at < (SELECT created_at FROM me)))`;
  const claimed = new Map<string, number>();
  for (const { demand } of rows) for (const [sku, qty] of Object.entries(demand)) claimed.set(sku, (claimed.get(sku) ?? 0) + qty);
  return claimed;
}

async function lockStock(tx: Tx, skus: string[]): Promise<LockedStock[]> {
  return tx.$queryRaw<LockedStock[]>`
    SELECT sku, location_id, on_hand, reserved FROM stock_levels
    WHERE sku = ANY(${[...new Set(skus)].sort()}) ORDER BY sku, location_id FOR UPDATE`;
}

/**
 * Plans and takes the stock the order still needs, in the caller's transaction: all of it, or
 * with `partial` whatever there is. Repeats take nothing twice. Allocations are all the order holds.
 */
async function reserveForOrder(tx: Tx, orderId: string, claimed: Map<string, number>, partial = false, preferredLocationId?: string): Promise<Reservation> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { lineNo: 'asc' } }, channel: { include: { buffer: true } } } });
  // What the order holds is read under the locks of all its SKUs: a receipt serving the queue
  // changes it only under the same locks, so a re-check waiting on them never reserves twice.
  const stock = await lockStock(
    tx,
    order.lines.map((l) => l.sku),
  );
  const held = await heldAllocations(tx, orderId);
  const missing = order.lines.flatMap((l) => {
    const quantity = l.quantity - held.filter((h) => h.lineNo === l.lineNo).reduce((sum, h) => sum + h.quantity, 0);
    return quantity > 0 ? [{ lineNo: l.lineNo, sku: l.sku, quantity }] : [];
  });
  if (missing.length === 0) return { ok: true, allocations: held };
  // Only the locations the channel sells from, and for a pickup only its store (read from the
  // order, so the queue and the hourly re-check obey it too). A rule's preferred location ranks
  // before every other; it still ships only what it holds.
  const buffer = order.channel.buffer ?? DEFAULT_BUFFER;
  const pickupAt = order.fulfillmentMode === 'pickup' ? order.pickupLocationId : undefined;
  const locations = sourcingLocations(await tx.location.findMany(), buffer, pickupAt).map((l) => (l.id === preferredLocationId ? { ...l, priority: Number.MIN_SAFE_INTEGER } : l));
  const usable = new Set(locations.map((l) => l.id));
  const address = order.shippingAddress as { country?: string; region?: string };
  const destination = { country: address.country ?? '', region: address.region };
  // Claims of orders ahead come off the SKU's total, charged first to the locations this order
  // could use: it may come out short, but never takes a unit an order ahead waits for.
  const remainingClaim = new Map(claimed);
  const available = [...stock]
    .sort((a, b) => Number(usable.has(b.location_id)) - Number(usable.has(a.location_id)))
    .map((s) => {
      const free = s.on_hand - s.reserved;
      const claim = Math.min(free, remainingClaim.get(s.sku) ?? 0);
      remainingClaim.set(s.sku, (remainingClaim.get(s.sku) ?? 0) - claim);
      return { sku: s.sku, locationId: s.location_id, available: free - claim };
    });
  // The channel buffer caps what one order may take, as it caps what the channel lists.
  const caps = new Map<string, number>();
  for (const a of available) if (usable.has(a.locationId)) caps.set(a.sku, (caps.get(a.sku) ?? 0) + Math.max(0, a.available));
  for (const [sku, free] of caps) caps.set(sku, bufferedUnits(free, buffer));
  const whole = planAllocation(missing, available, locations, destination, caps);
  if (!whole.ok && !partial) return held.length > 0 ? { ...whole, allocations: held } : whole;
  const plan = whole.ok ? { allocations: whole.allocations, shortfall: [] } : planAvailable(missing, available, locations, destination, caps);
  for (const a of plan.allocations) {
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
  const allocations = await heldAllocations(tx, orderId);
  return plan.shortfall.length === 0 ? { ok: true, allocations } : { ok: false, shortfall: plan.shortfall, allocations };
}

async function heldAllocations(tx: Tx, orderId: string): Promise<PlannedAllocation[]> {
  const rows = await tx.reservation.findMany({ where: { orderId, state: { not: 'released' } }, include: { orderLine: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({ lineNo: r.orderLine.lineNo, sku: r.sku, locationId: r.locationId, quantity: r.quantity }));
}

/** Units per SKU the order needs beyond what it holds (or has shipped). */
async function unitsStillNeeded(db: Db | Tx, orderId: string): Promise<Map<string, number>> {
  const [lines, held] = await Promise.all([db.orderLine.findMany({ where: { orderId } }), db.reservation.findMany({ where: { orderId, state: { not: 'released' } } })]);
  const need = demandBySku(lines);
  for (const r of held) need.set(r.sku, (need.get(r.sku) ?? 0) - r.quantity);
  return new Map([...need].filter(([, qty]) => qty > 0));
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
