// `npm run worker`: one worker process against a configured Temporal and PostgreSQL.
import { createActivities, createPartnerClients } from '../activities';
import { partnerCallLog } from '../activities/partnerCallLog';
import { loadConfig, requireSetting, temporalTarget } from '../config';
import { freePort } from '../infra/freePort';
import { logger, setLogLevel } from '../observability/logger';
import { startMetricsServer } from '../observability/metricsServer';
import { createDb } from '../db/prisma';
import { dataDir } from '../infra/paths';
import { configuredWorkflowBundle } from '../infra/workflowBundle';
import { startTracing } from '../observability/tracing';
import { startWorkers } from './startWorkers';
import { configuredWorkerVersion } from './workerVersioning';
import { installTemporalRuntime } from '../temporal/runtime';
import { connectTemporalClient, describeTarget } from '../temporal/connection';
import { closeWhenIdle } from '../temporal/callTracker';
import { stockEventsNotifier } from '../temporal/stockEvents';
import { ensureShopifyReconcileSchedules } from '../channels/shopify/adminSchedules';
import { startAmazonPollers } from '../channels/amazon/pollers';
import { amazonConnectorOptions } from '../channels/amazon/config';
import { startEbayPollers } from '../channels/ebay/pollers';
import { ebayConnectorOptions } from '../channels/ebay/config';
import { createOrderService } from '../api/orders/service';
import { createOrderStarter, startOrderStartSweeper } from '../api/orders/orderStarter';

async function main() {
  const config = loadConfig();
  setLogLevel(config.observability.logLevel);
  const { metrics, workerMetricsPort, temporalMetricsPort, metricsKey } = config.observability;
  installTemporalRuntime(undefined, metrics ? { port: temporalMetricsPort || (await freePort()) } : undefined);
  // No API here: this process serves its own /metrics (partner calls and the SDK's worker metrics).
  const metricsServer = metrics && workerMetricsPort > 0 ? startMetricsServer(workerMetricsPort, undefined, { key: metricsKey }) : undefined;
  // Before the Temporal client and the workers are made: they take their interceptors from it.
  const tracing = await startTracing(config.observability.tracing);
  const db = createDb(requireSetting(config.databaseUrl, 'DATABASE_URL'), config.dbPoolSize);
  const target = temporalTarget(config.temporal);
  const client = await connectTemporalClient(target, config.temporal.namespace);
  const activities = createActivities({
    db,
    partners: createPartnerClients(config.partners, partnerCallLog(db)),
    stockEvents: stockEventsNotifier(client, config.temporal.taskQueue, config.inventorySync),
    fxRates: config.fxRates,
    shopify: config.shopify,
    amazon: amazonConnectorOptions(config.amazon).connector,
    ebay: ebayConnectorOptions(config.ebay).connector,
    orderStarter: { temporal: client, taskQueue: config.temporal.taskQueue, orderOptions: config.orderOptions },
  });
  const { partnerTaskQueues: queues, fulfillmentTaskQueue } = config.orderOptions;
  const workflowBundlePath = (await configuredWorkflowBundle(dataDir, tracing !== undefined)).path;
  const version = configuredWorkerVersion(config.temporal.versioning, workflowBundlePath);
  const workers = await startWorkers({
    temporalAddress: target,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    workflowBundlePath,
    version,
    tuning: config.worker,
    partnerTaskQueues: queues,
    fulfillmentTaskQueue,
    fulfillment: config.fulfillment,
  });
  // Each Shopify channel's reconciliation schedule exists and has the configured interval.
  await ensureShopifyReconcileSchedules(client, db, { taskQueue: config.temporal.taskQueue, everyMs: config.shopify.reconcileEveryMs });
  // Amazon's pollers: their SP-API activities on a queue of their own, one poller workflow per amazon channel with credentials.
  // The pollers accept orders too: their workflows are started by this process's starter (and by the API's sweeper after a crash).
  const starter = createOrderStarter({ db, temporal: client });
  const stopStartSweeper = startOrderStartSweeper(starter);
  const pollerDeps = {
    temporalAddress: target,
    namespace: config.temporal.namespace,
    temporal: client,
    db,
    orders: createOrderService({ db, temporal: client, taskQueue: config.temporal.taskQueue, orderOptions: config.orderOptions, starter }),
    workflowTaskQueue: config.temporal.taskQueue,
  };
  const amazonPollers = await startAmazonPollers({ ...pollerDeps, ...amazonConnectorOptions(config.amazon) });
  // eBay's pollers likewise, on their own queue.
  const ebayPollers = await startEbayPollers({ ...pollerDeps, ...ebayConnectorOptions(config.ebay) });
  if (version && typeof workers.versioning === 'object')
    logger.warn(
      { ...version, currentBuildId: workers.versioning.current },
      'this build is not the current version of its Worker Deployment: it gets work once an operator ramps or sets it current (docs/deployment.md)',
    );
  logger.info(
    {
      version,
      versioning: workers.versioning,
      taskQueue: config.temporal.taskQueue,
      partnerQueues: { ...queues, carrier: fulfillmentTaskQueue },
      temporal: describeTarget(target),
    },
    'orderhub worker polling',
  );
  // The SDK stops polling on SIGINT/SIGTERM and lets running tasks finish before the workers stop.
  await workers.finished();
  await amazonPollers.stop();
  await ebayPollers.stop();
  await stopStartSweeper();
  await closeWhenIdle(client.connection);
  await db.$disconnect();
  await metricsServer?.close();
  await tracing?.shutdown();
}

main().catch((err) => {
  logger.fatal({ err }, 'orderhub worker failed');
  process.exit(1);
});
