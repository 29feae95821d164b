import type { envSchema } from './envSchema';

/** What docs/configuration.md says about a setting; its default and allowed values come from the schema. */
export interface SettingDoc {
  /** What the setting does, for the person who sets it. */
  meaning: string;
  /** What an unset value means: given exactly for the settings without a default in the schema. */
  unset?: string;
}

/**
 * One entry per setting of the schema (`satisfies` makes a missing or a stale one a type error,
 * and test/docs/docs.test.ts checks the rendered table). Kept beside the schema rather than
 * inside it so that a setting's validation and its prose can be changed independently.
 */
export const settingDocs = {
  PORT: {
    meaning:
      'Port of the API, which also serves `/dashboard`, `/healthz` and (unless `API_METRICS_PORT` is set) `/metrics`. `npm start` binds it to 127.0.0.1; `npm run api` to all interfaces.',
  },
  DATABASE_URL: {
    meaning: 'PostgreSQL of the hub. `npm run api`, `npm run worker` and `npm run migrate` require it; with `npm start` it replaces the embedded PostgreSQL.',
    unset: '`npm start` runs an embedded PostgreSQL in `.data/postgres`',
  },
  TEMPORAL_ADDRESS: {
    meaning:
      '`host:port` of a Temporal frontend (Temporal Cloud: `<namespace>.<account>.tmprl.cloud:7233`, or the regional endpoint with an API key). `npm run api` and `npm run worker` require it (or a profile giving it); with `npm start` it replaces the dev server.',
    unset: '`npm start` runs a Temporal dev server',
  },
  TEMPORAL_NAMESPACE: {
    meaning: 'Namespace of the order workflows. The dev server has only `default`; on Temporal Cloud, `<namespace>.<account>`. Overrides the profile of `TEMPORAL_CONFIG_FILE`.',
  },
  TEMPORAL_API_KEY: {
    meaning: 'API key sent to the Temporal frontend (Temporal Cloud); turns TLS on unless `TEMPORAL_TLS=false`. Never logged.',
    unset: 'no key (the profile of `TEMPORAL_CONFIG_FILE` may give one)',
  },
  TEMPORAL_TLS: {
    meaning: 'TLS to the Temporal frontend: `true` with the system CAs alone (Temporal Cloud); any `TEMPORAL_TLS_*` path or name also turns it on; `false` forces plaintext.',
    unset: 'plaintext, unless an API key or a `TEMPORAL_TLS_*` setting is given',
  },
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: { meaning: "PEM file of the CA that signed the Temporal frontend's certificate (a private CA).", unset: 'the system CAs' },
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: { meaning: 'The same CA as PEM text, for platforms that pass secrets as variables.', unset: 'the system CAs' },
  TEMPORAL_TLS_SERVER_NAME: {
    meaning: "Name the frontend's certificate must carry when it differs from the host of `TEMPORAL_ADDRESS` (e.g. a load balancer's address); also sent as SNI.",
    unset: 'the host of `TEMPORAL_ADDRESS`',
  },
  TEMPORAL_TLS_CLIENT_CERT_PATH: { meaning: 'PEM client certificate for mTLS (with `TEMPORAL_TLS_CLIENT_KEY_PATH`).', unset: 'no client certificate' },
  TEMPORAL_TLS_CLIENT_CERT_DATA: { meaning: 'The mTLS client certificate as PEM text.', unset: 'no client certificate' },
  TEMPORAL_TLS_CLIENT_KEY_PATH: { meaning: "PEM private key of the mTLS client certificate. Keep it readable by the hub's user only.", unset: 'no client certificate' },
  TEMPORAL_TLS_CLIENT_KEY_DATA: { meaning: 'The mTLS private key as PEM text. Never logged.', unset: 'no client certificate' },
  TEMPORAL_CONFIG_FILE: {
    meaning:
      "TOML file of Temporal client profiles (the `temporal` CLI's format: address, namespace, api_key, tls). Every `TEMPORAL_*` variable set overrides the profile's value.",
    unset: "no file is read (unlike the CLI, the hub does not look in the user's config folder unless `TEMPORAL_PROFILE` is set)",
  },
  TEMPORAL_PROFILE: {
    meaning: "Profile of `TEMPORAL_CONFIG_FILE` (or of the CLI's default file) to connect with.",
    unset: '`default`, and only when `TEMPORAL_CONFIG_FILE` is set',
  },
  TEMPORAL_CONNECT_TIMEOUT: {
    meaning: 'How long the API and the workers may take to reach Temporal at start before they exit with the reason (an unknown CA, a wrong server name, no answer).',
  },
  TEMPORAL_WORKER_VERSIONING: {
    meaning:
      "`on`: workers join Worker Deployment `TEMPORAL_DEPLOYMENT_NAME` with the workflow bundle's hash as build id and auto-upgrade as default behaviour; a new build gets work only once it is current or ramping (see `TEMPORAL_WORKER_SET_CURRENT`). docker-compose.yml sets `on`; docs/deployment.md has the upgrade procedure.",
  },
  TEMPORAL_WORKER_SET_CURRENT: {
    meaning:
      'With versioning on, when a starting build makes itself the current version: `first`, only when the deployment has none (later builds wait for `temporal worker deployment set-ramping-version` / `set-current-version`); `newest`, also when it is the most recently created version and no ramp is under way (a `docker compose up --build` upgrade; an older build restarting never takes over again).',
  },
  TEMPORAL_DEPLOYMENT_NAME: { meaning: 'Worker Deployment the workers declare when `TEMPORAL_WORKER_VERSIONING=on`.' },
  TEMPORAL_TASK_QUEUE: {
    meaning: 'Task queue the API starts order workflows on and the order worker polls; the partner queues are named after it (`<queue>-erp`, `-crm`, `-channel`, `-gateway`).',
  },
  TEMPORAL_PORT: { meaning: 'gRPC port of the dev server that `npm start` runs.' },
  TEMPORAL_UI_PORT: { meaning: 'Web UI port of the dev server that `npm start` runs.' },
  TEMPORAL_UI_URL: { meaning: "Temporal Web UI that the dashboard's workflow links open.", unset: '`http://localhost:$TEMPORAL_UI_PORT`' },
  EMBEDDED_POSTGRES_PORT: { meaning: 'Port of the embedded PostgreSQL that `npm start` runs.' },
  PAYMENT_TIMEOUT: { meaning: 'How long an unpaid order waits for its payment before it is cancelled with `payment_timeout`. Each order keeps the value it was created with.' },
  AUTHORIZATION_HOLD_AFTER: {
    meaning:
      "How old an authorization (from the order's placedAt) may grow with nothing shipped before the order goes on a `payment` hold for an operator: set it below the gateway's authorization lifetime. Fixed per order at creation.",
  },
  RETURN_EXPIRY: {
    meaning:
      "How long a return waits for its parcel's first carrier scan (or its receipt) before it expires: its units are released and may be returned again, its unused label voided. Fixed per return when it is opened.",
  },
  BACKORDER_TIMEOUT: { meaning: 'How long a backordered order waits for stock before it is cancelled with `backorder_timeout`. Fixed per order at creation.' },
  BACKORDER_POLICY: {
    meaning: 'What an order short of stock does on a channel without a policy of its own (`PUT /api/v1/channels/:channel/backorder-policy`). Fixed per order at creation.',
  },
  FULFILLMENT_TASK_QUEUE: {
    meaning: 'Task queue where labels are bought, by priority. The API (which passes it to each new order) and the workers must agree.',
    unset: '`<TEMPORAL_TASK_QUEUE>-fulfillment`',
  },
  FULFILLMENT_CONCURRENCY: { meaning: 'Labels one worker process buys at once; more waiting labels queue by priority.' },
  ERP_CALLS_PER_SECOND: { meaning: 'Rate limit of the ERP task queue (`<TEMPORAL_TASK_QUEUE>-erp`), enforced by the Temporal server across all workers.' },
  CRM_CALLS_PER_SECOND: { meaning: 'Rate limit of the CRM task queue (`<TEMPORAL_TASK_QUEUE>-crm`), across all workers.' },
  GATEWAY_CALLS_PER_SECOND: { meaning: 'Rate limit of the payment-gateway task queue (`<TEMPORAL_TASK_QUEUE>-gateway`), across all workers.' },
  CHANNEL_CALLS_PER_SECOND: { meaning: 'Rate limit of the sales-channel task queue (`<TEMPORAL_TASK_QUEUE>-channel`), across all workers.' },
  CARRIER_CALLS_PER_SECOND: { meaning: 'Rate limit of label buying on the fulfillment task queue, across all workers.' },
  CHANNEL_CALLS_PER_SECOND_PER_CHANNEL: {
    meaning:
      "Each sales channel's calls per second on the channel task queue, across all workers: the server's default rate limit per fairness key (the channel code), set by every worker at start. Needs a server with task queue fairness (`matching.enableFairness`); docs/deployment.md.",
  },
  HOLD_SLA_PAYMENT: { meaning: 'How long a `payment` hold may stay open before it is escalated. Fixed per order at creation, like every `HOLD_SLA_*`.' },
  HOLD_SLA_FRAUD_REVIEW: { meaning: 'How long a `fraud_review` hold may stay open before it is escalated.' },
  HOLD_SLA_ADDRESS: { meaning: 'How long an `address` hold may stay open before it is escalated.' },
  HOLD_SLA_MANUAL: { meaning: 'How long a `manual` hold may stay open before it is escalated.' },
  HOLD_SLA_INVENTORY: { meaning: 'How long an `inventory` hold (a backordered order) may stay open before it is escalated.' },
  HOLD_SLA_INTEGRATION: { meaning: 'How long an `integration` hold may stay open before it is escalated.' },
  HOLD_SLA_UNMAPPED_SKU: { meaning: 'How long an `unmapped_sku` hold (a line whose SKU the hub does not know) may stay open before it is escalated.' },
  HOLD_SLA_TOTAL_MISMATCH: { meaning: "How long a `total_mismatch` hold (the hub's totals differ from the channel's) may stay open before it is escalated." },
  INVENTORY_SYNC_DEBOUNCE: { meaning: 'Stock changes of one SKU within this window are pushed to the channels as one.' },
  PARTNER_TIMEOUT: { meaning: 'HTTP timeout of one partner call. Each activity attempt is also capped at 15 s.' },
  PARTNER_RETRY_INITIAL_INTERVAL: { meaning: 'First retry interval of a partner call; it doubles per attempt. Each order keeps the retry policy it started with.' },
  PARTNER_RETRY_MAX_INTERVAL: { meaning: 'Longest interval between two attempts of a partner call.' },
  PARTNER_RETRY_BUDGET: { meaning: 'How long a partner step may keep retrying (schedule-to-close) before the order gives up on it and needs an operator (`needs_attention`).' },
  ERP_URL: { meaning: 'ERP base URL.', unset: '`http://127.0.0.1:$SIMULATORS_PORT/erp`' },
  CRM_URL: { meaning: 'CRM base URL.', unset: '`http://127.0.0.1:$SIMULATORS_PORT/crm`' },
  CARRIER_URL: { meaning: 'Carrier base URL.', unset: '`http://127.0.0.1:$SIMULATORS_PORT/carrier`' },
  GATEWAY_URL: { meaning: 'Base URL of the payment gateway (capture, void, refund on an authorization).', unset: '`http://127.0.0.1:$SIMULATORS_PORT/gateway`' },
  AMAZON_SP_API_URL: {
    meaning: 'Base URL of the Selling Partner API for every amazon channel (docs/amazon.md).',
    unset: "development: the simulator (`http://127.0.0.1:$SIMULATORS_PORT`); production: each channel's region endpoint (settings.region na, eu or fe)",
  },
  AMAZON_LWA_URL: {
    meaning: "Login with Amazon's token endpoint, used with `AMAZON_SP_API_URL`.",
    unset: "`https://api.amazon.com/auth/o2/token` (development without `AMAZON_SP_API_URL`: the simulator's)",
  },
  AMAZON_POLL_INTERVAL: { meaning: "Time between two passes of an amazon channel's order poller (`POST /api/v1/channels/:channel/sync` with action poll starts one sooner)." },
  AMAZON_USAGE_PLAN_SCALE: {
    meaning:
      "Multiplies every SP-API usage plan's rate the amazon pollers keep to (Amazon's documented plans times this). Only for a simulator scaled by the same factor (`npm run chaos marketplace-sync`); against Amazon leave it at 1.",
  },
  AMAZON_CREDENTIALS: {
    meaning:
      'Login with Amazon credentials per channel, JSON `{"<secretName or channel>": {"clientId", "clientSecret", "refreshToken"}}`. A channel without an entry is not polled. Never logged.',
    unset: 'development: a placeholder the simulator accepts, for every amazon channel; production: no amazon channel is polled',
  },
  CHANNELS_URL: { meaning: 'One base URL for every sales channel; the channel code is in the path.', unset: '`http://127.0.0.1:$SIMULATORS_PORT/channels`' },
  WORKER_WORKFLOW_SLOTS: { meaning: 'Workflow tasks one order worker runs at once.' },
  WORKER_ACTIVITY_SLOTS: { meaning: 'Activities one order worker runs at once on `TEMPORAL_TASK_QUEUE` (the partner queues: `WORKER_PARTNER_ACTIVITY_SLOTS`).' },
  WORKER_PARTNER_ACTIVITY_SLOTS: { meaning: 'Activities one worker process runs at once on each partner queue (ERP, CRM, channels); label buying has `FULFILLMENT_CONCURRENCY`.' },
  WORKER_PARTNER_TUNER: {
    meaning:
      "`resource`: the partner queues' activity slots (ERP, CRM, channels, gateway) grow from `WORKER_PARTNER_MIN_SLOTS` up to `WORKER_PARTNER_ACTIVITY_SLOTS` while the host stays under the CPU and memory targets (the Temporal SDK's resource-based tuner, one per process); `fixed`: always `WORKER_PARTNER_ACTIVITY_SLOTS`. Label buying and the orders queue keep fixed slots.",
  },
  WORKER_PARTNER_MIN_SLOTS: {
    meaning: 'Activity slots each partner queue gets whatever the load of the host, with the resource tuner. Capped at `WORKER_PARTNER_ACTIVITY_SLOTS`.',
  },
  WORKER_TUNER_TARGET_CPU: { meaning: "The resource tuner's target CPU use of the host (0 to 1): above it no new partner slot is handed out beyond the minimum." },
  WORKER_TUNER_TARGET_MEMORY: { meaning: "The resource tuner's target memory use of the host (0 to 1)." },
  WORKER_WORKFLOW_POLLERS: { meaning: 'Concurrent long polls for workflow tasks.', unset: "the Temporal SDK's default, min(10, slots)" },
  WORKER_ACTIVITY_POLLERS: { meaning: 'Concurrent long polls for activity tasks.', unset: "the Temporal SDK's default, min(10, slots)" },
  WORKER_CACHED_WORKFLOWS: {
    meaning: "Orders kept in the worker's sticky cache; an evicted order replays its (short) history when it wakes. bench/README.md has the memory figures behind the default.",
  },
  WORKER_WORKFLOW_THREADS: { meaning: 'Threads that run workflow code.' },
  SEED_DEMO: { meaning: '`1`: `npm run migrate` loads the demo catalogue, stock and channels into an empty database. `npm start` always does (a development install).' },
  DB_POOL_SIZE: { meaning: 'PostgreSQL connections per process (API, worker, `npm start`). A query waits at most 10 s for a free connection.' },
  SIMULATORS_PORT: { meaning: 'Port of the partner simulators (`npm start`, `npm run simulators`); also the default partner URLs.' },
  SIM_CARRIER_DISPATCH_DELAY_MS: {
    meaning: 'Time from a label to the simulated `dispatched` event under `npm start`; `0` turns carrier auto-advance off. `npm run simulators` reads it itself, with default `0`.',
  },
  SIM_CARRIER_DELIVERY_DELAY_MS: {
    meaning: 'Time from dispatch to the simulated `delivered` event under `npm start`; `0` leaves parcels dispatched. `npm run simulators` defaults it to `0`.',
  },
  LOG_LEVEL: { meaning: 'Level of the JSON logs on stdout.', unset: '`info` (`error` under jest)' },
  METRICS: { meaning: "`off`: no Temporal SDK metrics exporter, and `npm run worker` serves no `/metrics`. The API's `/metrics` stays." },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    meaning:
      'OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`; spans are sent to `/v1/traces`): turns tracing on, from the API request through the order workflow to each partner call (docs/deployment.md#tracing). The other `OTEL_EXPORTER_OTLP_*` variables (headers, timeout) are read by the exporter itself.',
    unset: 'tracing off, at no cost: no tracer, no interceptors, the workflow bundle without the tracing module',
  },
  OTEL_SERVICE_NAME: { meaning: 'The `service.name` of the spans this process exports (e.g. `orderhub-api`, `orderhub-worker`).' },
  METRICS_PORT: { meaning: 'Port (all interfaces) of `/metrics` in `npm run worker`, which has no API; `0`: none. The API serves `/metrics` on `PORT` (or `API_METRICS_PORT`).' },
  TEMPORAL_METRICS_PORT: { meaning: "Loopback port of the Temporal SDK's Prometheus exporter, which `/metrics` re-exports; `0`: a free port." },
  METRICS_DB_INTERVAL: {
    meaning:
      "The API's `/metrics` computes its database figures (scans of `orders` and holds) at most once per interval per process; scrapes in between get those figures (docs/api-hardening.md). At least `1s`.",
  },
  METRICS_KEY: {
    meaning:
      "Every `/metrics` of the process (API, `API_METRICS_PORT`, the worker's `METRICS_PORT`) answers only `Authorization: Bearer <METRICS_KEY>`; 24+ characters from `A-Za-z0-9._~+/=-`. It opens nothing else, and API keys do not open `/metrics`.",
    unset: '`/metrics` is public: protect it at the network level',
  },
  API_METRICS_PORT: {
    meaning:
      "Port of the API process's `/metrics` instead of `PORT` (all interfaces for `npm run api`, 127.0.0.1 for `npm start`); `PORT` then answers 404 there. Must differ from `PORT`.",
    unset: '`/metrics` on `PORT`',
  },
  API_KEYS: {
    meaning:
      'API keys, their roles and who holds them: comma-separated `<key>:<role>:<name>` (`admin`, `ops`, `carrier`) or `<key>:channel:<channel>:<name>`; keys of 24+ characters from `A-Za-z0-9._~+/=-`. The name is the actor every hold, release, cancel and rule change is recorded under; an unnamed key acts under its id (docs/security.md).',
    unset: 'a development admin key named `dev-admin` in `.data/dev-api-key` (`npm start`, `npm run api`); under `NODE_ENV=production` the API refuses to start',
  },
  CHANNEL_WEBHOOK_SECRETS: {
    meaning:
      'HMAC secrets of the signed channel order webhooks, `<channel>=<secret>,…` (secrets of 8+ characters); a channel listed twice has two secrets, either of which verifies (a rotation, docs/security.md).',
    unset:
      'a random secret per demo channel (`webstore`, `amazon`, `ebay`, `pos`, `shopify`) made on the first start of the install and kept in `.data/webhook-secrets.json`; under `NODE_ENV=production`, none: every webhook is refused',
  },
  FX_RATES: {
    meaning:
      'Exchange rates as units per US dollar, `<ISO code>=<decimal>,…` (`EUR=0.92,JPY=150`), added to and overriding the built-in rounded rates (`src/domain/fx.ts`). Fraud review and the risk score compare totals in US cents; a currency without a rate counts as over every threshold (docs/security.md).',
    unset: 'the built-in rounded rates',
  },
  TRUST_PROXY: {
    meaning:
      'Express `trust proxy`, so rate limits and logs see the client behind load balancers: `false`, the number of proxies in front of the API (`1`), or their addresses/CIDR subnets and `loopback`/`linklocal`/`uniquelocal`, comma-separated. `true` is refused (any client could pick its address). docs/api-hardening.md.',
  },
  RATE_LIMIT_PER_MINUTE: {
    meaning:
      'Sustained requests per minute per API key (per client address without a key, see `TRUST_PROXY`; per channel for verified signed webhooks), in each API process; over it: 429 `rate_limited` with `Retry-After`.',
  },
  RATE_LIMIT_BURST: { meaning: "Requests a caller may send at once after being idle (the token bucket's size)." },
  DASHBOARD_SESSION_TTL: {
    meaning:
      "How long a console sign-in lasts (docs/dashboard.md): the session cookie's expiry, after which the operator signs in again. A session also ends at sign-out or when its key leaves `API_KEYS`.",
  },
  NODE_ENV: {
    meaning: '`production` makes `API_KEYS` required and turns off the generated development webhook secrets. The Docker image sets it.',
    unset: 'development behaviour',
  },
  SHOPIFY_API_VERSION: {
    meaning:
      "The Shopify REST Admin API version the hub calls (`/admin/api/<version>/…`); a channel's `settings.apiVersion` overrides it; the demo `shopify` channel is seeded with it. docs/shopify.md.",
  },
  SHOPIFY_ADMIN_URL: {
    meaning: "Where a Shopify store's Admin API is, `{shop}` standing for the channel's `settings.shopDomain`: `https://{shop}` for real stores.",
    unset: '`http://127.0.0.1:$SIMULATORS_PORT/shopify/{shop}` (the simulated stores)',
  },
  SHOPIFY_ACCESS_TOKENS: {
    meaning: 'Admin API access tokens of the Shopify channels, `<channel code or secretName>=<token>,…`; sent as `X-Shopify-Access-Token`, never logged nor answered by the API.',
    unset: 'none: outbound calls and reconciliation of a Shopify channel fail, naming the missing entry',
  },
  SHOPIFY_RECONCILE_EVERY: { meaning: "How often each Shopify channel's Temporal Schedule pulls the orders updated since its cursor (imports what webhooks missed)." },
  EBAY_API_URL: {
    meaning:
      "Base URL of eBay's APIs (the Sell Fulfillment and Inventory APIs and the OAuth token endpoint below it) for every ebay channel: `https://api.sandbox.ebay.com` for the sandbox (docs/ebay.md).",
    unset: 'development: the simulator (`http://127.0.0.1:$SIMULATORS_PORT`); production: `https://api.ebay.com`',
  },
  EBAY_POLL_INTERVAL: { meaning: "Time between two passes of an ebay channel's order poller." },
  EBAY_CREDENTIALS: {
    meaning:
      'eBay OAuth clients and sellers\' refresh tokens per channel, JSON `{"<secretName or channel>": {"clientId", "clientSecret", "refreshToken"}}`. A channel without an entry is not polled. Never logged.',
    unset: 'development: a placeholder the simulator accepts, for every ebay channel; production: no ebay channel is polled',
  },
} satisfies Record<keyof typeof envSchema.shape, SettingDoc>;
