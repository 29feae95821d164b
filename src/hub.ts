import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createActivities, createPartnerClients, type PartnerUrls } from './activities';
import { createApp } from './api/app';
import type { AuthSettings } from './api/auth/middleware';
import { createDb, type Db } from './db/prisma';
import { ensureDefaultRuleSet } from './db/ruleSets';
import { connectTemporalClient } from './temporal/connection';
import { stockEventsNotifier } from './temporal/stockEvents';
import type { InventorySyncOptions } from './workflows/inventorySync.workflow';
import { installTemporalRuntime } from './temporal/runtime';
import { freePort } from './infra/freePort';
import { createActivityWorker } from './workers/createActivityWorker';
import { createOrderWorker, type WorkerTuning } from './workers/createOrderWorker';
import type { OrderWorkflowOptions } from './workflows/order.workflow';
import { resolveWebhookSecrets } from './channels/signature';
import { cachedDatabaseMetrics } from './api/metrics/dbMetrics';
import { startMetricsServer } from './observability/metricsServer';
import type { TrustProxy } from './api/trustProxy';

export interface HubOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Timeouts and retry policy every new order is started with. */
  orderOptions: OrderWorkflowOptions;
  inventorySync: InventorySyncOptions;
  partners: PartnerUrls;
  /** Port for the API; 0 picks a free one. */
  apiPort: number;
  workflowBundlePath?: string;
  /** Order worker slots, pollers, cache and threads; omitted: DEFAULT_WORKER_TUNING. */
  worker?: WorkerTuning;
  /** Connections in the process's PostgreSQL pool; default 10. */
  dbPoolSize?: number;
  /** Loopback port of the Temporal SDK's metrics exporter, re-exported by /metrics: 0 or omitted picks a free one, null: none. */
  temporalMetricsPort?: number | null;
  /** Temporal Web UI the dashboard links to; omitted: the configuration's default. */
  temporalUiUrl?: string;
  /** Labels bought at once on orderOptions.fulfillmentTaskQueue; `paused` waits for resumeFulfilment() (tests build a backlog). */
  /** API keys and per-caller rate limit the API enforces. */
  auth: AuthSettings;
  /** Native order webhook secrets per channel; omitted: the development secrets (`dev-secret-<channel>`). */
  channelWebhookSecrets?: Readonly<Record<string, string>>;
  fulfilment?: { concurrency: number; paused?: boolean; perSecond?: Partial<Record<'erp' | 'crm' | 'channel' | 'carrier', number>> };
  /** /metrics: how often its database figures are computed, its key, and a port of its own (0: a free one); omitted: every 15 s, public, on the API port. */
  metrics?: { dbIntervalMs?: number; key?: string; port?: number };
  /** TRUST_PROXY; omitted: false (the API binds to loopback here, but a local proxy may still front it). */
  trustProxy?: TrustProxy;
}

export interface RunningHub {
  apiUrl: string;
  /** Where /metrics is served: on the API port, or on its own. */
  metricsUrl: string;
  db: Db;
  temporal: Client;
  worker: Worker;
  /** Starts a paused fulfilment worker. */
  resumeFulfilment(): Promise<void>;
  stop(): Promise<void>;
}

/** The API and a worker in one process: what `npm start` and the integration tests run. */
export async function startHub(opts: HubOptions): Promise<RunningHub> {
  const temporalMetricsPort = opts.temporalMetricsPort === null ? undefined : opts.temporalMetricsPort || (await freePort());
  installTemporalRuntime(undefined, temporalMetricsPort === undefined ? undefined : { port: temporalMetricsPort });
  const db = createDb(opts.databaseUrl, opts.dbPoolSize);
  // Orders evaluate the active rule set, so `npm start` on an existing database needs one too.
  await ensureDefaultRuleSet(db);
  const temporal = await connectTemporalClient(opts.temporalAddress, opts.namespace);
  const stockEvents = stockEventsNotifier(temporal, opts.taskQueue, opts.inventorySync);
  const workerConnection = await NativeConnection.connect({ address: opts.temporalAddress });
  const activities = createActivities({ db, partners: createPartnerClients(opts.partners), stockEvents });
  const worker = await createOrderWorker({
    connection: workerConnection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities,
    workflowBundlePath: opts.workflowBundlePath,
    tuning: opts.worker,
  });
  const workerRun = worker.run();
  const rates = opts.fulfilment?.perSecond ?? {};
  const running: { worker: Worker; run: Promise<void> }[] = [];
  const startActivityWorker = async (taskQueue: string, concurrency: number, perSecond?: number) => {
    const w = await createActivityWorker({ connection: workerConnection, namespace: opts.namespace, taskQueue, activities, concurrency, perSecond });
    running.push({ worker: w, run: w.run() });
  };
  const partnerQueues = opts.orderOptions.partnerTaskQueues;
  if (partnerQueues) {
    for (const system of ['erp', 'crm', 'channel'] as const) await startActivityWorker(partnerQueues[system], 50, rates[system]);
  }
  const fulfilmentQueue = opts.orderOptions.fulfillmentTaskQueue;
  let fulfilmentStarted = false;
  const resumeFulfilment = async () => {
    if (fulfilmentStarted || !fulfilmentQueue) return;
    fulfilmentStarted = true;
    await startActivityWorker(fulfilmentQueue, opts.fulfilment?.concurrency ?? 4, rates.carrier);
  };
  if (!opts.fulfilment?.paused) await resumeFulfilment();
  const databaseText = cachedDatabaseMetrics(db, opts.metrics?.dbIntervalMs);
  const ownMetricsPort = opts.metrics?.port;
  const app = createApp({ db, temporal, taskQueue: opts.taskQueue, orderOptions: opts.orderOptions, stockEvents,
    temporalUi: { temporalUiUrl: opts.temporalUiUrl, namespace: opts.namespace },
    auth: opts.auth,
    channelWebhookSecrets: opts.channelWebhookSecrets ?? resolveWebhookSecrets(undefined, false),
    metrics: { databaseText, key: opts.metrics?.key, onApiPort: ownMetricsPort === undefined },
    trustProxy: opts.trustProxy,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.apiPort, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}`;
  const metricsServer = ownMetricsPort === undefined ? undefined : startMetricsServer(ownMetricsPort, '127.0.0.1', { extra: [databaseText], key: opts.metrics?.key });
  const metricsUrl = metricsServer ? `http://127.0.0.1:${await metricsServer.port}/metrics` : `${apiUrl}/metrics`;

  return {
    apiUrl,
    metricsUrl,
    db,
    temporal,
    worker,
    resumeFulfilment,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await metricsServer?.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      for (const r of running) if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
      await Promise.all([workerRun, ...running.map((r) => r.run)]);
      await workerConnection.close();
      await temporal.connection.close();
      await db.$disconnect();
    },
  };
}
