// The console scenario's data: orders from bench/support/seedOrders.ts (issue 17's bulk seeder:
// history over 90 days with holds, cancellations and shipments), plus what the inventory page
// reads and that seeder leaves out: waiting backorders and a SKU with a long ledger.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import { seedOrders } from './seedOrders';

export interface ConsoleSeed {
  orders: number;
  seedSeconds: number;
  /** One of the seeded orders (the order page's call). */
  orderId: string;
  sku: string;
  channels: string[];
}

const BACKORDERS = 2000;
const LEDGER_ENTRIES = 20_000;

export async function seedConsole(db: Db, orders: number): Promise<ConsoleSeed> {
  const started = Date.now();
  // A seed of its own per run: seedOrders refuses to write the same seed twice.
  const seeded = await seedOrders(db, { orders, seed: Date.now() % 1_000_000 });
  const run = randomUUID().slice(0, 8);
  const sku = `CB-${run}`.toUpperCase();
  await db.product.create({ data: { sku, name: `Console bench ${sku}` } });
  await db.stockLevel.create({ data: { sku, locationId: 'WH-EAST', onHand: LEDGER_ENTRIES } });
  await db.$executeRaw`
    INSERT INTO stock_ledger (sku, location_id, on_hand_delta, reserved_delta, reason, created_at)
    SELECT ${sku}::text, 'WH-EAST', 1, 0, 'receipt', (now() AT TIME ZONE 'UTC') - g * interval '1 minute' FROM generate_series(1, ${LEDGER_ENTRIES}::int) g`;
  await db.$executeRaw`
    INSERT INTO backorders (order_id, workflow_id, skus, demand, shortfall, priority_score, state, created_at)
    SELECT 'cb-' || ${run}::text || '-' || g, 'order:webstore:CB-' || ${run}::text || '-' || g, ARRAY[${sku}::text], '{}'::jsonb,
           jsonb_build_array(jsonb_build_object('sku', ${sku}::text, 'requested', 2, 'available', 1)), g % 100, 'waiting',
           (now() AT TIME ZONE 'UTC') - g * interval '1 minute'
    FROM generate_series(1, ${BACKORDERS}::int) g`;
  await db.$executeRaw`ANALYZE backorders`;
  await db.$executeRaw`ANALYZE stock_ledger`;
  const { id: orderId } = await db.order.findFirstOrThrow({ where: { externalId: { startsWith: `${seeded.prefix}-` } }, select: { id: true } });
  const channels = (await db.channel.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
  return { orders: seeded.orders, seedSeconds: (Date.now() - started) / 1000, orderId, sku, channels };
}
