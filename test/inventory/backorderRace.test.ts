import { createInventoryActivities } from '../../src/activities/inventory';
import { createOrderStoreActivities, orderLineId } from '../../src/activities/orderStore';
import { createInventoryService } from '../../src/api/inventory/service';
import { createDb, type Db } from '../../src/db/prisma';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { createSku } from '../support/fixtures';
import { requireEnv } from '../support/testHub';

// A receipt serving the backorder queue and a waiting order's own re-check, interleaved for real
// on PostgreSQL: whatever the order, no line may ever hold more than it ordered.
let db: Db;
beforeAll(() => {
  // More connections than concurrent operations below: a transaction waiting for a pool slot gives up after 2 s on a busy machine.
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 24);
});
afterAll(() => db?.$disconnect());

const noEvents = { reserved: async () => undefined, changed: async () => undefined };

/** Units each order line holds or has shipped, next to what it ordered. */
async function lineHoldings(orderIds: string[]) {
  const lines = await db.orderLine.findMany({ where: { orderId: { in: orderIds } }, include: { reservations: true } });
  return lines.map((l) => ({ line: l.id, ordered: l.quantity, holds: l.reservations.filter((r) => r.state !== 'released').reduce((n, r) => n + r.quantity, 0) }));
}

test('receipts and re-checks of waiting orders run concurrently, 8 rounds: no line ever over-reserved, stock and ledger agree', async () => {
  const store = createOrderStoreActivities(db);
  const inventory = createInventoryActivities(db, noEvents);
  const adjustments = createInventoryService(db, noEvents);
  const overReserved: unknown[] = [];

  for (let round = 0; round < 8; round++) {
    const sku = await createSku(db, { 'WH-EAST': 0, 'WH-WEST': 0 });
    const orders: { id: string; policy: 'backorder' | 'reserve_available' }[] = [];
    for (let i = 0; i < 6; i++) {
      const input = sampleOrderInput(sku, { quantity: 2 + (i % 3) });
      await store.recordOrder(input, orderTotalsOf(input));
      const policy = i % 2 === 0 ? 'backorder' : 'reserve_available';
      const first = await inventory.reserveStock(input.orderId, policy);
      expect(first.ok).toBe(false);
      await inventory.registerBackorder(input.orderId, `wf-${input.orderId}`, first.ok ? [] : first.shortfall, { partial: policy === 'reserve_available' });
      orders.push({ id: input.orderId, policy });
    }
    // Enough stock arrives for everyone (6 orders want 18 units; 4 receipts bring 24), while every
    // order re-checks twice, all at once (16 transactions).
    await Promise.all([
      ...[0, 1, 2, 3].map((i) => adjustments.adjust({ sku, locationId: i % 2 ? 'WH-WEST' : 'WH-EAST', delta: 6, reason: 'receipt' })),
      ...orders.flatMap((o) => [0, 1].map(() => inventory.reserveStock(o.id, o.policy))),
    ]);

    overReserved.push(...(await lineHoldings(orders.map((o) => o.id))).filter((l) => l.holds > l.ordered).map((l) => ({ round, ...l })));
    const levels = await db.stockLevel.findMany({ where: { sku } });
    const held = await db.reservation.groupBy({ by: ['locationId'], where: { sku, state: 'held' }, _sum: { quantity: true } });
    const ledger = await db.stockLedgerEntry.groupBy({ by: ['locationId'], where: { sku }, _sum: { onHandDelta: true, reservedDelta: true } });
    for (const level of levels) {
      expect(held.find((h) => h.locationId === level.locationId)?._sum.quantity ?? 0).toBe(level.reserved);
      const sums = ledger.find((l) => l.locationId === level.locationId)?._sum;
      expect({ onHand: sums?.onHandDelta, reserved: sums?.reservedDelta }).toEqual({ onHand: level.onHand, reserved: level.reserved });
    }
  }
  expect(overReserved).toEqual([]);
});

test('the database itself refuses a reservation beyond what the line ordered', async () => {
  const store = createOrderStoreActivities(db);
  const sku = await createSku(db, { 'WH-EAST': 10, 'WH-WEST': 10 });
  const input = sampleOrderInput(sku, { quantity: 3 });
  await store.recordOrder(input, orderTotalsOf(input));
  const line = orderLineId(input.orderId, 1);
  await db.reservation.create({ data: { orderId: input.orderId, orderLineId: line, sku, locationId: 'WH-EAST', quantity: 2, state: 'held' } });
  await expect(db.reservation.create({ data: { orderId: input.orderId, orderLineId: line, sku, locationId: 'WH-WEST', quantity: 2, state: 'held' } })).rejects.toThrow(
    /order_line_within_quantity|check constraint/i,
  );
  const east = await db.reservation.findFirstOrThrow({ where: { orderLineId: line, locationId: 'WH-EAST' } });
  await expect(db.reservation.update({ where: { id: east.id }, data: { quantity: 4 } })).rejects.toThrow(/order_line_within_quantity|check constraint/i);
  // A released reservation no longer counts, and shipping (committed) still does.
  await db.reservation.update({ where: { id: east.id }, data: { state: 'released' } });
  await db.reservation.create({ data: { orderId: input.orderId, orderLineId: line, sku, locationId: 'WH-WEST', quantity: 3, state: 'committed' } });
  await expect(db.reservation.update({ where: { id: east.id }, data: { state: 'held' } })).rejects.toThrow(/order_line_within_quantity|check constraint/i);
  expect((await db.orderLine.findUniqueOrThrow({ where: { id: line } })).quantity).toBe(3);
});
