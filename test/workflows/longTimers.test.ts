import { simulatorPartnerUrls } from '../../src/config';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, createPartnerClients } from '../../src/activities';
import { stockEventsNotifier } from '../../src/temporal/stockEvents';
import { createDb, type Db } from '../../src/db/prisma';
import { orderWorkflowId } from '../../src/domain/ids';
import { sampleOrderInput } from '../../src/simulators/sampleOrders';
import { temporalTestServerPath } from '../../src/infra/paths';
import { startSimulators, type RunningSimulators } from '../../src/simulators';
import { orderStateQuery } from '../../src/workflows/messages';
import { orderWorkflow } from '../../src/workflows';
import { createSku, stockAt } from '../support/fixtures';
import { requireEnv } from '../support/testHub';
import { STACK_ENV } from '../../src/infra/ephemeralStack';

// Day- and week-long waits, proven in seconds on the time-skipping test server.
let env: TestWorkflowEnvironment;
let db: Db;
let sim: RunningSimulators;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath } },
  });
  db = createDb(requireEnv(STACK_ENV.databaseUrl));
  sim = await startSimulators({ port: 0 });
});
afterAll(async () => {
  await sim?.stop();
  await db?.$disconnect();
  await env?.teardown();
});

function createWorker(taskQueue: string) {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: requireEnv(STACK_ENV.workflowBundle) },
    activities: createActivities({
      db,
      // No inventory-sync workflows here: their pending pushes would stop the server skipping time.
      stockEvents: { ...stockEventsNotifier(env.client, taskQueue, { debounceMs: 1000 }), changed: async () => undefined },
      partners: createPartnerClients({
        timeoutMs: 5000,
        ...simulatorPartnerUrls(sim.url),
      }),
    }),
  });
}

test('an unpaid order is cancelled at the payment timeout and its stock released', async () => {
  const sku = await createSku(db, { 'WH-EAST': 5 });
  const taskQueue = `ts-${randomUUID()}`;
  const worker = await createWorker(taskQueue);
  const input = sampleOrderInput(sku, { quantity: 2, unitPriceMinor: 1250, payment: { status: 'pending' } });
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(orderWorkflow, {
      workflowId: orderWorkflowId(input.channel, input.externalId),
      taskQueue,
      args: [input, { paymentTimeoutMs: 24 * 3_600_000 }],
    });
    // Before the deadline the order holds its stock and waits.
    await env.sleep('23 hours');
    const waiting = await handle.query(orderStateQuery);
    expect(waiting.status).toBe('awaiting_payment');
    expect(await stockAt(db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 2 });
    return handle.result();
  });

  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout', paymentStatus: 'pending' });
  expect(await stockAt(db, sku, 'WH-EAST')).toEqual({ onHand: 5, reserved: 0 });
  const row = await db.order.findUniqueOrThrow({ where: { id: input.orderId } });
  expect(row.status).toBe('cancelled');
  const told = sim.state.journal.list({ orderId: input.orderId }).map((c) => c.operation);
  expect(told).toEqual(expect.arrayContaining(['cancelOrder', 'recordOrderEvent']));
  expect(told).not.toContain('createRefund');
});

test('a backordered order is cancelled after the backorder timeout, and the channel is told', async () => {
  const sku = await createSku(db, { 'WH-EAST': 0 });
  const taskQueue = `ts-${randomUUID()}`;
  const worker = await createWorker(taskQueue);
  const input = sampleOrderInput(sku, { quantity: 2, payment: { status: 'paid', reference: 'prepaid' } });
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(orderWorkflow, {
      workflowId: orderWorkflowId(input.channel, input.externalId),
      taskQueue,
      args: [input, { paymentTimeoutMs: 3_600_000, backorderTimeoutMs: 14 * 24 * 3_600_000 }],
    });
    await env.sleep('13 days');
    expect((await handle.query(orderStateQuery)).status).toBe('backordered');
    return handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'backorder_timeout', paymentStatus: 'refunded' });
  expect((await db.backorder.findUniqueOrThrow({ where: { orderId: input.orderId } })).state).toBe('cancelled');
  const told = sim.state.journal.list({ orderId: input.orderId }).map((c) => c.operation);
  expect(told).toEqual(expect.arrayContaining(['cancelOrder', 'createRefund', 'recordOrderEvent']));
});
