import fc from 'fast-check';
import type { AllocationLine, ShipmentState } from '../../src/domain/order';
import { hasLeftWarehouse, planShipments, statusFromShipments } from '../../src/domain/shipments';

type Status = ShipmentState['status'];
const STATUSES: Status[] = ['pending', 'label_created', 'dispatched', 'in_transit', 'delivered', 'exception', 'voided'];
const LEFT: Status[] = ['dispatched', 'in_transit', 'delivered'];
const shipment = (status: Status, locationId = 'x'): ShipmentState => ({ shipmentId: `o-${locationId}`, locationId, items: [], status });
const alloc = (lineNo: number, sku: string, locationId: string, quantity: number): AllocationLine => ({ lineNo, sku, locationId, quantity });

describe('planShipments', () => {
  it('makes one pending parcel per location, sorted by location, summing a SKU across lines', () => {
    const plan = planShipments('ord1', [alloc(1, 'A', 'west', 2), alloc(2, 'B', 'east', 1), alloc(3, 'A', 'west', 3), alloc(1, 'A', 'east', 4)]);
    expect(plan).toEqual([
      {
        shipmentId: 'ord1-east',
        locationId: 'east',
        items: [
          { sku: 'B', quantity: 1 },
          { sku: 'A', quantity: 4 },
        ],
        status: 'pending',
      },
      { shipmentId: 'ord1-west', locationId: 'west', items: [{ sku: 'A', quantity: 5 }], status: 'pending' },
    ]);
  });

  it('no allocations, no parcels', () => {
    expect(planShipments('ord1', [])).toEqual([]);
  });

  it('property: parcels conserve every (sku, location) quantity and have unique ids', () => {
    const allocArb = fc.array(
      fc.record({
        lineNo: fc.integer({ min: 1, max: 5 }),
        sku: fc.constantFrom('A', 'B', 'C'),
        locationId: fc.constantFrom('l1', 'l2', 'l3', 'l10'),
        quantity: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 15 },
    );
    fc.assert(
      fc.property(allocArb, (allocations) => {
        const plan = planShipments('o', allocations);
        const locations = [...new Set(allocations.map((a) => a.locationId))].sort();
        expect(plan.map((s) => s.locationId)).toEqual(locations);
        expect(new Set(plan.map((s) => s.shipmentId)).size).toBe(plan.length);
        for (const s of plan) {
          expect(s.status).toBe('pending');
          expect(s.shipmentId).toBe(`o-${s.locationId}`);
          expect(new Set(s.items.map((i) => i.sku)).size).toBe(s.items.length);
          for (const item of s.items) {
            const expected = allocations.filter((a) => a.locationId === s.locationId && a.sku === item.sku).reduce((sum, a) => sum + a.quantity, 0);
            expect(item.quantity).toBe(expected);
          }
        }
        const total = (n: number, x: { quantity: number }) => n + x.quantity;
        expect(plan.flatMap((s) => s.items).reduce(total, 0)).toBe(allocations.reduce(total, 0));
      }),
    );
  });
});

describe('hasLeftWarehouse', () => {
  it.each(STATUSES.map((s) => [s, LEFT.includes(s)]))('%s -> %p', (status, left) => {
    expect(hasLeftWarehouse(shipment(status))).toBe(left);
  });
});

describe('statusFromShipments', () => {
  it.each([
    [[], 'fulfilling'],
    [['pending'], 'fulfilling'],
    [['label_created', 'pending'], 'fulfilling'],
    [['dispatched'], 'shipped'],
    [['in_transit'], 'shipped'],
    [['dispatched', 'pending'], 'partially_shipped'],
    [['delivered', 'label_created'], 'partially_shipped'],
    [['dispatched', 'in_transit', 'delivered'], 'shipped'],
    [['delivered'], 'delivered'],
    [['delivered', 'delivered'], 'delivered'],
    [['exception'], 'fulfilling'],
  ] as [Status[], string][])('%j -> %s', (statuses, expected) => {
    expect(statusFromShipments(statuses.map((s, i) => shipment(s, `l${i}`)))).toBe(expected);
  });

  it('property: matches the counting rule and does not depend on parcel order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 6 }), (statuses) => {
        const parcels = statuses.map((s, i) => shipment(s, `l${i}`));
        // A voided parcel (emptied by a partial cancel) never travels: it does not count.
        const live = statuses.filter((s) => s !== 'voided');
        const left = live.filter((s) => LEFT.includes(s)).length;
        const expected = live.length > 0 && live.every((s) => s === 'delivered') ? 'delivered' : left === 0 ? 'fulfilling' : left === live.length ? 'shipped' : 'partially_shipped';
        expect(statusFromShipments(parcels)).toBe(expected);
        expect(statusFromShipments([...parcels].reverse())).toBe(expected);
      }),
    );
  });

  it('property: moving one parcel forward never moves the header status backward', () => {
    const rank = { fulfilling: 0, partially_shipped: 1, shipped: 2, delivered: 3 } as const;
    const forward: Status[] = ['pending', 'label_created', 'dispatched', 'in_transit', 'delivered'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: forward.length - 1 }), { minLength: 1, maxLength: 5 }), fc.nat(), fc.integer({ min: 1, max: 4 }), (steps, which, by) => {
        const i = which % steps.length;
        const before = steps.map((n, k) => shipment(forward[n], `l${k}`));
        const after = steps.map((n, k) => shipment(forward[Math.min(forward.length - 1, k === i ? n + by : n)], `l${k}`));
        expect(rank[statusFromShipments(after)]).toBeGreaterThanOrEqual(rank[statusFromShipments(before)]);
      }),
    );
  });
});
