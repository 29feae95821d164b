import { planAllocation, planAvailable, type DemandLine, type Destination, type LocationInfo, type PlannedAllocation } from './allocation';
import { bufferedUnits, freeUnitsFor, sourcingLocations, type ChannelBuffer } from './sellable';

export const BACKORDER_POLICIES = ['backorder', 'reserve_available', 'cancel'] as const;
/** backorder: wait for the whole order; reserve_available: hold what there is and wait for the rest. */
export type BackorderPolicy = (typeof BACKORDER_POLICIES)[number];

/** The channel's own policy, else the hub's. */
export function backorderPolicyOf(channelPolicy: string | null, hubPolicy: BackorderPolicy): BackorderPolicy {
  return (channelPolicy as BackorderPolicy | null) ?? hubPolicy;
}

export type Shortfall = { sku: string; requested: number; available: number }[];
/** `allocations` on a shortfall: what the order holds already (reserve_available only). */
export type Reservation = { ok: true; allocations: PlannedAllocation[] } | { ok: false; shortfall: Shortfall; allocations?: PlannedAllocation[] };

/** One stock row as read: available is `on_hand - reserved`. */
export interface StockSeen {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/** Everything a reservation is planned from, read under locks (the locking path) or in one snapshot (the one-call path). */
export interface ReservationInputs {
  /** The order's lines that ship, by line number. */
  lines: DemandLine[];
  /** What the order holds or has shipped already. */
  held: PlannedAllocation[];
  stock: StockSeen[];
  locations: LocationInfo[];
  buffer: ChannelBuffer;
  /** A pickup takes its goods at this store only. */
  pickupAt?: string | null;
  preferredLocationId?: string;
  destination: Destination;
  /** Units per SKU that orders ahead in the backorder queue still need. */
  claimed: ReadonlyMap<string, number>;
  /** reserve_available: take what there is. */
  partial: boolean;
}

/**
 * What to do: nothing more (`done`: the answer as it stands), or take `allocations`. With a plan
 * to take, `usable` and `floors` say what the plan relied on, for the one-call path to check under
 * the locks: the free units per SKU over the usable locations must still be at least the floor.
 */
export type ReservationStep =
  { kind: 'done'; result: Reservation } | { kind: 'take'; allocations: PlannedAllocation[]; shortfall: Shortfall; usable: string[]; floors: Record<string, number> };

/** The order's plan: what it still needs, where to take it, never a unit that an order ahead in the queue waits for. */
export function planReservation(inputs: ReservationInputs): ReservationStep {
  const { held, buffer, preferredLocationId, claimed } = inputs;
  const missing = inputs.lines.flatMap((l) => {
    const quantity = l.quantity - held.filter((h) => h.lineNo === l.lineNo).reduce((sum, h) => sum + h.quantity, 0);
    return quantity > 0 ? [{ lineNo: l.lineNo, sku: l.sku, quantity }] : [];
  });
  if (missing.length === 0) return { kind: 'done', result: { ok: true, allocations: held } };
  // Only the locations the channel sells from, and for a pickup only its store (read from the
  // order, so the queue and the hourly re-check obey it too). A rule's preferred location ranks
  // before every other; it still ships only what it holds.
  const locations = sourcingLocations(inputs.locations, buffer, inputs.pickupAt).map((l) => (l.id === preferredLocationId ? { ...l, priority: Number.MIN_SAFE_INTEGER } : l));
  const usable = new Set(locations.map((l) => l.id));
  // Claims of orders ahead come off the SKU's total, charged first to the locations this order
  // could use: it may come out short, but never takes a unit an order ahead waits for.
  const remainingClaim = new Map(claimed);
  const available = [...inputs.stock]
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
  const whole = planAllocation(missing, available, locations, inputs.destination, caps);
  if (!whole.ok && !inputs.partial) return { kind: 'done', result: held.length > 0 ? { ...whole, allocations: held } : whole };
  const plan = whole.ok ? { allocations: whole.allocations, shortfall: [] } : planAvailable(missing, available, locations, inputs.destination, caps);
  if (plan.allocations.length === 0) return { kind: 'done', result: { ok: false, shortfall: plan.shortfall, allocations: held } };
  // The cap was met with the claims charged to usable locations first, so it still holds while
  // the usable free units cover the claims plus what the buffer needs to allow this take.
  const taken = new Map<string, number>();
  for (const a of plan.allocations) taken.set(a.sku, (taken.get(a.sku) ?? 0) + a.quantity);
  const floors = Object.fromEntries([...taken].map(([sku, units]) => [sku, (claimed.get(sku) ?? 0) + freeUnitsFor(units, buffer)]));
  return { kind: 'take', allocations: plan.allocations, shortfall: plan.shortfall, usable: [...usable], floors };
}

/** The answer once `step`'s allocations are taken and the order holds `allocations`. */
export function reservationAfter(step: Extract<ReservationStep, { kind: 'take' }>, allocations: PlannedAllocation[]): Reservation {
  return step.shortfall.length === 0 ? { ok: true, allocations } : { ok: false, shortfall: step.shortfall, allocations };
}
