// Reconciliation on the real stack (Temporal dev server + PostgreSQL): orders present in the
// simulated Shopify store whose webhooks were never sent are imported, page by page, with the
// cursor and the page token in channel_cursors, also when the worker dies in the middle of a page.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createShopifyAdminClient } from '../../src/channels/shopify/adminClient';
import { prismaShopifyLookups } from '../../src/channels/shopify/adminChannelClient';
import { createShopifyReconcileActivities, type ImportShopifyOrder } from '../../src/channels/shopify/adminReconcile';
import { ensureShopifyReconcileSchedule, reconcileScheduleId } from '../../src/channels/shopify/adminSchedules';
import { createDb, type Db } from '../../src/db/prisma';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { startSimulators, type RunningSimulators } from '../../src/simulators';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { shopifyReconcileWorkflow } from '../../src/workflows/shopifyReconcile.workflow';
import { requireEnv } from '../support/testHub';

installTemporalRuntime();

const SHOP = 'reconcile-test.myshopify.com';
const TOKEN = 'shpat_reconcile_test_token';
const suffix = randomUUID().slice(0, 8);
const channelId = `shopify-rec-${suffix}`;
const taskQueue = `shopify-reconcile-test-${suffix}`;

let sim: RunningSimulators;
let db: Db;
let client: Client;

async function control(route: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

async function startWorker(importOrder: ImportShopifyOrder): Promise<{ worker: Worker; run: Promise<void>; connection: NativeConnection }> {
  const admin = createShopifyAdminClient({ adminUrl: `${sim.url}/shopify/{shop}`, apiVersion: '2025-07', timeoutMs: 5000 });
  const activities = createShopifyReconcileActivities(db, admin, prismaShopifyLookups(db, { [channelId]: TOKEN }), importOrder, {
    pageSize: 3,
    overlapMs: 2 * 60_000,
    firstLookbackMs: 3600_000,
  });
  const connection = await NativeConnection.connect({ address: requireEnv(STACK_ENV.temporalAddress) });
  const worker = await Worker.create({
    connection,
    taskQueue,
    activities,
    workflowBundle: { codePath: requireEnv(STACK_ENV.workflowBundle) },
    // A killed worker's activity is cancelled at once, not after the default grace time.
    shutdownGraceTime: '200ms',
  });
  return { worker, run: worker.run(), connection };
}

beforeAll(async () => {
  sim = await startSimulators({ port: 0 });
  await control('/admin/shopify/shops', { shop: SHOP, accessToken: TOKEN });
  db = createDb(requireEnv(STACK_ENV.databaseUrl), 3);
  await db.channel.create({ data: { id: channelId, name: 'Shopify reconcile test', kind: 'webstore', platform: 'shopify', settings: { shopDomain: SHOP } } });
  client = new Client({ connection: await Connection.connect({ address: requireEnv(STACK_ENV.temporalAddress) }) });
});

afterAll(async () => {
  await db.channelCursor.deleteMany({ where: { channelId } });
  await db.channel.delete({ where: { id: channelId } });
  await db.$disconnect();
  await client.connection.close();
  await sim.stop();
});

test('orders whose webhooks never came are imported once each, also when the worker dies in the middle of a page', async () => {
  // Seven orders updated in the last minutes (no webhook is ever sent): pages of 3, 3 and 1.
  const base = Date.now() - 10 * 60_000;
  const ids = Array.from({ length: 7 }, (_, i) => String(7001 + i));
  for (const [i, id] of ids.entries()) {
    await control('/admin/shopify/orders', {
      shop: SHOP,
      order: { id: Number(id), updated_at: new Date(base + i * 1000).toISOString(), currency: 'USD', total_price: '1.00', line_items: [] },
    });
  }

  // The hub's import stands in as the orders service does: a repeated Shopify id creates nothing.
  const attempts: string[] = [];
  const created = new Map<string, number>();
  const importAndDedupe = (order: { id: string }) => {
    attempts.push(order.id);
    if (!created.has(order.id)) created.set(order.id, 1);
  };

  // The first worker dies while importing the second order of the second page.
  let reached!: () => void;
  const stuck = new Promise<void>((resolve) => (reached = resolve));
  const first = await startWorker(async (_channel, order) => {
    if (order.id === '7005') {
      reached();
      await Context.current().cancelled;
    }
    importAndDedupe(order);
  });
  const handle = await client.workflow.start(shopifyReconcileWorkflow, { taskQueue, workflowId: `shopify-reconcile-test-${suffix}`, args: [channelId] });
  await stuck;
  const midPage = await db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId, stream: 'orders' } } });
  // Page 1 is imported and recorded: the cursor is its newest order, the token names page 2.
  expect(midPage.cursor).toBe(new Date(base + 2000).toISOString());
  expect(midPage.pageToken).not.toBeNull();
  first.worker.shutdown();
  await first.run;
  await first.connection.close();

  const second = await startWorker(async (_channel, order) => importAndDedupe(order));
  try {
    // Three pages in one run; the interrupted page counts once, in the attempt that finished it.
    expect(await handle.result()).toEqual({ pages: 3, imported: 7 });
  } finally {
    second.worker.shutdown();
    await second.run;
    await second.connection.close();
  }

  expect([...created.keys()].sort()).toEqual(ids);
  // Page 1 was never read again; only the interrupted page's first order was offered twice.
  expect(attempts.filter((id) => id === '7004')).toHaveLength(2);
  expect(attempts.filter((id) => id !== '7004').sort()).toEqual(ids.filter((id) => id !== '7004'));
  const done = await db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId, stream: 'orders' } } });
  expect(done).toMatchObject({ cursor: new Date(base + 6000).toISOString(), pageToken: null, lastError: null });
});

test('each Shopify channel gets one schedule, created once and updated when the interval changes', async () => {
  await ensureShopifyReconcileSchedule(client, channelId, { taskQueue, everyMs: 300_000 });
  await ensureShopifyReconcileSchedule(client, channelId, { taskQueue, everyMs: 60_000 });
  const schedule = client.schedule.getHandle(reconcileScheduleId(channelId));
  try {
    const described = await schedule.describe();
    expect(described.spec.intervals).toHaveLength(1);
    expect(described.spec.intervals?.[0].every).toBe(60_000);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'shopifyReconcileWorkflow', args: [channelId], taskQueue });
    expect(described.policies.overlap).toBe('SKIP');
  } finally {
    await schedule.delete();
  }
});
