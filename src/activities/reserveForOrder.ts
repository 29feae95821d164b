import { planAllocation, planAvailable, type PlannedAllocation } from '../domain/allocation';
import { demandBySku } from '../domain/order';
import { bufferedUnits, DEFAULT_BUFFER, sourcingLocations } from '../domain/sellable';
import { orderLineId } from './orderStore';
import { lockStock, moveStock, type Tx } from './stockLedger';
import type { Db } from '../db/prisma';

type Shortfall = { sku: string; requested: number; available: number }[];
/** `allocations` on a shortfall: what the order holds already (reserve_available only). */
export type Reservation = { ok: true; allocations: PlannedAllocation[] } | { ok: false; shortfall: Shortfall; allocations?: PlannedAllocation[] };

/** Units of each SKU that orders ahead in the queue (higher priority, then older) still need. */
export async function claimsAhead(tx: Tx, orderId: string): Promise<Map<string, number>> {
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

/**
 * Plans and takes the stock the order still needs, in the caller's transaction: all of it, or
 * with `partial` whatever there is. Repeats take nothing twice. Allocations are all the order holds.
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
export async function unitsStillNeeded(db: Db | Tx, orderId: string): Promise<Map<string, number>> {
  const [lines, held] = await Promise.all([
    db.orderLine.findMany({ where: { orderId, requiresShipping: true } }),
    db.reservation.findMany({ where: { orderId, state: { not: 'released' } } }),
  ]);
  const need = demandBySku(lines);
  for (const r of held) need.set(r.sku, (need.get(r.sku) ?? 0) - r.quantity);
  return new Map([...need].filter(([, qty]) => qty > 0));
}
