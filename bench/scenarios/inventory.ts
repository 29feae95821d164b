import { simulatorPartnerUrls } from '../../src/config';
import { randomUUID } from 'node:crypto';
import { createInventoryActivities } from '../../src/activities/inventory';
import { createOrderStoreActivities } from '../../src/activities/orderStore';
import { createDb, type Db } from '../../src/db/prisma';
import { orderTotalsOf } from '../../src/domain/orderMoney';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { startHub } from '../../src/hub';
import { freePort } from '../../src/infra/freePort';
import { startSimulators } from '../../src/simulators';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { percentile, pool, type Report } from '../report';
import { benchAuth } from '../support/benchHub';

const noEvents = { reserved: async () => undefined, changed: async () => undefined };

/** Reservation throughput on one contended SKU and on many SKUs, and stock-change-to-channel latency. */
// BENCH_INVENTORY_ONLY=reservations: the two reservation figures alone (no hub started);
// BENCH_RESERVATION_CONCURRENCY (20): reservations in flight, and as many pool connections.
export async function inventoryScenario(report: Report): Promise<void> {
  const concurrency = Number(process.env.BENCH_RESERVATION_CONCURRENCY ?? 20);
  const db = createDb(process.env[STACK_ENV.databaseUrl]!, concurrency);
  try {
    await reservations(report, db, 'contended', 500, 1, concurrency);
    await reservations(report, db, 'spread', 1000, 1000, concurrency);
    if (process.env.BENCH_INVENTORY_ONLY !== 'reservations') await pushLatency(report, db);
  } finally {
    await db.$disconnect();
  }
}

async function reservations(report: Report, db: Db, shape: string, orders: number, skuCount: number, concurrency: number) {
  const run = randomUUID().slice(0, 8).toUpperCase();
  const skus = Array.from({ length: skuCount }, (_, i) => `BENCH-${run}-${i}`);
  const unitsPerSku = Math.ceil(orders / skuCount) * 2;
  await db.product.createMany({ data: skus.map((sku) => ({ sku, name: sku })) });
  await db.stockLevel.createMany({ data: skus.flatMap((sku) => ['WH-EAST', 'WH-WEST'].map((locationId) => ({ sku, locationId, onHand: unitsPerSku }))) });

  const inventory = createInventoryActivities(db, noEvents);
  const ids = await recordOrders(db, skus, orders);

  const started = process.hrtime.bigint();
  await pool(ids, concurrency, async (id) => {
    const plan = await inventory.reserveStock(id);
    if (!plan.ok) throw new Error(`bench order ${id} could not reserve`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.emit({
    scenario: 'inventory',
    metric: `reservations_per_second_${shape}`,
    value: orders / seconds,
    unit: 'reservations/s',
    params: { orders, skus: skuCount, concurrency },
  });
}

/**
 * One order recorded as the hub records it, and the rest cloned from it in two statements, one
 * SKU each in turn. Set-up, not measured: one interactive transaction per order ran past Prisma's
 * 5 s limit on a loaded machine and failed the run before it measured anything.
 */
async function recordOrders(db: Db, skus: string[], orders: number): Promise<string[]> {
  const template = sampleOrderInput(skus[0]);
  await createOrderStoreActivities(db).recordOrder(template, orderTotalsOf(template));
  const ids = Array.from({ length: orders - 1 }, () => randomUUID());
  const lineSkus = ids.map((_, i) => skus[(i + 1) % skus.length]);
  await db.$executeRaw`
    INSERT INTO orders SELECT (jsonb_populate_record(o, jsonb_build_object('id', n.id, 'workflow_id', 'bench-' || n.id, 'external_id', 'BENCH-' || n.id))).*
    FROM orders o, unnest(${ids}::text[]) AS n(id) WHERE o.id = ${template.orderId}`;
  await db.$executeRaw`
    INSERT INTO order_lines SELECT (jsonb_populate_record(l, jsonb_build_object('id', n.id || ':1', 'order_id', n.id, 'sku', n.sku))).*
    FROM order_lines l, unnest(${ids}::text[], ${lineSkus}::text[]) AS n(id, sku) WHERE l.order_id = ${template.orderId}`;
  return [template.orderId, ...ids];
}

async function pushLatency(report: Report, db: Db) {
  const debounceMs = 2000;
  const changes = 20;
  const apiPort = await freePort();
  const { auth, adminKey, carrierKey } = benchAuth();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` };
  const sim = await startSimulators({ port: 0, hubUrl: `http://127.0.0.1:${apiPort}`, hubApiKey: carrierKey });
  const hub = await startHub({
    auth,
    databaseUrl: process.env[STACK_ENV.databaseUrl]!,
    temporalAddress: process.env[STACK_ENV.temporalAddress]!,
    namespace: 'default',
    taskQueue: `bench-${randomUUID()}`,
    orderOptions: { paymentTimeoutMs: 3_600_000 },
    inventorySync: { debounceMs },
    partners: {
      timeoutMs: 5000,
      ...simulatorPartnerUrls(sim.url),
    },
    apiPort,
    workflowBundlePath: process.env[STACK_ENV.workflowBundle],
  });
  try {
    const run = randomUUID().slice(0, 8).toUpperCase();
    const skus = Array.from({ length: changes }, (_, i) => `PUSH-${run}-${i}`);
    await db.product.createMany({ data: skus.map((sku) => ({ sku, name: sku })) });
    await db.stockLevel.createMany({ data: skus.map((sku) => ({ sku, locationId: 'WH-EAST', onHand: 10 })) });
    const latencies: number[] = [];
    await pool(skus, changes, async (sku) => {
      const sent = Date.now();
      const res = await fetch(`${hub.apiUrl}/api/v1/inventory/adjustments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ sku, locationId: 'WH-EAST', delta: 5, reason: 'receipt' }),
      });
      if (res.status !== 201) throw new Error(`adjustment answered ${res.status}`);
      for (;;) {
        const push = sim.state.journal
          .list({ operation: 'setInventory' })
          .find((c) => c.path === `/channels/webstore/inventory/${sku}` && (c.body as { quantity: number }).quantity === 15);
        if (push) {
          latencies.push(Date.parse(push.at) - sent);
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const params = { changes, debounceMs, channels: 4 };
    report.emit({ scenario: 'inventory', metric: 'stock_change_to_channel_push_p50', value: percentile(latencies, 50), unit: 'ms', params });
    report.emit({ scenario: 'inventory', metric: 'stock_change_to_channel_push_p95', value: percentile(latencies, 95), unit: 'ms', params });
    await contention(report, db, hub.apiUrl, headers);
  } finally {
    await sim.stop();
    await hub.stop();
  }
}

/** 100 orders at once through the API for a SKU with 10 units in two warehouses. */
async function contention(report: Report, db: Db, apiUrl: string, headers: Record<string, string>) {
  const orders = 100;
  const sku = `CONTEND-${randomUUID().slice(0, 8).toUpperCase()}`;
  await db.product.create({ data: { sku, name: sku } });
  await db.stockLevel.createMany({
    data: [
      { sku, locationId: 'WH-EAST', onHand: 6 },
      { sku, locationId: 'WH-WEST', onHand: 4 },
    ],
  });
  const started = Date.now();
  const ids = await Promise.all(
    Array.from({ length: orders }, async () => {
      const body = { ...sampleOrderInput(sku), orderId: undefined, lines: [{ sku, quantity: 1, unitPrice: '10.00' }], payment: { status: 'pending' } };
      const res = await fetch(`${apiUrl}/api/v1/orders`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 202) throw new Error(`order answered ${res.status}`);
      return ((await res.json()) as { orderId: string }).orderId;
    }),
  );
  for (;;) {
    const settled = await db.order.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true });
    const count = (s: string) => settled.find((g) => g.status === s)?._count ?? 0;
    if (count('awaiting_payment') + count('backordered') === orders) {
      const reserved = (await db.stockLevel.findMany({ where: { sku } })).reduce((n, l) => n + l.reserved, 0);
      if (reserved !== 10 || count('awaiting_payment') !== 10) throw new Error(`contention broke: ${reserved} reserved`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  report.emit({
    scenario: 'inventory',
    metric: 'contended_orders_settled_per_second',
    value: orders / seconds,
    unit: 'orders/s',
    params: { orders, units: 10, reserved: 10, backordered: 90 },
  });
}
