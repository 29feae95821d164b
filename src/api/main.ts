// `npm run api`: the API process alone, against a configured Temporal and PostgreSQL.
import { loadConfig, requireSetting, temporalTarget } from '../config';
import { startTracing } from '../observability/tracing';
import { logger, setLogLevel } from '../observability/logger';
import { createDb } from '../db/prisma';
import { onShutdownSignal } from '../infra/shutdown';
import { connectTemporalClient } from '../temporal/connection';
import { closeWhenIdle } from '../temporal/callTracker';
import { createApp } from './app';
import { createUnmappedLines, startUnmappedSweeper } from './catalog/unmappedLines';
import { stockEventsNotifier } from '../temporal/stockEvents';
import { startFollowupSweeper } from '../activities/stockFollowups';
import { followupWork } from '../activities/backorderQueue';
import { dataDir } from '../infra/paths';
import { resolveApiKeys } from './auth/devKey';
import { devSignInLink } from './auth/signInLink';
import { cachedDatabaseMetrics } from './metrics/dbMetrics';
import { startMetricsServer } from '../observability/metricsServer';
import { resolveWebhookSecrets } from '../channels/webhookSecrets';
import { shopifyInboxRunner, startInboxSweeper } from '../channels/shopify/wiring';
import { createOrderService } from './orders/service';
import { createReturnStarter, startReturnSweeper } from './returns/returnStarter';
import { createOrderStarter, startOrderStartSweeper } from './orders/orderStarter';

async function main() {
  const config = loadConfig();
  setLogLevel(config.observability.logLevel);
  const { keys, devKey } = resolveApiKeys(config.auth, dataDir);
  // Before the Temporal client and the app are made: both take their tracing from it.
  const tracing = await startTracing(config.observability.tracing);
  const db = createDb(requireSetting(config.databaseUrl, 'DATABASE_URL'), config.dbPoolSize);
  const temporal = await connectTemporalClient(temporalTarget(config.temporal), config.temporal.namespace);
  const { dbMetricsIntervalMs, metricsKey, apiMetricsPort } = config.observability;
  const databaseText = cachedDatabaseMetrics(db, dbMetricsIntervalMs);
  const stockEvents = stockEventsNotifier(temporal, config.temporal.taskQueue, config.inventorySync);
  // Work owed after committed stock changes that failed at first (src/activities/stockFollowups.ts).
  const stopSweeper = startFollowupSweeper(db, followupWork(db, stockEvents));
  // Order lines held unmapped_sku that the catalog resolves by now (src/api/catalog/unmappedLines.ts).
  const stopUnmappedSweeper = startUnmappedSweeper(createUnmappedLines(db, temporal));
  // Accepted orders whose workflow a crash or an outage left unstarted (src/api/orders/orderStarter.ts).
  const starter = createOrderStarter({ db, temporal });
  const stopStartSweeper = startOrderStartSweeper(starter);
  // Stored Shopify deliveries a crash or a failure left behind (src/channels/shopify/inbox.ts).
  const shopifyInbox = shopifyInboxRunner(db, createOrderService({ db, temporal, taskQueue: config.temporal.taskQueue, orderOptions: config.orderOptions, starter }));
  const stopInboxSweeper = startInboxSweeper(shopifyInbox);
  // Returns whose workflow a crash left unstarted (src/api/returns/returnStarter.ts).
  const returnStarter = createReturnStarter({ db, temporal, taskQueue: config.temporal.taskQueue, orderOptions: config.orderOptions, expiryMs: config.returns.expiryMs });
  const stopReturnSweeper = startReturnSweeper(returnStarter);
  const app = createApp({
    returnStarter,
    db,
    temporal,
    taskQueue: config.temporal.taskQueue,
    orderOptions: config.orderOptions,
    starter,
    stockEvents,
    temporalUi: { temporalUiUrl: config.temporal.uiUrl, namespace: config.temporal.namespace },
    auth: { keys, rateLimit: config.auth.rateLimit, sessionTtlMs: config.auth.sessionTtlMs },
    channelWebhookSecrets: resolveWebhookSecrets(config.channelWebhookSecrets, config.auth.production, dataDir),
    metrics: { databaseText, key: metricsKey, onApiPort: apiMetricsPort === undefined },
    trustProxy: config.trustProxy,
    fxRates: config.fxRates,
    shopifyInbox,
    shopifyReconcileEveryMs: config.shopify.reconcileEveryMs,
  });
  // API_METRICS_PORT: /metrics on a port of its own, on every interface like the API (restrict it by network).
  const metricsServer = apiMetricsPort === undefined ? undefined : startMetricsServer(apiMetricsPort, '0.0.0.0', { extra: [databaseText], key: metricsKey });
  const metrics = `http://localhost:${apiMetricsPort ?? config.port}/metrics`;
  // Development only: a one-time console sign-in link (one use, ten minutes).
  const dashboard = devKey ? await devSignInLink(db, keys[0]!, `http://localhost:${config.port}`) : `http://localhost:${config.port}/dashboard`;
  const server = app.listen(config.port, () => logger.info({ port: config.port, metrics, dashboard, ...(devKey && { devApiKey: devKey }) }, 'orderhub API listening'));
  onShutdownSignal(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await metricsServer?.close();
    await stopSweeper();
    await stopUnmappedSweeper();
    await stopInboxSweeper();
    await stopReturnSweeper();
    await stopStartSweeper();
    await closeWhenIdle(temporal.connection);
    await db.$disconnect();
    await tracing?.shutdown();
  });
}

main().catch((err) => {
  logger.fatal({ err }, 'orderhub API failed');
  process.exit(1);
});
