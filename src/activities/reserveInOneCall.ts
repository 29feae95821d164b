import type { Db } from '../db/prisma';
import { directSql } from '../db/directSql';
import { channelBufferJson } from '../db/channelBufferSql';
import { Prisma } from '../generated/prisma/client';
import type { DemandLine, LocationInfo, PlannedAllocation } from '../domain/allocation';
import { backorderPolicyOf, planReservation, reservationAfter, type BackorderPolicy, type Reservation, type ReservationStep, type StockSeen } from '../domain/reservationPlan';
import { DEFAULT_BUFFER, type ChannelBuffer } from '../domain/sellable';
import { orderLineId } from './orderStore';
import { claimsAheadQuery, sumClaims } from './reserveForOrder';

/** Plans the stock outran before the call could apply them, tried again this many times before the locking path. */
export const MAX_REPLANS = 3;

/** The order, its lines, what it holds, its SKUs' stock, the locations and the queue's claims, as one query answers them. */
interface Snapshot {
  backorderPolicy: string | null;
  fulfillmentMode: string;
  pickupLocationId: string | null;
  shippingAddress: { country?: string; region?: string };
  buffer: ChannelBuffer | null;
  lines: DemandLine[];
  held: PlannedAllocation[];
  stock: StockSeen[];
  locations: LocationInfo[];
  claims: Record<string, number>[];
}

/** What `reserve_order` is given: the plan's takes and what it relied on (see the migration). */
export interface OneCallPlan {
  held: Record<string, number>;
  usable: string[];
  floors: Record<string, number>;
  takes: { lineId: string; sku: string; locationId: string; quantity: number }[];
}

/** `replan`: the stock or what the order holds moved since the snapshot, and nothing was taken. */
export type OneCallAnswer = { replan: 'held' | 'stock' } | { allocations: PlannedAllocation[] };

/**
 * Reserves the order's stock with one read and one call to `reserve_order` (migration
 * 20261203000200_reserve_order): planned here without locks, applied and checked there under the
 * locks of the order's SKUs, which are then held for that call only. Undefined when the stock
 * kept moving under the plan: the caller then takes the locking path.
 */
export async function reserveInOneCall(
  db: Db,
  orderId: string,
  hubPolicy: BackorderPolicy,
  preferredLocationId?: string,
): Promise<(Reservation & { backorderPolicy: BackorderPolicy }) | undefined> {
  for (let attempt = 0; attempt <= MAX_REPLANS; attempt++) {
    const planned = await planFromSnapshot(db, orderId, hubPolicy, preferredLocationId);
    // Nothing to take (all held, or short under backorder): the snapshot's answer is the answer.
    if ('done' in planned) return { ...planned.done, backorderPolicy: planned.backorderPolicy };
    const answer = await applyInOneCall(db, orderId, planned.plan);
    if ('allocations' in answer) return { ...reservationAfter(planned.take, answer.allocations), backorderPolicy: planned.backorderPolicy };
  }
  return undefined;
}

type Planned = { backorderPolicy: BackorderPolicy } & ({ done: Reservation } | { take: Extract<ReservationStep, { kind: 'take' }>; plan: OneCallPlan });

/** One read, then the plan: the answer as it stands, or what to take and what to hand `reserve_order` for it. */
export async function planFromSnapshot(db: Db, orderId: string, hubPolicy: BackorderPolicy, preferredLocationId?: string): Promise<Planned> {
  const seen = await snapshot(db, orderId);
  const backorderPolicy = backorderPolicyOf(seen.backorderPolicy, hubPolicy);
  const step = planReservation({
    lines: seen.lines,
    held: seen.held,
    stock: seen.stock,
    locations: seen.locations,
    buffer: seen.buffer ?? DEFAULT_BUFFER,
    pickupAt: seen.fulfillmentMode === 'pickup' ? seen.pickupLocationId : undefined,
    preferredLocationId,
    destination: { country: seen.shippingAddress.country ?? '', region: seen.shippingAddress.region },
    claimed: sumClaims(seen.claims),
    partial: backorderPolicy === 'reserve_available',
  });
  if (step.kind === 'done') return { backorderPolicy, done: step.result };
  const takes = step.allocations.map((a) => ({ lineId: orderLineId(orderId, a.lineNo), sku: a.sku, locationId: a.locationId, quantity: a.quantity }));
  return { backorderPolicy, take: step, plan: { held: heldPerLine(orderId, seen.held), usable: step.usable, floors: step.floors, takes } };
}

/** The one call: checks the plan under the order's stock locks and takes it, or answers `replan` having changed nothing. */
export async function applyInOneCall(db: Pick<Db, '$queryRaw'>, orderId: string, plan: OneCallPlan): Promise<OneCallAnswer> {
  const [{ answer }] = await directSql<{ answer: OneCallAnswer }>(db, Prisma.sql`SELECT reserve_order(${orderId}, ${JSON.stringify(plan)}::jsonb) AS answer`);
  return answer;
}

/** Units per order line, as the function sums them from the reservations that are not released. */
function heldPerLine(orderId: string, held: PlannedAllocation[]): Record<string, number> {
  const units: Record<string, number> = {};
  for (const h of held) units[orderLineId(orderId, h.lineNo)] = (units[orderLineId(orderId, h.lineNo)] ?? 0) + h.quantity;
  return units;
}

async function snapshot(db: Db, orderId: string): Promise<Snapshot> {
  const [row] = await directSql<Snapshot>(
    db,
    Prisma.sql`
    SELECT c.backorder_policy AS "backorderPolicy", o.fulfillment_mode AS "fulfillmentMode", o.pickup_location_id AS "pickupLocationId",
      o.shipping_address AS "shippingAddress",
      ${channelBufferJson('o.channel_id')} AS buffer,
      (SELECT COALESCE(json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'quantity', l.quantity) ORDER BY l.line_no), '[]')
        FROM order_lines l WHERE l.order_id = o.id AND l.requires_shipping) AS lines,
      (SELECT COALESCE(json_agg(json_build_object('lineNo', l.line_no, 'sku', r.sku, 'locationId', r.location_id, 'quantity', r.quantity) ORDER BY r.created_at, r.id), '[]')
        FROM reservations r JOIN order_lines l ON l.id = r.order_line_id WHERE r.order_id = o.id AND r.state <> 'released') AS held,
      (SELECT COALESCE(json_agg(json_build_object('sku', s.sku, 'location_id', s.location_id, 'on_hand', s.on_hand, 'reserved', s.reserved) ORDER BY s.sku, s.location_id), '[]')
        FROM stock_levels s WHERE s.sku IN (SELECT l.sku FROM order_lines l WHERE l.order_id = o.id AND l.requires_shipping)) AS stock,
      (SELECT COALESCE(json_agg(json_build_object('id', x.id, 'priority', x.priority, 'country', x.country, 'region', x.region)), '[]') FROM locations x) AS locations,
      (SELECT COALESCE(json_agg(q.demand), '[]') FROM (${claimsAheadQuery(orderId)}) q) AS claims
    FROM orders o JOIN channels c ON c.id = o.channel_id WHERE o.id = ${orderId}`,
  );
  if (!row) throw new Error(`order ${orderId} is not recorded`);
  return row;
}
