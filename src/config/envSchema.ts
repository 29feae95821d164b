import { z } from 'zod';
import { parseDuration } from '../domain/duration';
import { MIN_KEY_LENGTH, parseApiKeys } from '../api/auth/keys';
import { parseWebhookSecrets } from '../channels/webhookSecrets';
import { parseTrustProxy } from '../api/trustProxy';
import { parseFxRates } from '../domain/fx';
import { parseShopifyAccessTokens } from '../channels/shopify/adminTokens';
import { parseAmazonCredentials } from '../channels/amazon/config';
import { parseEbayCredentials } from '../channels/ebay/config';

const duration = (fallback: string) =>
  z
    .string()
    // Tells scripts/docs-config.ts to show "duration" (`<n>ms|s|m|h|d`) as the allowed values.
    .meta({ valueFormat: 'duration' })
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
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof logLevel>;

/** The environment the hub reads, validated once at start-up (src/config/index.ts). */
export const envSchema = z
  .object({
    PORT: port(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    // The rest of the connection is read by @temporalio/envconfig (src/config/temporalProfile.ts); listed here to be validated and documented.
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().min(1).optional(),
    TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().min(1).optional(),
    TEMPORAL_CONFIG_FILE: z.string().min(1).optional(),
    TEMPORAL_PROFILE: z.string().min(1).optional(),
    TEMPORAL_CONNECT_TIMEOUT: duration('10s').refine((ms) => ms >= 100, 'must be at least 100ms'),
    // Worker Versioning (docs/deployment.md): workers declare deployment TEMPORAL_DEPLOYMENT_NAME, build id = the workflow bundle's hash.
    TEMPORAL_WORKER_VERSIONING: z.enum(['on', 'off']).default('off'),
    TEMPORAL_WORKER_SET_CURRENT: z.enum(['first', 'newest']).default('first'),
    TEMPORAL_DEPLOYMENT_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'may use letters, digits, _ and - only')
      .default('orderhub'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
    TEMPORAL_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    // Where operators open the Temporal Web UI (dashboard links); default: the dev server's UI.
    TEMPORAL_UI_URL: url,
    EMBEDDED_POSTGRES_PORT: port(54329),
    PAYMENT_TIMEOUT: duration('24h'),
    BACKORDER_TIMEOUT: duration('14d'),
    RETURN_EXPIRY: duration('30d'),
    AUTHORIZATION_HOLD_AFTER: duration('7d'),
    BACKORDER_POLICY: z.enum(['backorder', 'reserve_available', 'cancel']).default('backorder'),
    FULFILLMENT_TASK_QUEUE: z.string().min(1).optional(),
    FULFILLMENT_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
    ERP_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    CRM_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    CHANNEL_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    GATEWAY_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    CARRIER_CALLS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    // Server-side limit per fairness key (sales channel) on the channel queue: src/workers/channelRateLimit.ts.
    CHANNEL_CALLS_PER_SECOND_PER_CHANNEL: z.coerce.number().positive().max(10_000).default(20),
    HOLD_SLA_PAYMENT: duration('12h'),
    HOLD_SLA_FRAUD_REVIEW: duration('4h'),
    HOLD_SLA_ADDRESS: duration('24h'),
    HOLD_SLA_MANUAL: duration('48h'),
    HOLD_SLA_INVENTORY: duration('7d'),
    HOLD_SLA_INTEGRATION: duration('2h'),
    HOLD_SLA_UNMAPPED_SKU: duration('24h'),
    HOLD_SLA_TOTAL_MISMATCH: duration('24h'),
    INVENTORY_SYNC_DEBOUNCE: duration('2s'),
    PARTNER_TIMEOUT: duration('10s'),
    PARTNER_RETRY_INITIAL_INTERVAL: duration('1s'),
    PARTNER_RETRY_MAX_INTERVAL: duration('5m'),
    PARTNER_RETRY_BUDGET: duration('48h'),
    ERP_URL: url,
    CRM_URL: url,
    CARRIER_URL: url,
    CHANNELS_URL: url,
    GATEWAY_URL: url,
    AMAZON_SP_API_URL: url,
    AMAZON_LWA_URL: url,
    AMAZON_POLL_INTERVAL: duration('1m'),
    AMAZON_USAGE_PLAN_SCALE: z.coerce.number().positive().max(10_000).default(1),
    AMAZON_CREDENTIALS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        try {
          return text === undefined ? undefined : parseAmazonCredentials(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
    // Worker and database tuning; bench/README.md has the measurements behind the defaults.
    WORKER_WORKFLOW_SLOTS: z.coerce.number().int().min(2).max(10_000).default(40),
    WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).default(50),
    WORKER_PARTNER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).default(50),
    WORKER_WORKFLOW_POLLERS: z.coerce.number().int().min(2).max(1000).optional(),
    WORKER_ACTIVITY_POLLERS: z.coerce.number().int().min(1).max(1000).optional(),
    // 500 (not the SDK's heap-based default, ~2,300 here): a fifth of the memory per open order, same throughput (bench/README.md).
    WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(1_000_000).default(500),
    WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(64).default(1),
    // The partner queues' slots follow the host's CPU and memory (src/workers/partnerTuner.ts); label buying and the orders queue keep fixed slots.
    WORKER_PARTNER_TUNER: z.enum(['resource', 'fixed']).default('resource'),
    WORKER_PARTNER_MIN_SLOTS: z.coerce.number().int().min(1).max(10_000).default(10),
    WORKER_TUNER_TARGET_CPU: z.coerce.number().gt(0).max(1).default(0.8),
    WORKER_TUNER_TARGET_MEMORY: z.coerce.number().gt(0).max(1).default(0.8),
    // `npm run migrate` seeds the demo catalogue, stock and channels into an empty database only when this is 1.
    SEED_DEMO: z.enum(['0', '1']).default('0'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    SIMULATORS_PORT: port(4000),
    SIM_CARRIER_DISPATCH_DELAY_MS: z.coerce.number().int().min(0).default(3000),
    SIM_CARRIER_DELIVERY_DELAY_MS: z.coerce.number().int().min(0).default(5000),
    LOG_LEVEL: logLevel.optional(),
    // Tracing (src/observability/tracing.ts): spans go out over OTLP/HTTP only when an endpoint is set.
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .regex(/^https?:\/\//, 'must be an http(s):// URL (OTLP over HTTP)')
      .optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('orderhub'),
    METRICS: z.enum(['on', 'off']).default('on'),
    // The worker-only process serves its own /metrics here (the API serves it on PORT); 0: none.
    METRICS_PORT: port(9464),
    // Loopback port of the Temporal SDK's Prometheus exporter, which /metrics re-exports; 0: any free port.
    TEMPORAL_METRICS_PORT: port(0),
    // The API's /metrics computes its database figures (full scans of orders) at most once per interval.
    METRICS_DB_INTERVAL: duration('15s').refine((ms) => ms >= 1000, 'must be at least 1s'),
    // Set: every /metrics of this process (API, API_METRICS_PORT, worker) answers only `Authorization: Bearer <key>`.
    METRICS_KEY: z
      .string()
      .min(MIN_KEY_LENGTH)
      .regex(/^[A-Za-z0-9._~+/=-]+$/, 'may use letters, digits and . _ ~ + / = - only')
      .optional(),
    // Set: the API process serves /metrics on this port instead of PORT (e.g. reachable from the monitoring network only).
    API_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // `<key>:admin:<name>,<key>:ops:<name>,<key>:carrier:<name>,<key>:channel:<channel>:<name>`; keys
    // of 24+ characters; the name is who acts (audit trail), optional for older lists. Unset:
    // `npm start` makes a development admin key (dev-admin), production refuses to start.
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
    // `<channel>=<secret>,…`: HMAC secrets of the native order webhooks; a channel listed twice has
    // two (a rotation: new and old). Unset: a random secret per demo channel made once per install
    // (.data/webhook-secrets.json), except under NODE_ENV=production, where webhooks are refused.
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
    // Which X-Forwarded-For hops name the client (rate limits, logs): false, a hop count or proxy addresses/subnets (src/api/trustProxy.ts).
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((text, ctx) => {
        try {
          return parseTrustProxy(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
    // `<currency>=<units per US dollar>,…`, e.g. `EUR=0.92,JPY=150`: added to (and overriding) the
    // built-in rounded rates (src/domain/fx.ts). Money thresholds (fraud review, risk) are in US cents.
    FX_RATES: z
      .string()
      .optional()
      .transform((text, ctx) => {
        try {
          return text === undefined ? {} : parseFxRates(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
    DASHBOARD_SESSION_TTL: duration('8h').refine((ms) => ms >= 60_000, 'must be at least 1m'),
    NODE_ENV: z.string().optional(),
    // Shopify Admin API (src/channels/shopify/admin*.ts, docs/shopify.md): pinned REST version,
    // where the shops are (a URL with `{shop}`, e.g. https://{shop}; unset: the simulators),
    // `<channel or secretName>=<access token>,…` (never logged), reconciliation interval.
    SHOPIFY_API_VERSION: z
      .string()
      .regex(/^\d{4}-(01|04|07|10)$/, 'must be a Shopify API version such as 2025-07')
      .default('2025-07'),
    SHOPIFY_ADMIN_URL: z
      .string()
      .optional()
      .refine((text) => text === undefined || (/^https?:\/\//.test(text) && text.includes('{shop}')), 'must be an http(s) URL containing {shop}, e.g. https://{shop}'),
    SHOPIFY_ACCESS_TOKENS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        try {
          return text === undefined ? {} : parseShopifyAccessTokens(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
    SHOPIFY_RECONCILE_EVERY: duration('5m'),
    // eBay's Sell APIs (docs/ebay.md): where they are, how often each ebay channel is polled, and each channel's OAuth client and refresh token.
    EBAY_API_URL: url,
    EBAY_POLL_INTERVAL: duration('1m'),
    EBAY_CREDENTIALS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        try {
          return text === undefined ? undefined : parseEbayCredentials(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
  })
  .superRefine((env, ctx) => {
    if (env.API_METRICS_PORT !== undefined && env.API_METRICS_PORT === env.PORT)
      ctx.addIssue({ code: 'custom', path: ['API_METRICS_PORT'], message: 'must differ from PORT (unset it to serve /metrics on PORT)' });
  });

export type Env = z.infer<typeof envSchema>;
