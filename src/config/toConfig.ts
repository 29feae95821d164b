import { DEFAULT_FX_RATES } from '../domain/fx';
import type { Env } from './envSchema';
import type { TemporalTarget } from '../temporal/connection';

/** TLS, API key and gRPC headers of the Temporal connection (src/config/temporalProfile.ts). */
export type TemporalSecurity = Pick<TemporalTarget, 'apiKey' | 'tls' | 'metadata'>;

/** The partner systems' base URLs when the simulators at `baseUrl` stand in for all of them (the default, and in tests, bench and chaos). */
export function simulatorPartnerUrls(baseUrl: string) {
  return { erpUrl: `${baseUrl}/erp`, crmUrl: `${baseUrl}/crm`, carrierUrl: `${baseUrl}/carrier`, channelsUrl: `${baseUrl}/channels`, gatewayUrl: `${baseUrl}/gateway` };
}

/** One task queue per partner system, named after the orders queue. */
export function partnerTaskQueues(ordersQueue: string) {
  return { erp: `${ordersQueue}-erp`, crm: `${ordersQueue}-crm`, channel: `${ordersQueue}-channel`, gateway: `${ordersQueue}-gateway` };
}

/** The validated environment as the hub's settings, grouped by the part of the hub that uses them. */
export function toConfig(env: Env, temporalSecurity: TemporalSecurity = {}) {
  const simulators = `http://127.0.0.1:${env.SIMULATORS_PORT}`;
  const sims = simulatorPartnerUrls(simulators);
  return {
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      devServerPort: env.TEMPORAL_PORT,
      devServerUiPort: env.TEMPORAL_UI_PORT,
      uiUrl: (env.TEMPORAL_UI_URL ?? `http://localhost:${env.TEMPORAL_UI_PORT}`).replace(/\/+$/, ''),
      /** Never logged (it may hold an API key and a private key); see temporalTarget(). */
      security: temporalSecurity,
      connectTimeoutMs: env.TEMPORAL_CONNECT_TIMEOUT,
      versioning: { enabled: env.TEMPORAL_WORKER_VERSIONING === 'on', deploymentName: env.TEMPORAL_DEPLOYMENT_NAME, setCurrent: env.TEMPORAL_WORKER_SET_CURRENT },
    },
    seedDemo: env.SEED_DEMO === '1',
    /** Returns (issue 18): how long a return waits for its parcel's first scan before it expires. */
    returns: { expiryMs: env.RETURN_EXPIRY },
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
    /** Passed to every new order's workflow, which keeps them for its whole life. */
    orderOptions: {
      paymentTimeoutMs: env.PAYMENT_TIMEOUT,
      backorderTimeoutMs: env.BACKORDER_TIMEOUT,
      backorderPolicy: env.BACKORDER_POLICY,
      authorizationHoldAfterMs: env.AUTHORIZATION_HOLD_AFTER,
      fulfillmentTaskQueue: env.FULFILLMENT_TASK_QUEUE ?? `${env.TEMPORAL_TASK_QUEUE}-fulfillment`,
      partnerTaskQueues: partnerTaskQueues(env.TEMPORAL_TASK_QUEUE),
      holdSlaMs: {
        payment: env.HOLD_SLA_PAYMENT,
        fraud_review: env.HOLD_SLA_FRAUD_REVIEW,
        address: env.HOLD_SLA_ADDRESS,
        manual: env.HOLD_SLA_MANUAL,
        inventory: env.HOLD_SLA_INVENTORY,
        integration: env.HOLD_SLA_INTEGRATION,
        unmapped_sku: env.HOLD_SLA_UNMAPPED_SKU,
        total_mismatch: env.HOLD_SLA_TOTAL_MISMATCH,
      },
      partnerRetry: {
        initialIntervalMs: env.PARTNER_RETRY_INITIAL_INTERVAL,
        maximumIntervalMs: env.PARTNER_RETRY_MAX_INTERVAL,
        budgetMs: env.PARTNER_RETRY_BUDGET,
      },
    },
    inventorySync: { debounceMs: env.INVENTORY_SYNC_DEBOUNCE },
    /** Unset pollers: the Temporal SDK's default, min(10, slots). */
    worker: {
      workflowSlots: env.WORKER_WORKFLOW_SLOTS,
      activitySlots: env.WORKER_ACTIVITY_SLOTS,
      workflowPollers: env.WORKER_WORKFLOW_POLLERS,
      activityPollers: env.WORKER_ACTIVITY_POLLERS,
      cachedWorkflows: env.WORKER_CACHED_WORKFLOWS,
      workflowThreads: env.WORKER_WORKFLOW_THREADS,
      partnerActivitySlots: env.WORKER_PARTNER_ACTIVITY_SLOTS,
      /** `resource`: the partner queues' slots between minSlots and partnerActivitySlots, as the host's CPU and memory allow. */
      partnerTuner: {
        kind: env.WORKER_PARTNER_TUNER,
        minSlots: env.WORKER_PARTNER_MIN_SLOTS,
        targetCpu: env.WORKER_TUNER_TARGET_CPU,
        targetMemory: env.WORKER_TUNER_TARGET_MEMORY,
      },
    },
    dbPoolSize: env.DB_POOL_SIZE,
    fulfillment: {
      concurrency: env.FULFILLMENT_CONCURRENCY,
      perSecond: {
        erp: env.ERP_CALLS_PER_SECOND,
        crm: env.CRM_CALLS_PER_SECOND,
        channel: env.CHANNEL_CALLS_PER_SECOND,
        gateway: env.GATEWAY_CALLS_PER_SECOND,
        carrier: env.CARRIER_CALLS_PER_SECOND,
      },
      /** Each sales channel's calls per second on the channel queue, across all workers (a fairness-key rate limit on the server). */
      perChannelPerSecond: env.CHANNEL_CALLS_PER_SECOND_PER_CHANNEL,
    },
    partners: {
      timeoutMs: env.PARTNER_TIMEOUT,
      erpUrl: env.ERP_URL ?? sims.erpUrl,
      crmUrl: env.CRM_URL ?? sims.crmUrl,
      carrierUrl: env.CARRIER_URL ?? sims.carrierUrl,
      channelsUrl: env.CHANNELS_URL ?? sims.channelsUrl,
      gatewayUrl: env.GATEWAY_URL ?? sims.gatewayUrl,
    },
    simulators: {
      port: env.SIMULATORS_PORT,
      carrierDispatchDelayMs: env.SIM_CARRIER_DISPATCH_DELAY_MS,
      carrierDeliveryDelayMs: env.SIM_CARRIER_DELIVERY_DELAY_MS,
    },
    observability: {
      /** Unset: info, or error under jest (see logLevelFromEnv). */
      logLevel: env.LOG_LEVEL,
      metrics: env.METRICS === 'on',
      workerMetricsPort: env.METRICS_PORT,
      temporalMetricsPort: env.TEMPORAL_METRICS_PORT,
      dbMetricsIntervalMs: env.METRICS_DB_INTERVAL,
      /** Never logged. */
      metricsKey: env.METRICS_KEY,
      /** Unset: /metrics on the API's PORT. */
      apiMetricsPort: env.API_METRICS_PORT,
      /** Unset endpoint: tracing off (no provider, no interceptors, the untraced workflow bundle). */
      tracing: { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    },
    auth: {
      keys: env.API_KEYS,
      rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
      /** How long a console sign-in lasts (docs/dashboard.md). */
      sessionTtlMs: env.DASHBOARD_SESSION_TTL,
      production: env.NODE_ENV === 'production',
    },
    /** Express `trust proxy`: who the client is behind load balancers. */
    trustProxy: env.TRUST_PROXY,
    /** Units of each currency per US dollar: the built-in rounded rates, overridden by FX_RATES. */
    fxRates: { ...DEFAULT_FX_RATES, ...env.FX_RATES },
    /** Per channel code, as configured (undefined: unset, see resolveWebhookSecrets); never logged. */
    channelWebhookSecrets: env.CHANNEL_WEBHOOK_SECRETS,
    /** Shopify Admin API: the tokens are never logged. */
    shopify: {
      admin: { apiVersion: env.SHOPIFY_API_VERSION, adminUrl: env.SHOPIFY_ADMIN_URL ?? `${simulators}/shopify/{shop}`, timeoutMs: env.PARTNER_TIMEOUT },
      tokens: env.SHOPIFY_ACCESS_TOKENS,
      reconcileEveryMs: env.SHOPIFY_RECONCILE_EVERY,
    },
    /** Amazon SP-API pollers (docs/amazon.md); credentials never logged. */
    amazon: {
      credentials: env.AMAZON_CREDENTIALS,
      spApiUrl: env.AMAZON_SP_API_URL,
      lwaUrl: env.AMAZON_LWA_URL,
      pollIntervalMs: env.AMAZON_POLL_INTERVAL,
      usagePlanScale: env.AMAZON_USAGE_PLAN_SCALE,
      production: env.NODE_ENV === 'production',
      simulatorsUrl: simulators,
    },
    /** eBay pollers (src/channels/ebay/config.ts turns this into the connector's options); credentials never logged. */
    ebay: {
      apiUrl: env.EBAY_API_URL,
      pollIntervalMs: env.EBAY_POLL_INTERVAL,
      credentials: env.EBAY_CREDENTIALS,
      production: env.NODE_ENV === 'production',
      simulatorsUrl: simulators,
    },
  };
}

/** What the client and the workers connect to: TEMPORAL_ADDRESS (or `address`, e.g. a dev server `npm start` runs) with the configured security. */
export function temporalTarget(temporal: { address?: string; security: TemporalSecurity; connectTimeoutMs: number }, address = temporal.address): TemporalTarget {
  if (!address) throw new Error('TEMPORAL_ADDRESS must be set for this process');
  return { address, ...temporal.security, connectTimeoutMs: temporal.connectTimeoutMs };
}
