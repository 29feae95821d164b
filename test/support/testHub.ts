import { DEMO_SHOPIFY_DOMAIN } from '../../src/db/seed';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../src/channels/shopify/apiVersion';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { FaultConfig } from '../../src/simulators';
import { startSimulators, type RunningSimulators } from '../../src/simulators';
import { freePort } from '../../src/infra/freePort';
import { startHub, type RunningHub } from '../../src/hub';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { activeTracing } from '../../src/observability/tracing';
import type { EbayConnectorOptions } from '../../src/channels/ebay/options';
import type { PartnerRetryPolicy } from '../../src/workflows/order/activityStubs';
import type { OrderWorkflowOptions } from '../../src/workflows/order/options';
import { partnerTaskQueues, simulatorPartnerUrls } from '../../src/config';
import { apiKey } from '../../src/api/auth/keys';
import { randomApiKey } from '../../src/api/auth/devKey';
import type { RateLimit } from '../../src/api/auth/rateLimiter';
import type { WorkerVersion } from '../../src/workers/workerVersioning';
import type { AmazonConnectorOptions } from '../../src/channels/amazon/activities';

/** The test hub's API keys, one per role (the channel key acts for ebay), named test-<role> (test-ebay). */
export interface TestKeys {
  admin: string;
  ops: string;
  carrier: string;
  ebay: string;
}

export interface TestHub {
  hub: RunningHub;
  sim: RunningSimulators;
  /** supertest against the hub, every request sent with the admin key (a test's own .set('Authorization', …) wins). */
  api: ReturnType<typeof request.agent>;
  /** The same with another key, e.g. t.as(t.keys.ops). */
  as(key: string): ReturnType<typeof request.agent>;
  keys: TestKeys;
  /** The native webhooks' secrets per channel, random per run; ebay has two (a rotation: current, previous). */
  webhookSecrets: Record<string, string[]>;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  paymentTimeoutMs?: number;
  backorderTimeoutMs?: number;
  inventorySyncDebounceMs?: number;
  carrierDispatchDelayMs?: number;
  carrierDeliveryDelayMs?: number;
  faults?: FaultConfig;
  partnerRetry?: PartnerRetryPolicy;
  /** Labels bought at once (default: FULFILLMENT_CONCURRENCY's); `fulfillmentPaused` builds a backlog until hub.resumeFulfillment(). */
  fulfillmentConcurrency?: number;
  fulfillmentPaused?: boolean;
  holdSlaMs?: OrderWorkflowOptions['holdSlaMs'];
  /** eBay pollers against the simulator (its API and token endpoints are filled in). */
  ebay?: { connector: Omit<EbayConnectorOptions, 'endpoints'>; intervalMs?: number };
  /** Default: high enough that no load test is throttled. */
  rateLimit?: RateLimit;
  /** Default: the shared test database; a test that changes global state (rule sets) passes a throw-away one (test/support/throwawayDatabase.ts). */
  databaseUrl?: string;
  /** SHOPIFY_ACCESS_TOKENS of the hub (Shopify channels reach this hub's simulated stores); default: none. */
  shopifyTokens?: Record<string, string>;
  /** Worker Versioning: the deployment version the hub's workers declare; default: unversioned. */
  workerVersion?: WorkerVersion;
  /** Amazon pollers against the simulator (its SP-API and Login with Amazon endpoints are filled in). */
  amazon?: { connector: Omit<AmazonConnectorOptions, 'endpoints'>; intervalMs?: number };
  /** RETURN_EXPIRY of the hub; default 30 days. */
  returnExpiryMs?: number;
}

/**
 * A hub (API + worker) and simulators on the shared real Temporal and PostgreSQL. Each test
 * file gets its own task queue, so its worker only sees its own orders.
 */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const apiPort = await freePort();
  const keys: TestKeys = { admin: randomApiKey('admin'), ops: randomApiKey('ops'), carrier: randomApiKey('carrier'), ebay: randomApiKey('ebay') };
  const secret = () => randomBytes(32).toString('base64url');
  const webhookSecrets = { webstore: [secret()], amazon: [secret()], ebay: [secret(), secret()], pos: [secret()], shopify: [secret()] };
  const sim = await startSimulators({
    port: 0,
    hubUrl: `http://127.0.0.1:${apiPort}`,
    hubApiKey: keys.carrier,
    carrierDispatchDelayMs: opts.carrierDispatchDelayMs ?? 0,
    carrierDeliveryDelayMs: opts.carrierDeliveryDelayMs ?? 0,
    faults: opts.faults,
    shopifyStore: { channel: 'shopify', shopDomain: DEMO_SHOPIFY_DOMAIN, secret: webhookSecrets.shopify[0], apiVersion: DEFAULT_SHOPIFY_API_VERSION },
  });
  const taskQueue = `test-${randomUUID()}`;
  const hub = await startHub({
    databaseUrl: opts.databaseUrl ?? requireEnv(STACK_ENV.databaseUrl),
    temporalAddress: requireEnv(STACK_ENV.temporalAddress),
    namespace: 'default',
    taskQueue,
    inventorySync: { debounceMs: opts.inventorySyncDebounceMs ?? 300 },
    fulfillment: { concurrency: opts.fulfillmentConcurrency, paused: opts.fulfillmentPaused },
    orderOptions: {
      paymentTimeoutMs: opts.paymentTimeoutMs ?? 24 * 3_600_000,
      backorderTimeoutMs: opts.backorderTimeoutMs ?? 14 * 24 * 3_600_000,
      fulfillmentTaskQueue: `${taskQueue}-fulfillment`,
      partnerTaskQueues: partnerTaskQueues(taskQueue),
      holdSlaMs: opts.holdSlaMs,
      // Tight retries keep fault tests short; production waits far longer between attempts.
      partnerRetry: opts.partnerRetry ?? { initialIntervalMs: 100, maximumIntervalMs: 1000, budgetMs: 10 * 60_000 },
    },
    ...(opts.returnExpiryMs !== undefined && { returnExpiryMs: opts.returnExpiryMs }),
    partners: {
      timeoutMs: 5000,
      ...simulatorPartnerUrls(sim.url),
    },
    apiPort,
    ...(opts.ebay && { ebay: { ...opts.ebay, connector: { ...opts.ebay.connector, endpoints: { apiUrl: sim.url, tokenUrl: `${sim.url}/identity/v1/oauth2/token` } } } }),
    auth: {
      // Named like API_KEYS entries: actions are recorded as test-admin, test-ops, ...
      keys: [
        apiKey(keys.admin, 'admin', undefined, 'test-admin'),
        apiKey(keys.ops, 'ops', undefined, 'test-ops'),
        apiKey(keys.carrier, 'carrier', undefined, 'test-carrier'),
        apiKey(keys.ebay, 'channel', 'ebay', 'test-ebay'),
      ],
      rateLimit: opts.rateLimit ?? { perMinute: 10_000_000, burst: 1_000_000 },
    },
    channelWebhookSecrets: webhookSecrets,
    // The stack's bundle is the untraced one: a test that turned tracing on has its worker bundle the traced workflows at start.
    workflowBundlePath: activeTracing() ? undefined : process.env[STACK_ENV.workflowBundle],
    shopify: { admin: { adminUrl: `${sim.url}/shopify/{shop}`, apiVersion: '2025-07', timeoutMs: 5000 }, tokens: opts.shopifyTokens ?? {} },
    version: opts.workerVersion,
    ...(opts.amazon && { amazon: { ...opts.amazon, connector: { ...opts.amazon.connector, endpoints: { spApiUrl: sim.url, lwaUrl: `${sim.url}/auth/o2/token` } } } }),
  });
  return {
    hub,
    sim,
    api: withKey(hub.apiUrl, keys.admin),
    as: (key) => withKey(hub.apiUrl, key),
    keys,
    webhookSecrets,
    taskQueue,
    async stop() {
      await sim.stop();
      await hub.stop();
    },
  };
}

function withKey(url: string, key: string): ReturnType<typeof request.agent> {
  return request.agent(url).set('Authorization', `Bearer ${key}`);
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the jest global setup starts the test stack`);
  return value;
}
