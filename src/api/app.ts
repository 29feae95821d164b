import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { carrierRouter } from './carrier/router';
import { createCarrierService } from './carrier/service';
import { channelsRouter } from './channels/router';
import { channelWebhookRouter } from './channels/webhookRouter';
import { channelSyncRouter } from './channels/syncRouter';
import { channelNotificationRouter } from './channels/notificationRouter';
import { createWebhookService } from './channels/webhookService';
import { shopifyWebhookRouter } from './channels/shopifyWebhookRouter';
import { ensureShopifyReconcileSchedule } from '../channels/shopify/adminSchedules';
import { shopifyInboxRunner, type ShopifyInbox } from '../channels/shopify/wiring';
import { createChannelService } from './channels/service';
import { createChannelRecords } from './channels/channelRecords';
import { listingsRouter } from './channels/listingsRouter';
import { createListingService } from './channels/listingService';
import { createUnmappedLines } from './catalog/unmappedLines';
import { productsRouter } from './products/router';
import { createProductService } from './products/service';
import { locationsRouter } from './locations/router';
import { createLocationService } from './locations/service';
import { dashboardRouter, type DashboardSettings } from './dashboard/router';
import { fulfillmentRouter } from './fulfillment/router';
import { createFulfillmentService } from './fulfillment/service';
import { healthRouter } from './health/router';
import { holdsRouter } from './holds/router';
import { createHoldService } from './holds/service';
import { inventoryRouter } from './inventory/router';
import { cachedDatabaseMetrics } from './metrics/dbMetrics';
import { metricsRouter } from './metrics/router';
import { openapiRouter } from './openapi/router';
import { reportsRouter } from './reports/router';
import { trendsRouter } from './reports/trendsRouter';
import { backordersRouter } from './backorders/router';
import { createBackorderService } from './backorders/service';
import { createReportService } from './reports/service';
import { requestLogger } from '../observability/requestLogger';
import { activeTracing } from '../observability/tracing';
import { httpSpans } from '../observability/httpSpans';
import { createInventoryService } from './inventory/service';
import { errorHandler, notFoundHandler } from './middleware/errorHandler';
import { methodNotAllowed } from './middleware/methodNotAllowed';
import { authenticate, channelScope, DEFAULT_SESSION_TTL_MS, type AuthSettings } from './auth/middleware';
import { resolveSession } from './auth/sessionMiddleware';
import { sessionRouter } from './auth/sessionRouter';
import { createSessionStore } from './auth/sessions';
import { meRouter, refuseIdentityFields } from './auth/actor';
import { idempotency } from './middleware/idempotency';
import { jsonBodies } from './middleware/jsonBodies';
import { requireJsonBodies, securityHeaders } from './middleware/security';
import { ordersRouter } from './orders/router';
import { partnerCallsRouter } from './orders/partnerCallsRouter';
import { createOrderService } from './orders/service';
import type { OrderStarter } from './orders/orderStarter';
import { returnsRouter } from './returns/router';
import { createReturnService } from './returns/service';
import { createReturnActions } from './returns/returnActions';
import { createReturnStarter, type ReturnStarter } from './returns/returnStarter';
import { rulesRouter } from './rules/router';
import { createRulesService } from './rules/service';
import type { OrderWorkflowOptions } from '../workflows/order/options';
import type { StockEvents } from '../activities/backorderQueue';
import { TokenBuckets } from './auth/rateLimiter';
import type { TrustProxy } from './trustProxy';
import type { FxRates } from '../domain/fx';
import type { WebhookSecrets } from '../channels/webhookSecrets';

/** RETURN_EXPIRY's default, for apps built without a starter (tests). */
const DEFAULT_RETURN_EXPIRY_MS = 30 * 24 * 3_600_000;

export interface ApiDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  orderOptions: OrderWorkflowOptions;
  stockEvents: StockEvents;
  /** Where the dashboard links workflows to; omitted: the configuration's defaults. */
  temporalUi?: DashboardSettings;
  /** API keys and rate limit. Omitted: no authentication at all, only for tests that build the app themselves (startHub always passes it). */
  auth?: AuthSettings;
  /** HMAC secrets per channel code (two during a rotation) for the native order webhooks; omitted or missing: that channel's webhooks are refused (401). */
  channelWebhookSecrets?: WebhookSecrets;
  metrics?: ApiMetricsSettings;
  /** Express `trust proxy` (TRUST_PROXY): which X-Forwarded-For hop is the client. Omitted: false, the TCP peer. */
  trustProxy?: TrustProxy;
  /** Units per US dollar for the rules preview (FX_RATES); omitted: DEFAULT_FX_RATES. */
  fxRates?: FxRates;
  /** Processes stored Shopify deliveries (startHub shares it with the inbox sweeper); omitted: one of this app's own. */
  shopifyInbox?: ShopifyInbox;
  /** Starts accepted orders' workflows (startHub shares it with its sweeper); omitted: each orders service makes its own. */
  starter?: OrderStarter;
  /** SHOPIFY_RECONCILE_EVERY: a Shopify channel created or changed through the API gets its reconciliation schedule at once; omitted: at the next worker start. */
  shopifyReconcileEveryMs?: number;
  /** Starts each new return's workflow (startHub shares it with its sweeper); omitted: one of this app's own with RETURN_EXPIRY's default. */
  returnStarter?: ReturnStarter;
}

export interface ApiMetricsSettings {
  /** The database figures; omitted: computed at most once per DEFAULT_DB_METRICS_INTERVAL_MS. */
  databaseText?: () => Promise<string>;
  /** METRICS_KEY: GET /metrics answers only this key. Omitted: public. */
  key?: string;
  /** false: /metrics is served on a port of its own (API_METRICS_PORT), not here. */
  onApiPort?: boolean;
}

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip, which the rate limits key on, is the client's address only when the proxies in front are known.
  app.set('trust proxy', deps.trustProxy ?? false);
  // First, so every later middleware and handler runs inside the request's span (tracing on only).
  const tracing = activeTracing();
  if (tracing) app.use(httpSpans(tracing.tracer));
  app.use(securityHeaders());
  app.use(requestLogger());
  // Keys (or the console's session cookie), rate limit and roles before the body is read; the channel scope needs the body.
  // Without auth (tests that build the app themselves) the sign-in routes exist but admit nobody.
  const sessions = createSessionStore(deps.db, deps.auth?.keys ?? [], deps.auth?.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS);
  if (deps.auth) {
    app.use(resolveSession(sessions));
    app.use(authenticate(deps.auth));
  }
  // OPTIONS and 405 for a known path, before any body is read (with keys, authenticate() answers them).
  app.use(methodNotAllowed());
  app.use(requireJsonBodies);
  // POST /api/v1/channels/:channel/orders: signed by HMAC (no API key), so it reads the raw body (jsonBodies leaves it alone).
  // A channel's verified webhooks get the budget of one API key, in a bucket of their own.
  const webhookBuckets = deps.auth && new TokenBuckets(deps.auth.rateLimit);
  const webhookLimits = webhookBuckets ? { admit: (channel: string) => webhookBuckets.take(`channel-webhook:${channel}`) } : {};
  // One orders service for the API's routes, webhooks and inbox alike (one starter, kicked after each accepted order).
  const orders = createOrderService(deps);
  app.use('/api/v1/channels', channelWebhookRouter(createWebhookService(deps.db, orders, deps.channelWebhookSecrets ?? {}, webhookLimits)));
  // POST /api/v1/channels/:channel/webhooks: a Shopify channel's webhooks, signed by Shopify (raw body too), stored, then processed apart.
  const shopifyInbox = deps.shopifyInbox ?? shopifyInboxRunner(deps.db, orders);
  app.use('/api/v1/channels', shopifyWebhookRouter({ db: deps.db, secrets: deps.channelWebhookSecrets ?? {}, limits: webhookLimits, onStored: () => void shopifyInbox.kick() }));
  app.use(jsonBodies());
  // The actor is the calling key's name: a body naming one is a 400 (src/api/auth/actor.ts).
  app.use(refuseIdentityFields);
  if (deps.auth) app.use(channelScope(deps.db));
  app.use(idempotency(deps.db));
  app.use(healthRouter(deps.db, deps.temporal));
  app.use(meRouter());
  app.use(sessionRouter(sessions));
  if (deps.metrics?.onApiPort !== false) app.use(metricsRouter({ databaseText: deps.metrics?.databaseText ?? cachedDatabaseMetrics(deps.db), key: deps.metrics?.key }));
  app.use('/api/v1/reports', reportsRouter(createReportService(deps.db)));
  // The operations console's trends and waiting backorders (docs/dashboard.md).
  app.use('/api/v1/reports', trendsRouter(deps.db));
  app.use('/api/v1/backorders', backordersRouter(createBackorderService(deps.db)));
  app.use('/api/v1/orders', ordersRouter(orders));
  app.use(partnerCallsRouter(deps.db));
  // Returns (docs/returns.md): POST /api/v1/orders/:orderId/returns and /api/v1/returns.
  const returnStarter = deps.returnStarter ?? createReturnStarter({ ...deps, expiryMs: DEFAULT_RETURN_EXPIRY_MS });
  app.use(returnsRouter(createReturnService(deps.db, undefined, returnStarter), createReturnActions(deps.db, deps.temporal, returnStarter)));
  app.use(
    '/api/v1/channels',
    channelsRouter(createChannelService(deps.db, deps.stockEvents, deps.orderOptions.backorderPolicy), createChannelRecords(deps.db, deps.stockEvents, channelConnected(deps))),
  );
  // The catalog (docs/catalog.md): a product or listing that is added may resolve order lines held unmapped_sku.
  const unmapped = createUnmappedLines(deps.db, deps.temporal);
  app.use('/api/v1/channels', listingsRouter(createListingService(deps.db, unmapped.afterCatalogChange)));
  app.use('/api/v1/products', productsRouter(createProductService(deps.db, unmapped.afterCatalogChange)));
  app.use('/api/v1/locations', locationsRouter(createLocationService(deps.db)));
  app.use('/api/v1/channels', channelSyncRouter(deps.db, deps.temporal));
  app.use('/api/v1/channels', channelNotificationRouter(deps.db, deps.temporal));
  app.use('/api/v1/carrier', carrierRouter(createCarrierService(deps.db, deps.temporal)));
  app.use('/api/v1/inventory', inventoryRouter(createInventoryService(deps.db, deps.stockEvents)));
  app.use('/api/v1/rules', rulesRouter(createRulesService(deps.db, deps.fxRates)));
  app.use('/api/v1/fulfillment', fulfillmentRouter(createFulfillmentService(deps.db)));
  app.use('/api/v1/holds', holdsRouter(createHoldService(deps.db)));
  app.use(dashboardRouter(deps.temporalUi));
  app.use(openapiRouter());
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** After a channel is created or changed: a Shopify channel's reconciliation schedule (src/channels/shopify/adminSchedules.ts). */
function channelConnected(deps: ApiDeps) {
  return async (channelId: string, platform: string) => {
    if (platform !== 'shopify' || !deps.shopifyReconcileEveryMs) return;
    await ensureShopifyReconcileSchedule(deps.temporal, channelId, { taskQueue: deps.taskQueue, everyMs: deps.shopifyReconcileEveryMs });
  };
}
