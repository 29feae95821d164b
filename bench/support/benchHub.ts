import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { childHandle, spawnWorkerProcess } from '../../src/infra/workerProcess';
import { loadConfig, partnerTaskQueues, simulatorPartnerUrls } from '../../src/config';
import type { Db } from '../../src/db/prisma';
import { startHub, type HubOptions, type RunningHub } from '../../src/hub';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { freePort } from '../../src/infra/freePort';
import { startSimulators } from '../../src/simulators';
import { startSimulatorProcess } from './simulatorProcess';
import type { AuthSettings } from '../../src/api/auth/middleware';
import { apiKey } from '../../src/api/auth/keys';
import { randomApiKey } from '../../src/api/auth/devKey';

/**
 * The bench hub's keys: an admin key for the load, a carrier key for the simulators' webhook,
 * and a rate limit far above any scenario's load (the bench measures the hub, not the limiter).
 */
export function benchAuth(): { auth: AuthSettings; adminKey: string; carrierKey: string } {
  const adminKey = randomApiKey('bench-admin');
  const carrierKey = randomApiKey('bench-carrier');
  return {
    auth: {
      keys: [apiKey(adminKey, 'admin', undefined, 'bench-admin'), apiKey(carrierKey, 'carrier', undefined, 'bench-carrier')],
      rateLimit: { perMinute: 100_000_000, burst: 10_000_000 },
    },
    adminKey,
    carrierKey,
  };
}

export interface BenchHub {
  hub: RunningHub;
  sim: { url: string; stop(): Promise<void> };
  apiUrl: string;
  /** Headers every API call sends (content type, and the API key when the hub has one). */
  headers: Record<string, string>;
  taskQueue: string;
  /** The worker process's pid, when the workers run in a process of their own. */
  workerPid?: number;
  /** The simulators' process's pid, when they run in a process of their own. */
  simulatorPid?: number;
  stop(): Promise<void>;
}

/**
 * A hub (API + order worker + fulfillment/partner workers, one process: what `npm start` runs)
 * and the partner simulators with carrier auto-advance, on the bench's PostgreSQL and Temporal.
 * No latency and no faults in the simulators.
 */
export async function startBenchHub(
  opts: {
    carrierDispatchDelayMs?: number;
    carrierDeliveryDelayMs?: number;
    paymentTimeoutMs?: number;
    metricsDbIntervalMs?: number;
    /** The workers in a process of their own (src/workers/main.ts) at this nice level, the API role here: docker-compose's topology. */
    workerProcess?: { nice: number };
    /** The partner simulators in a process of their own (`npm run simulators`): their in-memory records stay out of this process's memory. */
    simulatorProcess?: boolean;
  } = {},
): Promise<BenchHub> {
  const apiPort = await freePort();
  const { auth, adminKey, carrierKey } = benchAuth();
  const simOptions = {
    hubUrl: `http://127.0.0.1:${apiPort}`,
    hubApiKey: carrierKey,
    carrierDispatchDelayMs: opts.carrierDispatchDelayMs ?? 50,
    carrierDeliveryDelayMs: opts.carrierDeliveryDelayMs ?? 50,
  };
  const sim = opts.simulatorProcess ? await startSimulatorProcess(simOptions) : await startSimulators({ port: 0, ...simOptions });
  const config = loadConfig(process.env);
  const taskQueue = `bench-${randomUUID()}`;
  const hubOptions: HubOptions = {
    databaseUrl: process.env[STACK_ENV.databaseUrl]!,
    temporalAddress: process.env[STACK_ENV.temporalAddress]!,
    namespace: 'default',
    taskQueue,
    inventorySync: { debounceMs: 2000 },
    orderOptions: {
      paymentTimeoutMs: opts.paymentTimeoutMs ?? 24 * 3_600_000,
      fulfillmentTaskQueue: `${taskQueue}-fulfillment`,
      partnerTaskQueues: partnerTaskQueues(taskQueue),
    },
    partners: {
      timeoutMs: 5000,
      ...simulatorPartnerUrls(sim.url),
    },
    apiPort,
    auth,
    workflowBundlePath: process.env[STACK_ENV.workflowBundle],
    // WORKER_* and DB_POOL_SIZE, as the hub's own configuration reads them (bench/README.md tuning runs).
    worker: config.worker,
    dbPoolSize: config.dbPoolSize,
    ...(opts.metricsDbIntervalMs !== undefined && { metrics: { dbIntervalMs: opts.metricsDbIntervalMs } }),
  };
  const hub = await startHub({ ...hubOptions, runWorkers: !opts.workerProcess });
  const worker = opts.workerProcess && (await startBenchWorkerProcess(taskQueue, sim.url, opts.workerProcess.nice));
  return {
    hub,
    sim,
    apiUrl: hub.apiUrl,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    taskQueue,
    workerPid: worker?.pid,
    simulatorPid: 'pid' in sim ? sim.pid : undefined,
    async stop() {
      await sim.stop();
      await hub.stop();
      await worker?.stop();
    },
  };
}

/**
 * `npm run worker` as a child process on the bench's stack and task queue, its partners the
 * simulators, at a lower CPU priority than the API's process: the pipeline takes what the accept
 * path leaves. Its settings (WORKER_*, DB_POOL_SIZE) come from the environment, as the API's do.
 */
async function startBenchWorkerProcess(taskQueue: string, simUrl: string, nice: number) {
  const child = spawnWorkerProcess({
    DATABASE_URL: process.env[STACK_ENV.databaseUrl],
    TEMPORAL_ADDRESS: process.env[STACK_ENV.temporalAddress],
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: process.env[STACK_ENV.workflowBundle],
    ...Object.fromEntries(Object.entries(simulatorPartnerUrls(simUrl)).map(([k, v]) => [`${k.replace(/Url$/, '').toUpperCase()}_URL`, v])),
    LOG_LEVEL: 'warn',
  });
  if (child.pid) os.setPriority(child.pid, nice);
  return childHandle(child);
}

/** A fresh SKU with the given on-hand per location. */
export async function createBenchSku(db: Db, prefix: string, stock: Record<string, number>): Promise<string> {
  const sku = `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();
  await db.product.create({ data: { sku, name: `Bench product ${sku}` } });
  await db.stockLevel.createMany({ data: Object.entries(stock).map(([locationId, onHand]) => ({ sku, locationId, onHand })) });
  await db.stockLedgerEntry.createMany({ data: Object.entries(stock).map(([locationId, onHand]) => ({ sku, locationId, onHandDelta: onHand, reservedDelta: 0, reason: 'seed' })) });
  return sku;
}

export const CHANNELS = ['webstore', 'amazon', 'ebay'] as const;

/** An API order body: complete address, total well under the fraud threshold (500.00). */
export function orderBody(o: { skus: string[]; paid: boolean; channel?: string; unitPrice?: string }) {
  return {
    channel: o.channel ?? 'webstore',
    externalId: `BENCH-${randomUUID()}`,
    customer: { email: 'bench@example.com', name: 'Bench Customer', tier: 'standard' },
    currency: 'USD',
    lines: o.skus.map((sku) => ({ sku, quantity: 1, unitPrice: o.unitPrice ?? '19.99' })),
    shippingAddress: { name: 'Bench Customer', line1: '1 Loop Rd', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US' },
    shippingService: 'standard',
    shippingPrice: '5.00',
    payment: o.paid ? { status: 'paid', reference: `pay-${randomUUID()}` } : { status: 'pending' },
  };
}

/** The order's total as the payment endpoint expects it ("24.99"). */
export function orderTotal(body: ReturnType<typeof orderBody>): string {
  const cents = body.lines.reduce((n, l) => n + Math.round(Number(l.unitPrice) * 100) * l.quantity, 0) + Math.round(Number(body.shippingPrice) * 100);
  return (cents / 100).toFixed(2);
}

export function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (!v) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not "${v}"`);
  return n;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
