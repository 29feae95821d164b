import { WorkflowNotFoundError } from '@temporalio/client';
import { createOrderService } from '../../src/api/orders/service';
import { createOrderStarter } from '../../src/api/orders/orderStarter';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { configDefaults } from '../../src/config';
import type { Db } from '../../src/db/prisma';
import type { Prisma } from '../../src/generated/prisma/client';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

// The accept path (src/api/orders/orderIntake.ts, orderStarter.ts): the 202 goes out once the order
// and its workflow start are committed, before any workflow runs. These tests cut the path at
// its joints: a process that dies between the commit and the start, Temporal refusing the start,
// and a second delivery of the same channel order arriving while the first is still uncommitted.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t?.stop());

/** A starter that never runs: the process died right after the commit. */
const deadStarter = { kick: async () => undefined, startNow: async () => false };

const service = (db: Db = t.hub.db, starter: Parameters<typeof createOrderService>[0]['starter'] = deadStarter) =>
  createOrderService({ db, temporal: t.hub.temporal, taskQueue: t.taskQueue, orderOptions: configDefaults().orderOptions, starter });

const workflowExists = (workflowId: string) =>
  t.hub.temporal.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      () => true,
      (err) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)),
    );

test('an order accepted by a process that dies before starting its workflow is readable at once and started by the sweep', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
  const payload = orderPayload({ sku, unitPrice: '12.00' });
  const answer = await service().createOrder(createOrderSchema.parse(payload));
  expect(answer).toEqual({ created: true, body: { orderId: expect.any(String), workflowId: `order:webstore:${payload.externalId}`, status: 'received' } });
  const { orderId, workflowId } = answer.body;

  // Durable and readable before any workflow exists: the order, its line and its `received` event.
  // (The hub's sweeper may start it meanwhile, so only what the accepting transaction wrote is checked.)
  const stored = (await t.api.get(`/api/v1/orders/${orderId}`).expect(200)).body;
  expect(stored.lines).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
  expect(stored.timeline.map((e: { type: string }) => e.type)).toContain('received');

  // The hub's sweeper (every second) finds the start left behind and the workflow takes the order on (reserved, and beyond).
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body.status).not.toBe('received'), 60_000);
  expect(await t.hub.db.orderStart.count({ where: { orderId } })).toBe(0);
  expect(await workflowExists(workflowId)).toBe(true);
  // The workflow's own receiveOrder wrote the same rows again: nothing doubled.
  const order = await t.hub.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: true, events: true } });
  expect(order.lines).toHaveLength(1);
  expect(order.events.filter((e) => e.type === 'received')).toHaveLength(1);
}, 120_000);

test('a payment right after the 202, before the starter ran, starts the workflow itself and is booked', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const payload = orderPayload({ sku, unitPrice: '8.00', shippingPrice: '0', paid: false });
  const { orderId } = (await service().createOrder(createOrderSchema.parse(payload))).body;
  const paid = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '8.00', currency: 'USD', reference: `psp-${orderId}` });
  expect(paid.status).toBe(200);
  expect(paid.body.paymentStatus).toBe('paid');
}, 60_000);

test('Temporal refusing the start leaves the order pending with its error, and a later attempt starts it', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
  const payload = orderPayload({ sku });
  // A Temporal that refuses every start (an outage): the claimed row is pushed out with a backoff and its error.
  const down = new Proxy(t.hub.temporal, {
    get: (target, prop) =>
      prop === 'workflow'
        ? new Proxy(target.workflow, { get: (w, p) => (p === 'start' ? async () => Promise.reject(new Error('14 UNAVAILABLE: temporal is down')) : Reflect.get(w, p)) })
        : Reflect.get(target, prop),
  });
  const failing = createOrderStarter({ db: t.hub.db, temporal: down });
  const { orderId } = (await service().createOrder(createOrderSchema.parse(payload))).body;
  // Whichever claims it first (this starter or the hub's sweep), the order is started exactly once in the end.
  const claimedHere = (await failing.drain()) === 0 && (await t.hub.db.orderStart.findUnique({ where: { orderId } }))?.lastError?.includes('UNAVAILABLE');
  if (claimedHere) expect((await t.hub.db.orderStart.findUniqueOrThrow({ where: { orderId } })).attempts).toBe(1);
  await eventually(async () => expect(await t.hub.db.orderStart.count({ where: { orderId } })).toBe(0), 30_000);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${orderId}`)).body.status).not.toBe('received'), 30_000);
}, 60_000);

test('a duplicate delivery interleaved with the first (it reads before the first commits) gets the same order, and one workflow runs', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const payload = createOrderSchema.parse(orderPayload({ sku, unitPrice: '5.00' }));
  // The first delivery's write (one statement: the order's rows and its start) is held uncommitted,
  // in a transaction of the test's, until the second has read and is writing.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reachedGate!: () => void;
  const atGate = new Promise<void>((r) => (reachedGate = r));
  const isOrderWrite = (sql: Prisma.Sql) => /^WITH w0 AS \(INSERT INTO orders /.test(sql.text);
  const held = new Proxy(t.hub.db, {
    get: (target, prop) =>
      prop === '$queryRaw'
        ? (sql: Prisma.Sql) =>
            isOrderWrite(sql)
              ? target.$transaction(async (tx) => {
                  const result = await tx.$queryRaw(sql);
                  reachedGate();
                  await gate;
                  return result;
                })
              : target.$queryRaw(sql)
        : Reflect.get(target, prop),
  });
  const first = service(held as Db, createOrderStarter({ db: t.hub.db, temporal: t.hub.temporal })).createOrder(payload);
  await atGate;
  let secondSettled = false;
  const second = service()
    .createOrder(payload)
    .finally(() => (secondSettled = true));
  // The second found no committed order and now waits on the first's unique (channel, externalId) row.
  await new Promise((r) => setTimeout(r, 500));
  expect(secondSettled).toBe(false);
  release();
  const [a, b] = await Promise.all([first, second]);
  expect(a.created).toBe(true);
  expect(b).toEqual({ created: false, body: { orderId: a.body.orderId, workflowId: a.body.workflowId, status: expect.any(String) } });
  expect(await t.hub.db.order.count({ where: { channelId: 'webstore', externalId: payload.externalId } })).toBe(1);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${a.body.orderId}`)).body.status).not.toBe('received'), 30_000);
  const runs = await t.hub.temporal.workflow.list({ query: `WorkflowId = '${a.body.workflowId}'` });
  let count = 0;
  for await (const _ of runs) count++;
  expect(count).toBe(1);
}, 60_000);
