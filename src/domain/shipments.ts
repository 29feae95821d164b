import type { AllocationLine, ShipmentState } from './order';
import { shipmentId } from './ids';

/** One parcel per shipping location, carrying that location's part of the order. */
export function planShipments(orderId: string, allocations: readonly AllocationLine[]): ShipmentState[] {
  const byLocation = new Map<string, Map<string, number>>();
  for (const a of allocations) {
    const items = byLocation.get(a.locationId) ?? new Map<string, number>();
    items.set(a.sku, (items.get(a.sku) ?? 0) + a.quantity);
    byLocation.set(a.locationId, items);
  }
  return [...byLocation.keys()].sort().map((locationId) => ({
    shipmentId: shipmentId(orderId, locationId),
    locationId,
    items: [...byLocation.get(locationId)!].map(([sku, quantity]) => ({ sku, quantity })),
    status: 'pending' as const,
  }));
}

const LEFT_WAREHOUSE: ReadonlySet<ShipmentState['status']> = new Set(['dispatched', 'in_transit', 'delivered']);

export function hasLeftWarehouse(shipment: ShipmentState): boolean {
  return LEFT_WAREHOUSE.has(shipment.status);
}

/** Header status implied by the parcels: shipped once all have left, delivered once all arrived. */
export function statusFromShipments(all: readonly ShipmentState[]): 'fulfilling' | 'partially_shipped' | 'shipped' | 'delivered' {
  // A parcel voided by a partial cancel (no units left in it) never travels.
  const shipments = all.filter((s) => s.status !== 'voided');
  const left = shipments.filter(hasLeftWarehouse).length;
  if (shipments.length > 0 && shipments.every((s) => s.status === 'delivered')) return 'delivered';
  if (left === 0) return 'fulfilling';
  return left === shipments.length ? 'shipped' : 'partially_shipped';
}
