import { createInventoryActivities } from '../../src/activities/inventory';
import { createOrderStoreActivities } from '../../src/activities/orderStore';
import { applyInOneCall, planFromSnapshot, type OneCallAnswer } from '../../src/activities/reserveInOneCall';
import { createInventoryService } from '../../src/api/inventory/service';
import { createDb, type Db } from '../../src/db/prisma';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { createSku } from '../support/fixtures';
import { requireEnv } from '../support/testHub';

// The one-call reservation (reserve_order, migration 20261203000200) interleaved for real on
// PostgreSQL: plans made from one snapshot, applied while another call holds the locks.
let db: Db;
beforeAll(() => {
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 10);
});
afterAll(() => db?.$disconnect());

const noEvents = { reserved: async () => undefined, changed: async () => undefined };

async function newOrder(sku: string, quantity = 1): Promise<string> {
  const input = sampleOrderInput(sku, { quantity });
  await createOrderStoreActivities(db).recordOrder(input, orderTotalsOf(input));
  return input.orderId;
}

async function planned(orderId: string) {
  const p = await planFromSnapshot(db, orderId, 'backorder');
  if (!('plan' in p)) throw new Error(`expected a plan to take stock for ${orderId}`);
  return p.plan;
}

/** Stock, held reservations and ledger of the SKU agree, and nothing is oversold. */
async function expectBalanced(sku: string) {
  const levels = await db.stockLevel.findMany({ where: { sku } });
  const held = await db.reservation.groupBy({ by: ['locationId'], where: { sku, state: 'held' }, _sum: { quantity: true } });
  const ledger = await db.stockLedgerEntry.groupBy({ by: ['locationId'], where: { sku }, _sum: { onHandDelta: true, reservedDelta: true } });
  for (const level of levels) {
    expect(level.reserved).toBeLessThanOrEqual(level.onHand);
    expect(held.find((h) => h.locationId === level.locationId)?._sum.quantity ?? 0).toBe(level.reserved);
    const sums = ledger.find((l) => l.locationId === level.locationId)?._sum;
    expect({ onHand: sums?.onHandDelta, reserved: sums?.reservedDelta }).toEqual({ onHand: level.onHand, reserved: level.reserved });
  }
  return levels;
}

test('two orders planned for the last unit: the first call takes it while the second waits on its locks, then the second replans and is short', async () => {
  const sku = await createSku(db, { 'WH-EAST': 1 });
  const [a, b] = [await newOrder(sku), await newOrder(sku)];
  // Both plans come from the same state: one unit free at WH-EAST.
  const [planA, planB] = [await planned(a), await planned(b)];
  expect(planA.takes).toEqual([expect.objectContaining({ sku, locationId: 'WH-EAST', quantity: 1 })]);
  expect(planB.takes).toEqual([expect.objectContaining({ sku, locationId: 'WH-EAST', quantity: 1 })]);

  let second: Promise<OneCallAnswer> | undefined;
  await db.$transaction(
    async (tx) => {
      expect(await applyInOneCall(tx, a, planA)).toEqual({ allocations: [{ lineNo: 1, sku, locationId: 'WH-EAST', quantity: 1 }] });
      // B's call runs on another connection and must wait for A's locks until A commits.
      const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      second = applyInOneCall(db, b, planB);
      for (;;) {
        const [{ waiting }] = await db.$queryRaw<{ waiting: number }[]>`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
        if (waiting > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  expect(await second).toEqual({ replan: 'stock' });
  expect(await db.reservation.count({ where: { orderId: b } })).toBe(0);

  // B's own reservation then plans again from what is left: nothing, so it waits for stock.
  const inventory = createInventoryActivities(db, noEvents);
  expect(await inventory.reserveStock(b)).toEqual({ ok: false, shortfall: [{ sku, requested: 1, available: 0 }], backorderPolicy: 'backorder' });
  const [east] = await expectBalanced(sku);
  expect(east).toMatchObject({ onHand: 1, reserved: 1 });
});

test('a plan made before the order got its stock elsewhere takes nothing twice', async () => {
  const sku = await createSku(db, { 'WH-EAST': 5 });
  const order = await newOrder(sku, 2);
  const stale = await planned(order);
  const inventory = createInventoryActivities(db, noEvents);
  expect(await inventory.reserveStock(order)).toMatchObject({ ok: true, allocations: [{ sku, locationId: 'WH-EAST', quantity: 2 }] });
  expect(await applyInOneCall(db, order, stale)).toEqual({ replan: 'held' });
  // A repeat of the whole reservation also takes nothing more.
  expect(await inventory.reserveStock(order)).toMatchObject({ ok: true, allocations: [{ sku, locationId: 'WH-EAST', quantity: 2 }] });
  const [east] = await expectBalanced(sku);
  expect(east).toMatchObject({ onHand: 5, reserved: 2 });
});

test('stock gone at another usable location breaks the claim of an order ahead: the call replans instead of taking the claimed units', async () => {
  const sku = await createSku(db, { 'WH-EAST': 2, 'WH-WEST': 2 });
  const inventory = createInventoryActivities(db, noEvents);
  // An order ahead waits for 2 units of this SKU.
  const ahead = await newOrder(sku, 2);
  await inventory.registerBackorder(ahead, `wf-${ahead}`, []);
  try {
    const order = await newOrder(sku, 2);
    // 4 free, 2 claimed: 2 for this order, and the plan needs 4 free at usable locations when applied.
    const plan = await planned(order);
    expect(plan.floors).toEqual({ [sku]: 4 });
    await createInventoryService(db, noEvents).adjust({ sku, locationId: plan.takes[0].locationId === 'WH-EAST' ? 'WH-WEST' : 'WH-EAST', delta: -1, reason: 'correction' });
    // The row it takes from still has its 2 units; taking them would leave 1 for the order that claims 2.
    expect(await applyInOneCall(db, order, plan)).toEqual({ replan: 'stock' });
    expect(await inventory.reserveStock(order)).toEqual({ ok: false, shortfall: [{ sku, requested: 2, available: 1 }], backorderPolicy: 'backorder' });
    const levels = await expectBalanced(sku);
    expect(levels.reduce((n, l) => n + l.reserved, 0)).toBe(0);
  } finally {
    await inventory.closeBackorder(ahead, 'cancelled');
  }
});

test('100 reservations at once for a SKU with 10 units in two warehouses: exactly 10 reserved, 90 short, nothing oversold', async () => {
  const sku = await createSku(db, { 'WH-EAST': 6, 'WH-WEST': 4 });
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) ids.push(await newOrder(sku));
  const inventory = createInventoryActivities(db, noEvents);
  const results = await Promise.all(ids.map((id) => inventory.reserveStock(id)));
  expect(results.filter((r) => r.ok)).toHaveLength(10);
  expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.shortfall[0].available === 0)).toBe(true);
  const levels = await expectBalanced(sku);
  expect(levels.map((l) => [l.locationId, l.reserved]).sort()).toEqual([
    ['WH-EAST', 6],
    ['WH-WEST', 4],
  ]);
});
