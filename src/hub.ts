import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { startEbayPollers, type RunningEbayPollers } from './channels/ebay/pollers';
import type { EbayConnectorOptions } from './channels/ebay/options';
import { createActivities, createPartnerClients, type PartnerUrls } from './activities';
import { partnerCallLog } from './activities/partnerCallLog';
import { createApp } from './api/app';
import { createUnmappedLines, startUnmappedSweeper } from './api/catalog/unmappedLines';
import type { AuthSettings } from './api/auth/middleware';
import { createDb, type Db } from './db/prisma';
import { ensureDefaultRuleSet } from './db/ruleSets';
import { connectTemporalClient, type TemporalTarget } from './temporal/connection';
import { closeWhenIdle } from './temporal/callTracker';
import { stockEventsNotifier } from './temporal/stockEvents';
import { startFollowupSweeper } from './activities/stockFollowups';
import { followupWork } from './activities/backorderQueue';
import type { InventorySyncOptions } from './workflows/inventorySync.workflow';
import { installTemporalRuntime } from './temporal/runtime';
import { freePort } from './infra/freePort';
import { startWorkers } from './workers/startWorkers';
import type { SetCurrentPolicy, WorkerVersion } from './workers/workerVersioning';
import { configDefaults, type Config } from './config';
import type { OrderWorkflowOptions } from './workflows/order/options';
import { cachedDatabaseMetrics } from './api/metrics/dbMetrics';
import { startMetricsServer } from './observability/metricsServer';
import type { TrustProxy } from './api/trustProxy';
import type { WebhookSecrets } from './channels/webhookSecrets';
import type { FxRates } from './domain/fx';
import type { ShopifyDeps } from './channels/shopify/adminActivities';
import { ensureShopifyReconcileSchedules } from './channels/shopify/adminSchedules';
import { startAmazonPollers, type RunningAmazonPollers } from './channels/amazon/pollers';
import type { AmazonConnectorOptions } from './channels/amazon/activities';
import { shopifyInboxRunner, startInboxSweeper } from './channels/shopify/wiring';
import { createOrderService } from './api/orders/service';
import { createReturnStarter, startReturnSweeper } from './api/returns/returnStarter';
import { createOrderStarter, startOrderStartSweeper } from './api/orders/orderStarter';

export interface HubOptions {
  databaseUrl: string;
  /** A dev server's `host:port`, or a TemporalTarget with TLS / API key (temporalTarget(config.temporal)). */
  temporalAddress: string | TemporalTarget;
  namespace: string;
  taskQueue: string;
  /** Timeouts and retry policy every new order is started with. */
  orderOptions: OrderWorkflowOptions;
  /** RETURN_EXPIRY: how long a new return waits for its parcel; omitted: 30 days. */
  returnExpiryMs?: number;
  inventorySync: InventorySyncOptions;
  partners: PartnerUrls;
  /** Port for the API; 0 picks a free one. */
  apiPort: number;
  workflowBundlePath?: string;
  /** WORKER_*: order worker slots, pollers, cache and threads, partner queue slots; omitted: the configuration's defaults. */
  worker?: Config['worker'];
  /** Connections in the process's PostgreSQL pool; default 10. */
  dbPoolSize?: number;
  /** Loopback port of the Temporal SDK's metrics exporter, re-exported by /metrics: 0 or omitted picks a free one, null: none. */
  temporalMetricsPort?: number | null;
  /** Temporal Web UI the dashboard links to; omitted: the configuration's default. */
  temporalUiUrl?: string;
  /** API keys and per-caller rate limit the API enforces. */
  auth: AuthSettings;
  /** Native order webhook secrets per channel (resolveWebhookSecrets); omitted: every webhook is refused. */
  channelWebhookSecrets?: WebhookSecrets;
  /** Units per US dollar for money thresholds (FX_RATES); omitted: DEFAULT_FX_RATES. */
  fxRates?: FxRates;
  /** eBay Sell Fulfillment pollers for every channel with platform 'ebay' (docs/ebay.md); omitted: none run. */
  ebay?: { connector: EbayConnectorOptions; intervalMs?: number };
  /**
   * Labels bought at once on orderOptions.fulfillmentTaskQueue (omitted: FULFILLMENT_CONCURRENCY's default); `paused` waits
   * for resumeFulfillment() (tests build a backlog); perSecond: each queue's rate limit, omitted: none.
   */
  fulfillment?: { concurrency?: number; paused?: boolean; perSecond?: Partial<Record<'erp' | 'crm' | 'channel' | 'carrier', number>>; perChannelPerSecond?: number };
  /** /metrics: how often its database figures are computed, its key, and a port of its own (0: a free one); omitted: every 15 s, public, on the API port. */
  metrics?: { dbIntervalMs?: number; key?: string; port?: number };
  /** Worker Versioning: the Worker Deployment version every worker declares (TEMPORAL_WORKER_VERSIONING); omitted: unversioned. */
  version?: WorkerVersion & { setCurrent?: SetCurrentPolicy };
  /** TRUST_PROXY; omitted: false (the API binds to loopback here, but a local proxy may still front it). */
  trustProxy?: TrustProxy;
  /** Shopify Admin API settings; with reconcileEveryMs, each Shopify channel's reconciliation schedule is ensured at start. Omitted: neither. */
  shopify?: ShopifyDeps & { reconcileEveryMs?: number };
  /** Amazon SP-API pollers for every channel with platform 'amazon' (docs/amazon.md); omitted: none run. */
  amazon?: { connector: AmazonConnectorOptions; intervalMs?: number };
  /**
   * false: the API role alone (API, order starter, sweepers), its workers in another process, as
   * docker-compose's `api` and `worker` services run them; omitted: the workers run here too.
   */
  runWorkers?: boolean;
}

export interface RunningHub {
  apiUrl: string;
  /** Where /metrics is served: on the API port, or on its own. */
  metricsUrl: string;
  db: Db;
  temporal: Client;
  /** The order worker; undefined when runWorkers is false. */
  worker: Worker | undefined;
  ebayPollers?: RunningEbayPollers;
  /** Starts a paused fulfillment worker. */
  resumeFulfillment(): Promise<void>;
  amazonPollers?: RunningAmazonPollers;
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
  const activities = createActivities({
    db,
    partners: createPartnerClients(opts.partners, partnerCallLog(db)),
    stockEvents,
    fxRates: opts.fxRates,
    shopify: opts.shopify,
    amazon: opts.amazon?.connector,
    ebay: opts.ebay?.connector,
    orderStarter: { temporal, taskQueue: opts.taskQueue, orderOptions: opts.orderOptions },
  });
  const defaults = configDefaults();
  const workers =
    opts.runWorkers === false
      ? undefined
      : await startWorkers({
          temporalAddress: opts.temporalAddress,
          namespace: opts.namespace,
          taskQueue: opts.taskQueue,
          activities,
          workflowBundlePath: opts.workflowBundlePath,
          tuning: opts.worker ?? defaults.worker,
          partnerTaskQueues: opts.orderOptions.partnerTaskQueues,
          fulfillmentTaskQueue: opts.orderOptions.fulfillmentTaskQueue,
          fulfillment: { ...opts.fulfillment, concurrency: opts.fulfillment?.concurrency ?? defaults.fulfillment.concurrency },
          version: opts.version,
        });
  if (opts.shopify?.reconcileEveryMs) await ensureShopifyReconcileSchedules(temporal, db, { taskQueue: opts.taskQueue, everyMs: opts.shopify.reconcileEveryMs });
  const databaseText = cachedDatabaseMetrics(db, opts.metrics?.dbIntervalMs);
  const ownMetricsPort = opts.metrics?.port;
  // Work owed after committed stock changes that failed at first (src/activities/stockFollowups.ts).
  const stopSweeper = startFollowupSweeper(db, followupWork(db, stockEvents));
  // Order lines held unmapped_sku that the catalog resolves by now (src/api/catalog/unmappedLines.ts).
  const stopUnmappedSweeper = startUnmappedSweeper(createUnmappedLines(db, temporal));
  // Accepted orders whose workflow a crash or an outage left unstarted (src/api/orders/orderStarter.ts).
  const starter = createOrderStarter({ db, temporal });
  const stopStartSweeper = startOrderStartSweeper(starter);
  // Stored Shopify deliveries a crash or a failure left behind (src/channels/shopify/inbox.ts).
  const shopifyInbox = shopifyInboxRunner(db, createOrderService({ db, temporal, taskQueue: opts.taskQueue, orderOptions: opts.orderOptions, starter }));
  const stopInboxSweeper = startInboxSweeper(shopifyInbox);
  // Returns whose workflow a crash left unstarted (src/api/returns/returnStarter.ts).
  const returnStarter = createReturnStarter({ db, temporal, taskQueue: opts.taskQueue, orderOptions: opts.orderOptions, expiryMs: opts.returnExpiryMs ?? 30 * 24 * 3_600_000 });
  const stopReturnSweeper = startReturnSweeper(returnStarter);
  const app = createApp({
    returnStarter,
    db,
    temporal,
    taskQueue: opts.taskQueue,
    orderOptions: opts.orderOptions,
    starter,
    stockEvents,
    temporalUi: { temporalUiUrl: opts.temporalUiUrl, namespace: opts.namespace },
    auth: opts.auth,
    fxRates: opts.fxRates,
    channelWebhookSecrets: opts.channelWebhookSecrets ?? {},
    metrics: { databaseText, key: opts.metrics?.key, onApiPort: ownMetricsPort === undefined },
    trustProxy: opts.trustProxy,
    shopifyInbox,
    shopifyReconcileEveryMs: opts.shopify?.reconcileEveryMs,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.apiPort, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}`;
  const metricsServer = ownMetricsPort === undefined ? undefined : startMetricsServer(ownMetricsPort, '127.0.0.1', { extra: [databaseText], key: opts.metrics?.key });
  // What every marketplace's pollers share: one connection, one database, one orders service.
  const pollerDeps = {
    temporalAddress: opts.temporalAddress,
    namespace: opts.namespace,
    temporal,
    db,
    orders: createOrderService({ db, temporal, taskQueue: opts.taskQueue, orderOptions: opts.orderOptions, starter }),
    workflowTaskQueue: opts.taskQueue,
  };
  const amazonPollers = opts.amazon
    ? await startAmazonPollers({
        ...pollerDeps,
        connector: opts.amazon.connector,
        intervalMs: opts.amazon.intervalMs,
      })
    : undefined;
  const metricsUrl = metricsServer ? `http://127.0.0.1:${await metricsServer.port}/metrics` : `${apiUrl}/metrics`;

  const ebayPollers = opts.ebay
    ? await startEbayPollers({
        ...pollerDeps,
        connector: opts.ebay.connector,
        intervalMs: opts.ebay.intervalMs,
      })
    : undefined;
  return {
    apiUrl,
    metricsUrl,
    db,
    temporal,
    ebayPollers,
    worker: workers?.orderWorker,
    resumeFulfillment: async () => workers?.resumeFulfillment(),
    amazonPollers,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ebayPollers?.stop();
      await metricsServer?.close();
      await amazonPollers?.stop();
      // Before the workers: a delivery in progress waits on its workflow update.
      await stopInboxSweeper();
      await stopReturnSweeper();
      await stopStartSweeper();
      await workers?.shutdown();
      await stopSweeper();
      await stopUnmappedSweeper();
      // Once its calls have ended: a retry that fires after the close throws outside any caller.
      await closeWhenIdle(temporal.connection);
      await db.$disconnect();
    },
  };
}
