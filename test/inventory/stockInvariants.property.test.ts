import fc from 'fast-check';
import { createInventoryActivities } from '../../src/activities/inventory';
import { createOrderStoreActivities } from '../../src/activities/orderStore';
import { createInventoryService } from '../../src/api/inventory/service';
import { createDb, type Db } from '../../src/db/prisma';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { createSku } from '../support/fixtures';
import { requireEnv } from '../support/testHub';
import { STACK_ENV } from '../../src/infra/ephemeralStack';

// Random concurrent reserve / release / commit / adjust against the real database: the stock
// invariants and the ledger must hold whatever the interleaving.
let db: Db;
beforeAll(() => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 20);
});
afterAll(() => db?.$disconnect());

const noEvents = { reserved: async () => undefined, changed: async () => undefined };

type Op =
  { kind: 'order'; quantity: number } | { kind: 'adjust'; location: 'WH-EAST' | 'WH-WEST'; delta: number } | { kind: 'release'; pick: number } | { kind: 'ship'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), quantity: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('adjust' as const),
    location: fc.constantFrom('WH-EAST' as const, 'WH-WEST' as const),
    delta: fc.integer({ min: -4, max: 6 }).filter((d) => d !== 0),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ship' as const), pick: fc.nat() }),
);

test('stock never oversells or goes negative, and the ledger sums to the stock levels', async () => {
  const store = createOrderStoreActivities(db);
  const inventory = createInventoryActivities(db, noEvents);
  const adjustments = createInventoryService(db, noEvents);

  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (batches) => {
      const sku = await createSku(db, { 'WH-EAST': 3, 'WH-WEST': 2 });
      const reserved: string[] = [];
      for (const batch of batches) {
        // Each batch runs concurrently; batches run one after another.
        await Promise.all(
          batch.map(async (op) => {
            if (op.kind === 'order') {
              const input = sampleOrderInput(sku, { quantity: op.quantity });
              await store.recordOrder(input, orderTotalsOf(input));
              const plan = await inventory.reserveStock(input.orderId);
              if (plan.ok) reserved.push(input.orderId);
            } else if (op.kind === 'adjust') {
              await adjustments.adjust({ sku, locationId: op.location, delta: op.delta, reason: 'correction' }).catch((err) => {
                if (err.status !== 409) throw err; // refusing to go below reserved is the point
              });
            } else if (reserved.length > 0) {
              const orderId = reserved[op.pick % reserved.length];
              if (op.kind === 'release') await inventory.releaseStock(orderId, 'property test');
              else for (const loc of ['WH-EAST', 'WH-WEST']) await inventory.commitShipmentStock(orderId, loc);
            }
          }),
        );
      }

      const levels = await db.stockLevel.findMany({ where: { sku } });
      const ledger = await db.stockLedgerEntry.groupBy({ by: ['locationId'], where: { sku }, _sum: { onHandDelta: true, reservedDelta: true } });
      const held = await db.reservation.groupBy({ by: ['locationId'], where: { sku, state: 'held' }, _sum: { quantity: true } });
      for (const level of levels) {
        expect(level.onHand).toBeGreaterThanOrEqual(0);
        expect(level.reserved).toBeGreaterThanOrEqual(0);
        expect(level.reserved).toBeLessThanOrEqual(level.onHand);
        const sums = ledger.find((l) => l.locationId === level.locationId)?._sum;
        expect({ onHand: sums?.onHandDelta ?? 0, reserved: sums?.reservedDelta ?? 0 }).toEqual({ onHand: level.onHand, reserved: level.reserved });
        expect(held.find((h) => h.locationId === level.locationId)?._sum.quantity ?? 0).toBe(level.reserved);
      }
    }),
    { numRuns: 25 },
  );
});
