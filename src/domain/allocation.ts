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

export type AllocationPlan =
  | { ok: true; allocations: PlannedAllocation[] }
  | { ok: false; shortfall: { sku: string; requested: number; available: number }[] };

/**
 * Plans which location ships what. Prefers one location that can ship the whole order (fewest
 * parcels); ties go to location priority, then to a location in the destination country. Otherwise
 * it splits, taking each SKU from the preferred locations first. Demand is summed per SKU, so two
 * lines of one SKU can never pass a check that their sum fails.
 */
export function planAllocation(
  lines: readonly DemandLine[],
  stock: readonly StockAtLocation[],
  locations: readonly LocationInfo[],
  destinationCountry: string,
): AllocationPlan {
  const demand = demandBySku(lines);
  const available = new Map<string, number>();
  for (const row of stock) available.set(key(row.sku, row.locationId), Math.max(0, row.available));

  const shortfall = [...demand].flatMap(([sku, requested]) => {
    const total = locations.reduce((sum, loc) => sum + (available.get(key(sku, loc.id)) ?? 0), 0);
    return total < requested ? [{ sku, requested, available: total }] : [];
  });
  if (shortfall.length > 0) return { ok: false, shortfall };

  const ranked = [...locations].sort(
    (a, b) =>
      a.priority - b.priority ||
      Number(b.country === destinationCountry) - Number(a.country === destinationCountry) ||
      a.id.localeCompare(b.id),
  );
  const single = ranked.find((loc) => [...demand].every(([sku, qty]) => (available.get(key(sku, loc.id)) ?? 0) >= qty));
  if (single) {
    return { ok: true, allocations: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: single.id, quantity: l.quantity })) };
  }

  // Split: rank locations by how much of the order they can cover, so parcels stay few.
  const coverage = (loc: LocationInfo) =>
    [...demand].reduce((sum, [sku, qty]) => sum + Math.min(qty, available.get(key(sku, loc.id)) ?? 0), 0);
  const splitOrder = [...ranked].sort((a, b) => coverage(b) - coverage(a));
  const remaining = new Map(available);
  const allocations: PlannedAllocation[] = [];
  for (const line of lines) {
    let need = line.quantity;
    for (const loc of splitOrder) {
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

function key(sku: string, locationId: string): string {
  return `${sku}\u0000${locationId}`;
}
