// An order worker as its own process (src/workers/main.ts), so a test can really kill it with SIGKILL.
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createDb } from '../../src/db/prisma';
import { freePort } from '../../src/infra/freePort';
import { startSimulators } from '../../src/simulators';
import { connectTemporalClient } from '../../src/temporal/connection';
import { stockEventsNotifier } from '../../src/temporal/stockEvents';
import { spawnWorkerProcess } from '../../src/infra/workerProcess';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from './testHub';

/** A worker on `taskQueue` whose partners are the simulators at `simUrl`. */
export function startWorkerProcess(taskQueue: string, simUrl: string): ChildProcess {
  return spawnWorkerProcess({
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: requireEnv(STACK_ENV.workflowBundle),
    ERP_URL: `${simUrl}/erp`,
    CRM_URL: `${simUrl}/crm`,
    CARRIER_URL: `${simUrl}/carrier`,
    CHANNELS_URL: `${simUrl}/channels`,
  });
}

/** Resolves once the process is gone (at once if it already is). */
export function killProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * The hub without its workers, in this process: database, Temporal client, simulators and the API, so the
 * only worker is a separate process the test can kill. `stop` closes them all (the worker is the test's).
 */
export async function startApiWithoutWorker(taskQueue: string, carrierDelayMs: number) {
  const db = createDb(requireEnv(STACK_ENV.databaseUrl));
  const temporal = await connectTemporalClient(requireEnv(STACK_ENV.temporalAddress), 'default');
  const apiPort = await freePort();
  const sim = await startSimulators({ port: 0, hubUrl: `http://127.0.0.1:${apiPort}`, carrierDispatchDelayMs: carrierDelayMs, carrierDeliveryDelayMs: carrierDelayMs });
  const app = createApp({
    db,
    temporal,
    taskQueue,
    orderOptions: { paymentTimeoutMs: 3_600_000, partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 1000, budgetMs: 600_000 } },
    stockEvents: stockEventsNotifier(temporal, taskQueue, { debounceMs: 300 }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(apiPort, '127.0.0.1', () => resolve(s));
  });
  const stop = async () => {
    await sim.stop();
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await temporal.connection.close();
    await db.$disconnect();
  };
  return { db, temporal, sim, api: request(`http://127.0.0.1:${apiPort}`), stop };
}
