// Issue 18 acceptance: "An exchange ships its replacement exactly once, even with the worker killed
// in between." The worker is its own process (SIGKILL for real); the API and the simulators run
// here. A delivered order is exchanged (the replacement reserved at the request), the parcel is
// received, and the worker is killed at once and again while the return settles and the replacement
// starts. Exactly one replacement order, one parcel for it, its stock taken once, no refund.
// (The interleaving inside startReplacementOrder itself, order recorded but workflow not yet started,
// is pinned down step by step in test/returns/exchange.test.ts.)
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import type { RunningSimulators } from '../../src/simulators';
import { createSku, eventually, orderPayload, stockAt } from '../support/fixtures';
import { killProcess, startApiWithoutWorker, startWorkerProcess } from '../support/workerProcess';

const taskQueue = `exchange-kill-${randomUUID()}`;
let db: Db;
let sim: RunningSimulators;
let api: Awaited<ReturnType<typeof startApiWithoutWorker>>['api'];
let worker: ChildProcess | undefined;

let hub: Awaited<ReturnType<typeof startApiWithoutWorker>>;

beforeAll(async () => {
  hub = await startApiWithoutWorker(taskQueue, 300);
  ({ db, sim, api } = hub);
  worker = startWorkerProcess(taskQueue, sim.url);
}, 60_000);

afterAll(async () => {
  await killProcess(worker, 'SIGTERM');
  await hub?.stop();
});

const returnOf = async (returnId: string) => (await api.get(`/api/v1/returns/${returnId}`)).body;

test('an exchange ships its replacement exactly once, even with the worker killed in between', async () => {
  const sold = await createSku(db, { 'WH-EAST': 1 });
  const replacement = await createSku(db, { 'WH-EAST': 2 });
  const placed = await api.post('/api/v1/orders').send(orderPayload({ sku: sold, quantity: 1 }));
  expect(placed.status).toBe(202);
  const orderId = placed.body.orderId as string;
  await eventually(async () => expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe('delivered'), 90_000, 300);

  const opened = await api
    .post(`/api/v1/orders/${orderId}/returns`)
    .send({ lines: [{ lineId: 1, quantity: 1, reason: 'wrong size' }], replacements: [{ sku: replacement, quantity: 1 }] });
  expect(opened.status).toBe(201);
  const returnId = opened.body.returnId as string;
  expect(await stockAt(db, replacement, 'WH-EAST')).toEqual({ onHand: 2, reserved: 1 });
  // Labelled (the simulated carrier may have scanned the parcel already: in_transit).
  await eventually(async () => expect(['label_issued', 'in_transit']).toContain((await returnOf(returnId)).status), 60_000, 300);

  const received = await api.post(`/api/v1/returns/${returnId}/receipt`).send({ lines: [{ lineId: 1, quantity: 1, condition: 'resellable' }], locationId: 'WH-EAST' });
  expect(received.status).toBe(200);
  // Killed as the return settles (restock, the replacement's start, the money step), then again while it recovers.
  await killProcess(worker, 'SIGKILL');
  worker = startWorkerProcess(taskQueue, sim.url);
  await new Promise((r) => setTimeout(r, 1500));
  await killProcess(worker, 'SIGKILL');
  worker = startWorkerProcess(taskQueue, sim.url);

  const closed = await eventually(
    async () => {
      const r = await returnOf(returnId);
      expect(r).toMatchObject({ status: 'closed', refund: '0.00', exchangeOrderId: expect.any(String) });
      return r;
    },
    120_000,
    500,
  );
  const replacementId = closed.exchangeOrderId as string;
  await eventually(async () => expect((await db.order.findUniqueOrThrow({ where: { id: replacementId } })).status).toBe('delivered'), 120_000, 500);

  expect(await db.order.count({ where: { channelId: 'exchange', externalId: `exchange-${returnId}` } })).toBe(1);
  const parcels = sim.state.journal.list({ orderId: replacementId }).filter((c) => c.operation === 'createShipment' && c.status < 300 && !c.duplicate);
  expect(parcels).toHaveLength(1);
  // The held unit is the one that shipped; the returned unit is back on the shelf; nobody was refunded.
  expect(await stockAt(db, replacement, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect(await stockAt(db, sold, 'WH-EAST')).toEqual({ onHand: 1, reserved: 0 });
  expect(await db.paymentTransaction.count({ where: { orderId, kind: 'refund' } })).toBe(0);
  expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe('returned');
  // One ERP credit note for the return, booking the unit back and crediting no money: the seller kept it.
  await eventually(async () => {
    const notes = sim.state.journal.list({ orderId }).filter((c) => c.operation === 'createCreditNote' && c.status < 300 && !c.duplicate);
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toMatchObject({ amount: '0.00', total: '0.00', lines: [expect.objectContaining({ sku: sold, quantity: 1, total: '0.00' })] });
  });
}, 300_000);
