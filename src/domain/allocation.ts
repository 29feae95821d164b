import { demandBySku } from './order';

export interface StockAtLocation {
  sku: string;
  locationId: string;
  available: number;
}

export interface LocationInfo {
  id: string;
  priority: number; // lower is preferred
  country: string;
  region?: string | null;
}

export interface Destination {
  country: string;
  region?: string;
}

export interface DemandLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

export interface PlannedAllocation {
  lineNo: number;
  sku: string;
  locationId: string;
  quantity: number;
}

export type AllocationPlan = { ok: true; allocations: PlannedAllocation[] } | { ok: false; shortfall: { sku: string; requested: number; available: number }[] };

/**
 * Plans which location ships what, in as few parcels as possible: one location that can ship the
 * whole order if there is one, else the smallest set of locations that can. Among equals, location
 * priority wins, then the location closest to the destination (same region, then same country). Demand is summed per SKU, so two
 * lines of one SKU can never pass a check that their sum fails.
 */
export function planAllocation(
  lines: readonly DemandLine[],
  stock: readonly StockAtLocation[],
  locations: readonly LocationInfo[],
  destinationOrCountry: Destination | string,
  caps?: ReadonlyMap<string, number>,
): AllocationPlan {
  const destination = typeof destinationOrCountry === 'string' ? { country: destinationOrCountry } : destinationOrCountry;
  const demand = demandBySku(lines);
  const available = new Map<string, number>();
  for (const row of stock) available.set(key(row.sku, row.locationId), Math.max(0, row.available));

  // A cap (the channel buffer's share) only lowers what counts as available: a plan never takes
  // more than the demand, so a demand within the cap is planned exactly as without one.
  const shortfall = [...demand].flatMap(([sku, requested]) => {
    const total = withinCap(
      sku,
      locations.reduce((sum, loc) => sum + (available.get(key(sku, loc.id)) ?? 0), 0),
      caps,
    );
    return total < requested ? [{ sku, requested, available: total }] : [];
  });
  if (shortfall.length > 0) return { ok: false, shortfall };

  // Closeness without a map: same region beats same country beats abroad.
  const closeness = (loc: LocationInfo) =>
    (loc.country === destination.country ? 1 : 0) + (loc.country === destination.country && !!loc.region && loc.region === destination.region ? 1 : 0);
  const ranked = [...locations].sort((a, b) => a.priority - b.priority || closeness(b) - closeness(a) || a.id.localeCompare(b.id));
  const parcels = fewestLocations(ranked, demand, available);
  const remaining = new Map(available);
  const allocations: PlannedAllocation[] = [];
  for (const line of lines) {
    // A location that holds the whole line ships it in one piece; otherwise take in rank order.
    const whole = parcels.find((loc) => (remaining.get(key(line.sku, loc.id)) ?? 0) >= line.quantity);
    let need = line.quantity;
    for (const loc of whole ? [whole] : parcels) {
      if (need === 0) break;
      const k = key(line.sku, loc.id);
      const take = Math.min(need, remaining.get(k) ?? 0);
      if (take === 0) continue;
      allocations.push({ lineNo: line.lineNo, sku: line.sku, locationId: loc.id, quantity: take });
      remaining.set(k, (remaining.get(k) ?? 0) - take);
      need -= take;
    }
  }
  return { ok: true, allocations };
}

/**
 * What can be taken now when the order cannot be covered whole (policy reserve_available): each
 * SKU's demand is cut to the units there are, in line order, and planned like a whole order.
 * `shortfall` lists what is still missing.
 */
export function planAvailable(
  lines: readonly DemandLine[],
  stock: readonly StockAtLocation[],
  locations: readonly LocationInfo[],
  destination: Destination | string,
  caps?: ReadonlyMap<string, number>,
): { allocations: PlannedAllocation[]; shortfall: { sku: string; requested: number; available: number }[] } {
  const known = new Set(locations.map((l) => l.id));
  const left = new Map<string, number>();
  for (const row of stock) if (known.has(row.locationId)) left.set(row.sku, (left.get(row.sku) ?? 0) + Math.max(0, row.available));
  for (const [sku, units] of left) left.set(sku, withinCap(sku, units, caps));
  const capped: DemandLine[] = [];
  for (const line of lines) {
    const take = Math.min(line.quantity, left.get(line.sku) ?? 0);
    left.set(line.sku, (left.get(line.sku) ?? 0) - take);
    if (take > 0) capped.push({ ...line, quantity: take });
  }
  const plan = capped.length > 0 ? planAllocation(capped, stock, locations, destination) : { ok: true as const, allocations: [] };
  if (!plan.ok) throw new Error('planAvailable: a plan cut to the available stock must always succeed');
  const demand = demandBySku(lines);
  const taken = demandBySku(plan.allocations);
  const shortfall = [...demand].flatMap(([sku, requested]) => ((taken.get(sku) ?? 0) < requested ? [{ sku, requested, available: taken.get(sku) ?? 0 }] : []));
  return { allocations: plan.allocations, shortfall };
}

/** Sellers run a handful of locations; beyond this many, subsets get too many to try. */
const EXACT_SEARCH_MAX_LOCATIONS = 12;

/**
 * The smallest set of locations that together hold the whole order (first in rank order among
 * equals). With many locations it falls back to taking the best-covering ones greedily.
 */
function fewestLocations(ranked: LocationInfo[], demand: Map<string, number>, available: Map<string, number>): LocationInfo[] {
  const covers = (set: LocationInfo[]) => [...demand].every(([sku, qty]) => set.reduce((sum, loc) => sum + (available.get(key(sku, loc.id)) ?? 0), 0) >= qty);
  if (ranked.length <= EXACT_SEARCH_MAX_LOCATIONS) {
    for (let size = 1; size <= ranked.length; size++) {
      const found = firstSubset(ranked, size, covers);
      if (found) return found;
    }
  }
  const coverage = (loc: LocationInfo) => [...demand].reduce((sum, [sku, qty]) => sum + Math.min(qty, available.get(key(sku, loc.id)) ?? 0), 0);
  return [...ranked].sort((a, b) => coverage(b) - coverage(a));
}

function firstSubset<T>(items: T[], size: number, accept: (subset: T[]) => boolean, start = 0, chosen: T[] = []): T[] | undefined {
  if (chosen.length === size) return accept(chosen) ? [...chosen] : undefined;
  for (let i = start; i <= items.length - (size - chosen.length); i++) {
    chosen.push(items[i]);
    const found = firstSubset(items, size, accept, i + 1, chosen);
    chosen.pop();
    if (found) return found;
  }
  return undefined;
}

function withinCap(sku: string, units: number, caps?: ReadonlyMap<string, number>): number {
  const cap = caps?.get(sku);
  return cap === undefined ? units : Math.max(0, Math.min(units, cap));
}

function key(sku: string, locationId: string): string {
  return `${sku}\u0000${locationId}`;
}
