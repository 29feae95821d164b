import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../../../src/config';
import type { OrderInput, OrderState } from '../../../src/domain/order';
import { STACK_ENV } from '../../../src/infra/ephemeralStack';
import { temporalTestServerPath } from '../../../src/infra/paths';
import { sampleOrderInput } from '../../../src/simulators/sampleOrders';
import { installTemporalRuntime } from '../../../src/temporal/runtime';
import { workflowsPath } from '../../../src/workers/createOrderWorker';
import type { orderWorkflow } from '../../../src/workflows';
import { carrierEventSignal, orderStateQuery, type CarrierEventType } from '../../../src/workflows/messages';
import type { StubActivities } from './stubActivities';

/**
 * The order workflow on the time-skipping test server with in-memory activities: days of
 * timers in milliseconds, no database, no simulators. Only the workflow's public contract is
 * used: its type name, the messages in src/workflows/messages.ts, activity names, the state query.
 */
export interface FastEnv {
  env: TestWorkflowEnvironment;
  workflowBundle: { codePath: string } | { code: string };
  teardown(): Promise<void>;
}

export async function startFastEnv(): Promise<FastEnv> {
  // The hub's runtime: the SDK's logs filtered by TEMPORAL_LOG_LEVEL (ERROR under jest), not every worker state change.
  installTemporalRuntime();
  const [env, workflowBundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath } } }),
    workflowBundleForTests(),
  ]);
  return { env, workflowBundle, teardown: () => env.teardown() };
}

/** The jest stack's bundle when it ran (a full `npm test`); bundled here under ORDERHUB_SKIP_STACK=1. */
async function workflowBundleForTests(): Promise<{ codePath: string } | { code: string }> {
  const codePath = process.env[STACK_ENV.workflowBundle];
  if (codePath) return { codePath };
  const noop = () => undefined;
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error } });
  return { code };
}

export interface FastOrder {
  handle: WorkflowHandle<typeof orderWorkflow>;
  input: OrderInput;
  stub: StubActivities;
  state(): Promise<OrderState>;
  /** Polls the state query (real time, no time skipped) until `ok` holds; fails after `timeoutMs`. */
  waitFor(ok: (s: OrderState) => boolean, what: string, timeoutMs?: number): Promise<OrderState>;
  /** Once every parcel has its label, the carrier reports `type` for each of them. */
  carrier(type: CarrierEventType): Promise<void>;
}

/** Labels bought for every parcel and the order waits for the carrier. */
export const labelled = (s: OrderState) => s.status === 'fulfilling' && s.shipments.length > 0 && s.shipments.every((p) => p.status === 'label_created');

export interface FastOrderOptions {
  stub: StubActivities;
  /** Hub settings as in the environment (PAYMENT_TIMEOUT=2h, …); the workflow gets loadConfig's orderOptions. */
  settings?: Record<string, string>;
  order?: Partial<OrderInput> & { quantity?: number; unitPriceMinor?: number };
}

/**
 * Starts one order with the options the hub would give it under `settings`, with workers on
 * every task queue those options name (orders, fulfillment, ERP, CRM, channel), and runs `body`
 * while they poll. An order the body leaves open (a failed test) is terminated.
 */
export async function withOrder<T>(fast: FastEnv, opts: FastOrderOptions, body: (order: FastOrder) => Promise<T>): Promise<T> {
  const taskQueue = `fast-${randomUUID()}`;
  const options = loadConfig({ ...opts.settings, TEMPORAL_TASK_QUEUE: taskQueue }).orderOptions;
  const activityQueues = [...new Set([options.fulfillmentTaskQueue, ...Object.values(options.partnerTaskQueues)])].filter((q) => q !== taskQueue);
  const connection = fast.env.nativeConnection;
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue, workflowBundle: fast.workflowBundle, activities: opts.stub.activities }),
    ...activityQueues.map((queue) => Worker.create({ connection, taskQueue: queue, activities: opts.stub.activities })),
  ]);
  const input = sampleOrderInput('FAST-SKU', { quantity: 2, unitPriceMinor: 1250, shippingMinor: 500, ...opts.order });
  const run = async () => {
    const handle = await fast.env.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: `fast-order-${input.orderId}`,
      taskQueue,
      args: [input, options],
    });
    const state = () => handle.query(orderStateQuery);
    const waitFor = async (ok: (s: OrderState) => boolean, what: string, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await state();
        if (ok(s)) return s;
        if (Date.now() > deadline) throw new Error(`order never reached "${what}"; last state: ${JSON.stringify({ status: s.status, waitingFor: s.waitingFor, holds: s.holds })}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const carrier = async (type: CarrierEventType) => {
      const { shipments } = await waitFor((s) => labelled(s) || s.status === 'shipped', 'parcels labelled');
      const at = new Date(await fast.env.currentTimeMs()).toISOString();
      for (const p of shipments) await handle.signal(carrierEventSignal, { trackingNumber: p.trackingNumber!, shipmentId: p.shipmentId, type, at });
    };
    try {
      return await body({ handle, input, stub: opts.stub, state, waitFor, carrier });
    } finally {
      // A failed test leaves its order waiting; left open, it stalls the next test's queries on this server.
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
    }
  };
  // Each worker polls until the body is done; nesting runUntil shuts them all down even on failure.
  const runAll = workers.reduceRight<() => Promise<T>>((inner, worker) => () => worker.runUntil(inner), run);
  return runAll();
}

export const HOUR = 3_600_000;
