// `npm start`: the whole hub on embedded defaults. PostgreSQL and Temporal are started here
// unless DATABASE_URL / TEMPORAL_ADDRESS point at running ones; data persists in .data/.
import path from 'node:path';
import { loadConfig, temporalTarget } from './config';
import { logger, setLogLevel } from './observability/logger';
import { prepareDatabase } from './db/prepareDatabase';
import { startEmbeddedPostgres } from './infra/embeddedPostgres';
import { dataDir } from './infra/paths';
import { configuredWorkflowBundle } from './infra/workflowBundle';
import { startTracing } from './observability/tracing';
import { onShutdownSignal } from './infra/shutdown';
import { startTemporalDevServer } from './infra/temporalDevServer';
import { ensureSearchAttributes } from './temporal/searchAttributeRegistry';
import { describeTarget, type TemporalTarget } from './temporal/connection';
import { configuredWorkerVersion } from './workers/workerVersioning';
import { startHub } from './hub';
import { amazonConnectorOptions } from './channels/amazon/config';
import { ebayConnectorOptions } from './channels/ebay/config';
import { faultConfigFromEnv, startSimulators } from './simulators';
import { randomApiKey, resolveApiKeys } from './api/auth/devKey';
import { apiKey } from './api/auth/keys';
import { devSignInLink } from './api/auth/signInLink';
import { resolveWebhookSecrets, webhookSecretsFile } from './channels/webhookSecrets';
import { DEMO_SHOPIFY_DOMAIN } from './db/seed';

async function main() {
  const config = loadConfig();
  setLogLevel(config.observability.logLevel);
  // Before the Temporal client and the workers are made: they take their interceptors from it.
  const tracing = await startTracing(config.observability.tracing);
  // Before anything starts: production without API_KEYS stops here.
  const { keys, devKey } = resolveApiKeys(config.auth, dataDir);
  // The in-process carrier simulator's own key: it never leaves this process.
  const simulatorCarrierKey = randomApiKey('sim-carrier');
  const stops: (() => Promise<void>)[] = [];
  onShutdownSignal(async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'stopping failed'));
    await tracing?.shutdown();
  });

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      database: 'orderhub',
      persistent: true,
    });
    stops.push(pg.stop);
    databaseUrl = pg.databaseUrl;
  }
  const seeded = await prepareDatabase(databaseUrl, { shopifyApiVersion: config.shopify.admin.apiVersion });

  // TEMPORAL_ADDRESS (with its TLS, API key): an external Temporal; unset: a dev server of our own, plaintext on loopback.
  let temporal: TemporalTarget | undefined = config.temporal.address ? temporalTarget(config.temporal) : undefined;
  let temporalUi: string | undefined;
  if (!temporal) {
    const devServer = await startTemporalDevServer({
      port: config.temporal.devServerPort,
      uiPort: config.temporal.devServerUiPort,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
    });
    stops.push(devServer.stop);
    temporal = { address: devServer.address };
    temporalUi = devServer.uiUrl;
    const added = await ensureSearchAttributes(temporal, config.temporal.namespace);
    if (added.length > 0) logger.info({ added }, 'registered search attributes missing from the existing Temporal database');
  }

  const webhookSecrets = resolveWebhookSecrets(config.channelWebhookSecrets, config.auth.production, dataDir);
  const shopifySecret = webhookSecrets.shopify?.[0];
  const simulators = await startSimulators({
    port: config.simulators.port,
    hubUrl: `http://127.0.0.1:${config.port}`,
    hubApiKey: simulatorCarrierKey,
    carrierDispatchDelayMs: config.simulators.carrierDispatchDelayMs,
    carrierDeliveryDelayMs: config.simulators.carrierDeliveryDelayMs,
    // SIM_FAULTS / SIM_<SYSTEM>_FAILURE_RATE etc.: rehearse partner outages on the demo stack.
    faults: faultConfigFromEnv(process.env),
    // The demo Shopify store: POST /admin/shopify/webhooks on the simulators sends the hub a signed order.
    ...(shopifySecret && { shopifyStore: { channel: 'shopify', shopDomain: DEMO_SHOPIFY_DOMAIN, secret: shopifySecret, apiVersion: config.shopify.admin.apiVersion } }),
  });
  stops.push(simulators.stop);

  const bundle = await configuredWorkflowBundle(dataDir, tracing !== undefined);
  const hub = await startHub({
    databaseUrl,
    temporalAddress: temporal,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    orderOptions: config.orderOptions,
    returnExpiryMs: config.returns.expiryMs,
    fulfillment: config.fulfillment,
    inventorySync: config.inventorySync,
    partners: config.partners,
    apiPort: config.port,
    auth: { keys: [...keys, apiKey(simulatorCarrierKey, 'carrier', undefined, 'simulator-carrier')], rateLimit: config.auth.rateLimit, sessionTtlMs: config.auth.sessionTtlMs },
    channelWebhookSecrets: webhookSecrets,
    fxRates: config.fxRates,
    workflowBundlePath: bundle.path,
    worker: config.worker,
    dbPoolSize: config.dbPoolSize,
    temporalMetricsPort: config.observability.metrics ? config.observability.temporalMetricsPort : null,
    temporalUiUrl: config.temporal.uiUrl,
    metrics: { dbIntervalMs: config.observability.dbMetricsIntervalMs, key: config.observability.metricsKey, port: config.observability.apiMetricsPort },
    trustProxy: config.trustProxy,
    shopify: config.shopify,
    version: configuredWorkerVersion(config.temporal.versioning, bundle.path),
    amazon: amazonConnectorOptions(config.amazon),
    ebay: ebayConnectorOptions(config.ebay),
  });
  stops.push(hub.stop);
  // Development only: one use, ten minutes; a new one at every start.
  const dashboard = devKey ? await devSignInLink(hub.db, keys[0]!, `http://localhost:${config.port}`) : `http://localhost:${config.port}/dashboard`;

  logger.info(
    {
      api: `http://localhost:${config.port}/api/v1/orders`,
      dashboard,
      health: `http://localhost:${config.port}/healthz`,
      metrics: hub.metricsUrl.replace('127.0.0.1', 'localhost'),
      temporalUi: temporalUi ?? `(external Temporal at ${temporal.address})`,
      temporal: describeTarget(temporal),
      simulators: simulators.url,
      simulatorCalls: `${simulators.url}/admin/calls`,
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL in .data/postgres',
      demoDataSeeded: seeded,
      workflowBundle: `${path.relative(process.cwd(), bundle.path)} (${bundle.reused ? 'reused' : 'bundled now'})`,
      // Development only (API_KEYS unset): the admin key for curl and the dashboard, kept in .data/dev-api-key.
      ...(devKey && { devApiKey: devKey }),
      // Development only (CHANNEL_WEBHOOK_SECRETS unset): where this install's random webhook secrets are.
      ...(!config.channelWebhookSecrets && !config.auth.production && { webhookSecrets: path.relative(process.cwd(), webhookSecretsFile(dataDir)) }),
    },
    'orderhub ready',
  );
}

main().catch((err) => {
  logger.fatal({ err }, 'orderhub failed to start');
  process.exit(1);
});
