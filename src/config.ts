import { z } from 'zod';
import { parseDuration } from './domain/duration';
import { parseApiKeys } from './api/auth/keys';
import { parseWebhookSecrets, resolveWebhookSecrets } from './channels/signature';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const url = z.url().optional();
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof logLevel>;

const schema = z.object({
  PORT: port(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  // Where operators open the Temporal Web UI (dashboard links); default: the dev server's UI.
  TEMPORAL_UI_URL: url,
  EMBEDDED_POSTGRES_PORT: port(54329),
  PAYMENT_TIMEOUT: duration('24h'),
  BACKORDER_TIMEOUT: duration('14d'),
  BACKORDER_POLICY: z.enum(['backorder', 'reserve_available', 'cancel']).default('backorder'),
  FULFILLMENT_TASK_QUEUE: z.string().min(1).optional(),
  FULFILLMENT_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  ERP_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  CRM_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  CHANNEL_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  CARRIER_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  HOLD_SLA_PAYMENT: duration('12h'),
  HOLD_SLA_FRAUD_REVIEW: duration('4h'),
  HOLD_SLA_ADDRESS: duration('24h'),
  HOLD_SLA_MANUAL: duration('48h'),
  HOLD_SLA_INVENTORY: duration('7d'),
  HOLD_SLA_INTEGRATION: duration('2h'),
  INVENTORY_SYNC_DEBOUNCE: duration('2s'),
  PARTNER_TIMEOUT: duration('10s'),
  PARTNER_RETRY_INITIAL_INTERVAL: duration('1s'),
  PARTNER_RETRY_MAX_INTERVAL: duration('5m'),
  PARTNER_RETRY_BUDGET: duration('48h'),
  ERP_URL: url,
  CRM_URL: url,
  CARRIER_URL: url,
  CHANNELS_URL: url,
  // Worker and database tuning; bench/README.md has the measurements behind the defaults.
  WORKER_WORKFLOW_SLOTS: z.coerce.number().int().min(2).max(10_000).default(40),
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).default(50),
  WORKER_WORKFLOW_POLLERS: z.coerce.number().int().min(2).max(1000).optional(),
  WORKER_ACTIVITY_POLLERS: z.coerce.number().int().min(1).max(1000).optional(),
  // 500 (not the SDK's heap-based default, ~2,300 here): a fifth of the memory per open order, same throughput (bench/README.md).
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(1_000_000).default(500),
  WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  SIMULATORS_PORT: port(4000),
  SIM_CARRIER_DISPATCH_DELAY_MS: z.coerce.number().int().min(0).default(3000),
  SIM_CARRIER_DELIVERY_DELAY_MS: z.coerce.number().int().min(0).default(5000),
  LOG_LEVEL: logLevel.optional(),
  METRICS: z.enum(['on', 'off']).default('on'),
  // The worker-only process serves its own /metrics here (the API serves it on PORT); 0: none.
  METRICS_PORT: port(9464),
  // Loopback port of the Temporal SDK's Prometheus exporter, which /metrics re-exports; 0: any free port.
  TEMPORAL_METRICS_PORT: port(0),
  // `<key>:admin,<key>:ops,<key>:carrier,<key>:channel:<channel>`; keys of 24+ characters. Unset:
  // `npm start` makes a development admin key, production refuses to start.
  API_KEYS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return text === undefined ? [] : parseApiKeys(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  // `<channel>=<secret>,…`: HMAC secrets of the native order webhooks. Unset: `dev-secret-<channel>`
  // for webstore, amazon, ebay and pos, except under NODE_ENV=production, where webhooks are refused.
  CHANNEL_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return text === undefined ? undefined : parseWebhookSecrets(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  NODE_ENV: z.string().optional(),
});

export type Config = ReturnType<typeof toConfig>;

/** One task queue per partner system, named after the orders queue. */
export function partnerTaskQueues(ordersQueue: string) {
  return { erp: `${ordersQueue}-erp`, crm: `${ordersQueue}-crm`, channel: `${ordersQueue}-channel` };
}

function toConfig(env: z.infer<typeof schema>) {
  const simulators = `http://127.0.0.1:${env.SIMULATORS_PORT}`;
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
    },
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
    /** Passed to every new order's workflow, which keeps them for its whole life. */
    orderOptions: {
      paymentTimeoutMs: env.PAYMENT_TIMEOUT,
      backorderTimeoutMs: env.BACKORDER_TIMEOUT,
      backorderPolicy: env.BACKORDER_POLICY,
      fulfillmentTaskQueue: env.FULFILLMENT_TASK_QUEUE ?? `${env.TEMPORAL_TASK_QUEUE}-fulfilment`,
      partnerTaskQueues: partnerTaskQueues(env.TEMPORAL_TASK_QUEUE),
      holdSlaMs: {
        payment: env.HOLD_SLA_PAYMENT,
        fraud_review: env.HOLD_SLA_FRAUD_REVIEW,
        address: env.HOLD_SLA_ADDRESS,
        manual: env.HOLD_SLA_MANUAL,
        inventory: env.HOLD_SLA_INVENTORY,
        integration: env.HOLD_SLA_INTEGRATION,
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
    },
    dbPoolSize: env.DB_POOL_SIZE,
    fulfilment: {
      concurrency: env.FULFILLMENT_CONCURRENCY,
      perSecond: { erp: env.ERP_CALLS_PER_SECOND, crm: env.CRM_CALLS_PER_SECOND, channel: env.CHANNEL_CALLS_PER_SECOND, carrier: env.CARRIER_CALLS_PER_SECOND },
    },
    partners: {
      timeoutMs: env.PARTNER_TIMEOUT,
      erpUrl: env.ERP_URL ?? `${simulators}/erp`,
      crmUrl: env.CRM_URL ?? `${simulators}/crm`,
      carrierUrl: env.CARRIER_URL ?? `${simulators}/carrier`,
      channelsUrl: env.CHANNELS_URL ?? `${simulators}/channels`,
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
    },
    auth: {
      keys: env.API_KEYS,
      rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
      production: env.NODE_ENV === 'production',
    },
    /** Per channel code; never logged. */
    channelWebhookSecrets: resolveWebhookSecrets(env.CHANNEL_WEBHOOK_SECRETS, env.NODE_ENV === 'production'),
  };
}

/** The root logger's level before loadConfig runs, or in processes that never call it (tests): quiet under jest. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const parsed = logLevel.safeParse(env.LOG_LEVEL?.trim());
  if (parsed.success) return parsed.data;
  return env.JEST_WORKER_ID ? 'error' : 'info';
}

/** Reads and validates the environment once, at start-up; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", not zero or an empty URL.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return toConfig(parsed.data);
}

export function requireSetting<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`${name} must be set for this process`);
  return value;
}
