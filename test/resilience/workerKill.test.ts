import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import type { RunningSimulators } from '../../src/simulators';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { killProcess, startApiWithoutWorker, startWorkerProcess } from '../support/workerProcess';

// The worker runs as its own process here, so it can really be killed with SIGKILL.
const taskQueue = `kill-${randomUUID()}`;
let db: Db;
let sim: RunningSimulators;
let api: Awaited<ReturnType<typeof startApiWithoutWorker>>['api'];
let worker: ChildProcess | undefined;

const startWorker = () => startWorkerProcess(taskQueue, sim.url);
const kill = killProcess;

let hub: Awaited<ReturnType<typeof startApiWithoutWorker>>;

beforeAll(async () => {
  hub = await startApiWithoutWorker(taskQueue, 400);
  ({ db, sim, api } = hub);
}, 60_000);

afterAll(async () => {
  await killProcess(worker, 'SIGTERM');
  await hub?.stop();
});

test('a worker killed twice mid-flight: every order completes, with no external effect done twice', async () => {
  const sku = await createSku(db, { 'WH-EAST': 100, 'WH-WEST': 100 });
  worker = startWorker();
  const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 1 + (i % 3) }))));
  expect(responses.map((r) => r.status)).toEqual(Array(30).fill(202));
  const orderIds = responses.map((r) => r.body.orderId as string);

  for (const pause of [1500, 2500]) {
    await new Promise((r) => setTimeout(r, pause));
    await kill(worker, 'SIGKILL');
    worker = startWorker();
  }

  await eventually(async () => expect(await db.order.count({ where: { id: { in: orderIds }, status: 'delivered' } })).toBe(30), 150_000, 1000);

  // Every effect at every partner happened once per key, and the hub never invented a second key.
  for (const orderId of orderIds) {
    const effects = sim.state.journal.list({ orderId }).filter((c) => c.status < 300 && !c.duplicate);
    const byOperation = new Map<string, Set<string>>();
    for (const c of effects) {
      const keys = byOperation.get(c.operation) ?? new Set<string>();
      expect(keys.has(c.idempotencyKey!)).toBe(false);
      keys.add(c.idempotencyKey!);
      byOperation.set(c.operation, keys);
    }
    for (const op of ['createSalesOrder', 'recordOrder', 'createShipment', 'createInvoice', 'createFulfillment']) {
      expect({ orderId, op, count: byOperation.get(op)?.size ?? 0 }).toEqual({ orderId, op, count: 1 });
    }
  }
  const stock = await db.stockLevel.findMany({ where: { sku } });
  expect(stock.reduce((n, s) => n + s.reserved, 0)).toBe(0);
  const shipped = responses.reduce((n, _r, i) => n + 1 + (i % 3), 0);
  expect(stock.reduce((n, s) => n + s.onHand, 0)).toBe(200 - shipped);
}, 200_000);
