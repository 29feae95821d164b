// `npm run chaos marketplace-sync`: an Amazon seller's backlog pulled by the hub's poller through
// the SP-API simulator, held to Amazon's documented usage plans, while the faults hit: 429
// storms, every access token expired at once, the worker SIGKILLed in the middle of a page.
// Judged: every order imported exactly once, the simulator never saw a request above a plan,
// the poller's lag and backlog visible (GET /api/v1/channels/:channel/sync) while it catches up.
//
// Time is compressed by ONE factor (CHAOS_RATE_SCALE, default 60) applied to both sides: the
// simulator's plans (usagePlanScale) and the poller's (AMAZON_USAGE_PLAN_SCALE). getOrders'
// 0.0167 requests/s becomes about one a second, getOrderItems' 0.5/s thirty; bursts stay
// Amazon's, so the ratio of calls to limits is the real one.
import { randomUUID } from 'node:crypto';
import { createSku } from '../driver';
import { envNumber, sleep, type ScenarioResult } from '../scenario';
import { startHarness, type Harness, type Infra } from '../stack';
import { pollerWorkflowId } from '../../src/workflows/marketplace/pollerWorkflow';
import { databaseMetricsText } from '../../src/api/metrics/dbMetrics';

export interface MarketplaceSyncOptions {
  orders: number;
  pages: number;
  /** The one time-compression factor of simulator and poller. */
  rateScale: number;
  /** 429 storms (each CHAOS_STORM_CALLS calls long), spread over the run. */
  storms: number;
  stormCalls: number;
  settleTimeoutMs: number;
}

export function marketplaceSyncOptions(env: NodeJS.ProcessEnv, orders: number): MarketplaceSyncOptions {
  return {
    orders,
    pages: envNumber(env, 'CHAOS_PAGES', 20),
    rateScale: envNumber(env, 'CHAOS_RATE_SCALE', 60),
    storms: envNumber(env, 'CHAOS_STORMS', 2),
    stormCalls: envNumber(env, 'CHAOS_STORM_CALLS', 15),
    settleTimeoutMs: envNumber(env, 'CHAOS_SETTLE_MS', 900_000),
  };
}

interface SyncStatus {
  running: boolean;
  cursor: string | null;
  pageToken: string | null;
  backlog: number;
  lagMs: number | null;
  lastSuccessAt: string | null;
  rateLimitWaitsTotal: number;
  rateLimitWaitMsTotal: number;
}

interface SimStats {
  calls: Record<string, number>;
  overLimit: number;
  injected429: number;
  expiredTokenCalls: number;
  tokensIssued: number;
}

/** Amazon.ca: a marketplace no demo or test channel polls (the simulator lists orders by marketplace, whoever the seller: the demo `amazon` channel on amazon.com would import them too). */
const MARKETPLACE = 'A2EUQ1WTGCTBG2';

export async function runMarketplaceSync(infra: Infra, o: MarketplaceSyncOptions, log: (msg: string) => void = () => undefined): Promise<ScenarioResult> {
  const started = Date.now();
  const failures: string[] = [];
  const figures: Record<string, number> = { orders: o.orders, pages: o.pages, rateScale: o.rateScale };
  const h = await startHarness(infra, {
    carrierDispatchDelayMs: 300,
    carrierDeliveryDelayMs: 300,
    env: {
      AMAZON_SP_API_URL: '{sim}',
      AMAZON_LWA_URL: '{sim}/auth/o2/token',
      AMAZON_USAGE_PLAN_SCALE: String(o.rateScale),
      AMAZON_POLL_INTERVAL: '2s',
    },
  });
  try {
    const channelId = `chaos-amz-${randomUUID().slice(0, 8)}`;
    const ids = await seed(h, channelId, o);
    figures.startupMs = Date.now() - started;
    await Promise.all([h.startApi(), h.startWorker()]);
    const importStarted = Date.now();
    const watch = watchCatchUp(h, channelId, o, figures, log);
    const imported = await untilImported(h, channelId, o.orders, o.settleTimeoutMs);
    watch.stop();
    await watch.done;
    figures.importMs = Date.now() - importStarted;
    figures.ordersPerSecond = Math.round((imported / Math.max(1, figures.importMs)) * 1000 * 10) / 10;
    failures.push(...(await judge(h, channelId, ids, o, figures)));
  } catch (err) {
    failures.push(`scenario error: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await h.stop().catch((err) => failures.push(`stopping: ${String(err)}`));
  }
  figures.durationMs = Date.now() - started;
  return { scenario: 'marketplace-sync', ok: failures.length === 0, failures, figures };
}

/** The channel, the SKU, the simulator's plans and page size, and the orders in Amazon's shapes (bought within the look-back window, settled). */
async function seed(h: Harness, channelId: string, o: MarketplaceSyncOptions): Promise<string[]> {
  const sku = await createSku(h.db, o.orders);
  await h.db.channel.create({
    data: {
      id: channelId,
      name: 'Chaos Amazon seller',
      kind: 'marketplace',
      platform: 'amazon',
      settings: { sellerId: 'ACHAOSSELLER', marketplaceIds: [MARKETPLACE], region: 'na' },
    },
  });
  await admin(h, '/admin/amazon/config', { usagePlanScale: o.rateScale, maxPageSize: Math.ceil(o.orders / o.pages) });
  const ids: string[] = [];
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < o.orders; i++) {
    const id = `${String(100 + (i % 900)).padStart(3, '0')}-${String(i).padStart(7, '0')}-${randomUUID().replace(/\D/g, '').slice(0, 7).padEnd(7, '0')}`;
    ids.push(id);
    await admin(h, '/admin/amazon/orders', amazonOrder(id, sku, i, new Date(base + i * Math.floor(3_000_000 / o.orders)).toISOString()));
  }
  return ids;
}

/**
 * One order as getOrders/getOrderItems answer it (the fields of test/fixtures/amazon/mfn-unshipped.json):
 * every 10th merchant-fulfilled and Unshipped (reserved and shipped by the hub), the others fulfilled by
 * Amazon (recorded only), as a seller with both kinds has them.
 */
function amazonOrder(id: string, sku: string, i: number, purchaseDate: string) {
  const mfn = i % 10 === 0;
  return {
    order: {
      AmazonOrderId: id,
      PurchaseDate: purchaseDate,
      OrderStatus: mfn ? 'Unshipped' : 'Shipped',
      FulfillmentChannel: mfn ? 'MFN' : 'AFN',
      SalesChannel: 'Amazon.ca',
      ShipServiceLevel: 'Std US D2D Dom',
      ShipmentServiceLevelCategory: 'Standard',
      OrderTotal: { CurrencyCode: 'CAD', Amount: '10.00' },
      NumberOfItemsShipped: mfn ? 0 : 1,
      NumberOfItemsUnshipped: mfn ? 1 : 0,
      MarketplaceId: MARKETPLACE,
      OrderType: 'StandardOrder',
      IsPrime: i % 3 === 0,
      IsBusinessOrder: false,
      ShippingAddress: { City: 'TORONTO', StateOrRegion: 'ON', PostalCode: 'M5V 2T6', CountryCode: 'CA' },
    },
    items: [
      {
        ASIN: 'B00CHAOS01',
        SellerSKU: sku,
        OrderItemId: `${id.replace(/-/g, '')}1`,
        Title: 'Chaos product',
        QuantityOrdered: 1,
        QuantityShipped: mfn ? 0 : 1,
        ItemPrice: { CurrencyCode: 'CAD', Amount: '10.00' },
        ItemTax: { CurrencyCode: 'CAD', Amount: '0.00' },
      },
    ],
    address: {
      AmazonOrderId: id,
      ShippingAddress: { Name: 'Chaos Buyer', AddressLine1: '1 Main St', City: 'TORONTO', StateOrRegion: 'ON', PostalCode: 'M5V 2T6', CountryCode: 'CA' },
    },
    buyerInfo: { AmazonOrderId: id, BuyerEmail: `buyer-${i}@marketplace.amazon.ca`, BuyerName: 'Chaos Buyer' },
  };
}

async function admin(h: Harness, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${h.sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const simStats = async (h: Harness) => (await (await fetch(`${h.sim.url}/admin/amazon/stats`)).json()) as SimStats;
const importedCount = (h: Harness, channelId: string) => h.db.order.count({ where: { channelId } });

async function syncStatus(h: Harness, channelId: string): Promise<SyncStatus | undefined> {
  try {
    const res = await fetch(`${h.apiUrl}/api/v1/channels/${channelId}/sync`, { headers: { authorization: `Bearer ${h.keys.admin}` }, signal: AbortSignal.timeout(5000) });
    return res.ok ? ((await res.json()) as SyncStatus) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * While the poller catches up: samples its status once a second (the lag and backlog an operator
 * sees) and injects the faults as the import passes given shares of the orders.
 */
function watchCatchUp(h: Harness, channelId: string, o: MarketplaceSyncOptions, figures: Record<string, number>, log: (msg: string) => void) {
  let stopped = false;
  const faults = [
    ...Array.from({ length: o.storms }, (_, i) => ({ at: (i + 1) / (o.storms + 2), kind: 'storm' as const })),
    { at: 0.35, kind: 'expire' as const },
    { at: 0.5, kind: 'kill' as const },
  ].sort((a, b) => a.at - b.at);
  Object.assign(figures, { statusSamples: 0, samplesWithPassInProgress: 0, maxBacklogSeen: 0, maxLagMs: 0, workerKills: 0, workerKilledMidPage: 0, storms: 0 });
  const done = (async () => {
    while (!stopped) {
      const [count, status] = await Promise.all([importedCount(h, channelId), syncStatus(h, channelId)]);
      if (status) {
        figures.statusSamples++;
        if (status.pageToken !== null) figures.samplesWithPassInProgress++;
        figures.maxBacklogSeen = Math.max(figures.maxBacklogSeen, status.backlog);
        figures.maxLagMs = Math.max(figures.maxLagMs, status.lagMs ?? 0);
      }
      while (faults.length > 0 && count >= faults[0].at * o.orders) {
        const f = faults.shift()!;
        if (f.kind === 'storm') {
          await admin(h, '/admin/amazon/config', { throttle: o.stormCalls });
          figures.storms++;
          log(`429 storm (${o.stormCalls} calls) at ${count} orders`);
        } else if (f.kind === 'expire') {
          await admin(h, '/admin/amazon/config', { expireTokens: true });
          figures.tokensExpiredAt = count;
          log(`every access token expired at ${count} orders`);
        } else {
          // Mid-page: the poller holds a page token (more pages to come) and the page is being imported.
          figures.workerKilledMidPage = status?.pageToken ? 1 : 0;
          figures.ordersImportedAtKill = count;
          await h.stopWorker('SIGKILL');
          log(`worker SIGKILLed at ${count} orders (page token ${status?.pageToken ? 'held' : 'none'})`);
          await sleep(1000);
          await h.startWorker();
          figures.workerKills++;
        }
      }
      if (figures.statusSamples === 3)
        figures.pollerLagGaugeSeen = (await databaseMetricsText(h.db)).includes(`orderhub_marketplace_poller_backlog{channel="${channelId}"`) ? 1 : 0;
      await sleep(1000);
    }
  })();
  return { done, stop: () => void (stopped = true) };
}

async function untilImported(h: Harness, channelId: string, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await importedCount(h, channelId);
    if (n >= expected || Date.now() > deadline) return n;
    await sleep(500);
  }
}

async function judge(h: Harness, channelId: string, ids: string[], o: MarketplaceSyncOptions, figures: Record<string, number>): Promise<string[]> {
  const failures: string[] = [];
  const rows = await h.db.order.groupBy({ by: ['externalId'], where: { channelId }, _count: { _all: true } });
  const seen = new Map(rows.map((r) => [r.externalId, r._count._all]));
  figures.imported = rows.reduce((s, r) => s + r._count._all, 0);
  const missing = ids.filter((id) => !seen.has(id));
  const doubled = rows.filter((r) => r._count._all > 1).map((r) => r.externalId);
  if (missing.length > 0) failures.push(`${missing.length} of ${ids.length} orders never imported (first: ${missing.slice(0, 3).join(', ')})`);
  if (doubled.length > 0) failures.push(`${doubled.length} orders imported more than once (first: ${doubled.slice(0, 3).join(', ')})`);
  if (seen.size > ids.length) failures.push(`${seen.size - ids.length} orders imported that were never seeded`);
  const elsewhere = await h.db.order.count({ where: { externalId: { in: ids }, channelId: { not: channelId } } });
  if (elsewhere > 0) failures.push(`${elsewhere} of the seller's orders imported into another channel`);

  const stats = await simStats(h);
  Object.assign(figures, {
    overLimit: stats.overLimit,
    injected429: stats.injected429,
    expiredTokenCalls: stats.expiredTokenCalls,
    tokensIssued: stats.tokensIssued,
    getOrdersCalls: stats.calls.getOrders ?? 0,
    getOrderItemsCalls: stats.calls.getOrderItems ?? 0,
  });
  if (stats.overLimit > 0) failures.push(`${stats.overLimit} requests above Amazon's usage plans (the simulator counted them)`);
  if (figures.storms < o.storms || stats.injected429 < o.storms * o.stormCalls) failures.push(`the 429 storms did not all happen (${stats.injected429} answered 429)`);
  if (stats.expiredTokenCalls < 1) failures.push('no call met an expired token: the expiry was never exercised');
  if (figures.workerKills < 1) failures.push('the worker was never killed');
  if (figures.samplesWithPassInProgress < 1 || figures.maxLagMs <= 0)
    failures.push(
      `the poller's catch-up was never visible in GET /sync (samples with a pass in progress ${figures.samplesWithPassInProgress}, largest lag ${figures.maxLagMs} ms)`,
    );

  // The pass ends and the cursor moves: the poller is caught up, and still running.
  let status: SyncStatus | undefined;
  for (let i = 0; i < 60; i++) {
    status = await syncStatus(h, channelId);
    if (status?.pageToken === null && status.lastSuccessAt !== null && status.backlog === 0) break;
    await sleep(1000);
  }
  if (!status || status.pageToken !== null || status.lastSuccessAt === null) failures.push(`the poller did not finish its pass: ${JSON.stringify(status)}`);
  figures.finalLagMs = status?.lagMs ?? -1;
  figures.rateLimitWaits = status?.rateLimitWaitsTotal ?? 0;
  figures.rateLimitWaitMs = status?.rateLimitWaitMsTotal ?? 0;
  const description = await h.temporal.workflow.getHandle(pollerWorkflowId('amazon', channelId)).describe();
  if (description.status.name !== 'RUNNING') failures.push(`the poller workflow is ${description.status.name}`);
  return failures;
}
