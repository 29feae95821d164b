// The console's inventory, channels and trends pages (docs/dashboard.md) in headless Chromium on
// the real stack: each page and action through the same API and roles as REST clients, on a
// 1366×768 laptop screen, with screenshots under test-output/.
import fs from 'node:fs';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { pollerStatusQuery } from '../../src/workflows/marketplace/messages';
import { pollerWorkflowId } from '../../src/workflows/marketplace/pollerWorkflow';
import { createSku, eventually } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { FAST_USAGE_PLANS, testAmazonConnector } from '../channels/amazon/testConnector';
import { launchChromium } from './browser';
import { accessibilityProblems, hubPage, screenshot, signInWithKey } from './console';
import { createOpsChannel, seedHold, seedOrder } from './seed';

const AMAZON_PREFIX = 'dops-';
let t: TestHub;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestHub({ amazon: { connector: testAmazonConnector(AMAZON_PREFIX), intervalMs: 500 } });
  await request(t.sim.url).post('/admin/amazon/config').send({ usagePlans: FAST_USAGE_PLANS }).expect(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A 1366×768 page signed in with the ops key through the sign-in page; other hosts and script errors are problems (console.ts). */
async function openPage(pathAndQuery: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops, pathAndQuery);
  return { page, problems };
}

/** Laptop screen and accessibility: no sideways scrolling, labels and contrast (accessibilityCheck.js), one h1. */
async function expectUsable(page: Page) {
  // A string, not a function: this project compiles without the DOM types.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.locator('h1').count()).toBe(1);
}

test('inventory: a SKU per location and channel, low stock flagged, an adjustment after a confirmation, the ledger, and backorders oldest or by priority', async () => {
  const db = t.hub.db;
  const sku = await createSku(db, { 'WH-EAST': 3 });
  // Dated long ago and scored highest, so it heads both orders of the shared database's list.
  const waiting = await db.backorder.create({
    data: {
      orderId: `bo-${sku}`,
      workflowId: `order:none:${sku}`,
      skus: [sku],
      demand: { [sku]: 5 },
      shortfall: [{ sku, requested: 5, available: 3 }],
      priorityScore: 2_000_000_000,
      state: 'waiting',
      createdAt: new Date('2019-01-01T00:00:00Z'),
    },
  });
  const { page, problems } = await openPage(`/dashboard/inventory.html?sku=${sku}`);
  await expectUsable(page);
  expect(await page.locator('#signed-in').innerText()).toBe('Signed in as test-ops (ops)');

  const row = page.locator(`#stock tr[data-sku="${sku}"]`);
  expect(await row.getAttribute('class')).toBe('low');
  expect(await row.innerText()).toMatch(/LOW[\s\S]*3\s+0\s+3/);
  expect(await page.locator('#sku-locations tr[data-location="WH-EAST"]').innerText()).toMatch(/WH-EAST\s+3\s+0\s+3/);
  expect(await page.locator('#sku-channels li').count()).toBeGreaterThan(0);
  expect(await page.locator('#ledger tbody tr').first().innerText()).toMatch(/WH-EAST\s+\+3\s+0\s+seed/);
  const first = page.locator('#backorders tbody tr').first();
  expect(await first.getAttribute('data-order-id')).toBe(waiting.orderId);
  expect(await first.innerText()).toContain(`2 × ${sku}`);
  await page.locator('#backorders-sort').selectOption('priority');
  await eventually(async () => expect(await page.locator('#backorders tbody tr').first().getAttribute('data-order-id')).toBe(waiting.orderId), 5_000);

  // Escape on the confirmation changes nothing.
  await page.locator('#adjust-location').selectOption('WH-EAST');
  await page.locator('#adjust-amount').fill('7');
  await page.locator('#adjust-note').fill('pallet 12');
  await page.locator('#adjust button[type="submit"]').click();
  await page.locator('dialog.confirm').waitFor();
  expect(await page.locator('dialog.confirm').innerText()).toContain('On hand 3 → 10');
  await page.keyboard.press('Escape');
  await page.locator('dialog.confirm').waitFor({ state: 'detached' });
  expect((await db.stockLevel.findUniqueOrThrow({ where: { sku_locationId: { sku, locationId: 'WH-EAST' } } })).onHand).toBe(3);

  // Confirmed: one POST with an Idempotency-Key, the answer shown, the ledger and the list updated.
  await page.locator('#adjust button[type="submit"]').click();
  const [req] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST'), page.locator('dialog.confirm button[data-confirm="yes"]').click()]);
  expect(new URL(req.url()).pathname).toBe('/api/v1/inventory/adjustments');
  expect(req.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  expect(req.postDataJSON()).toEqual({ sku, locationId: 'WH-EAST', reason: 'receipt', delta: 7, note: 'pallet 12' });
  await eventually(async () => expect(await page.locator('#adjust-result').innerText()).toBe('Adjusted: WH-EAST now has 10 on hand (+7).'), 10_000);
  // The ledger is read again after the answer is shown.
  await eventually(async () => expect(await page.locator('#ledger tbody tr').first().innerText()).toMatch(/WH-EAST\s+\+7\s+0\s+receipt[\s\S]*pallet 12/), 5_000);
  await eventually(async () => expect(await page.locator(`#stock tr[data-sku="${sku}"]`).innerText()).toMatch(/10\s+0\s+10$/), 5_000);
  expect((await db.stockLedgerEntry.findFirstOrThrow({ where: { sku, reason: 'receipt' } })).idempotencyScope).not.toBeNull();

  // Refused by the hub: its message, nothing changed.
  await page.locator('#adjust-amount').fill('-50');
  await page.locator('#adjust button[type="submit"]').click();
  await page.locator('dialog.confirm button[data-confirm="yes"]').click();
  await eventually(async () => expect(await page.locator('#adjust-result').innerText()).toMatch(/^Not adjusted: .*below/), 10_000);
  expect(await page.locator('#adjust-result').getAttribute('class')).toBe('error');
  await screenshot(page, 'console-inventory');
  expect(problems).toEqual([]);
  await page.close();
});

test('channels: buffer, backorder policy and a running Amazon poller, paused and resumed from the page', async () => {
  const db = t.hub.db;
  const channel = `${AMAZON_PREFIX}${Date.now().toString(36)}`;
  await db.channel.create({
    data: { id: channel, name: 'Console Amazon', kind: 'marketplace', platform: 'amazon', settings: { sellerId: 'A2TESTSELLER', marketplaceIds: ['ATVPDKIKX0DER'], region: 'na' } },
  });
  await db.channelBuffer.create({ data: { channelId: channel, safetyStock: 2, percent: 80, maxListed: 50, locationIds: ['WH-EAST'] } });
  await t.hub.amazonPollers!.startPoller(channel);
  const handle = t.hub.temporal.workflow.getHandle(pollerWorkflowId('amazon', channel));
  await eventually(async () => expect((await handle.query(pollerStatusQuery)).lastPassAt).not.toBeNull(), 30_000);
  await eventually(
    async () => expect((await db.channelCursor.findUnique({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } }))?.lastSuccessAt).toBeTruthy(),
    30_000,
  );

  const { page, problems } = await openPage(`/dashboard/channels.html?channel=${channel}`);
  await expectUsable(page);
  const row = page.locator(`#channels tr[data-channel="${channel}"]`);
  expect(await row.innerText()).toMatch(/amazon[\s\S]*safety 2 · 80 % · max 50 · from WH-EAST/);
  expect(await row.locator('[data-sync-state]').getAttribute('data-sync-state')).toBe('running');
  expect(await row.innerText()).toMatch(/lag \d/);

  const pause = row.locator('button.sync-action');
  expect(await pause.innerText()).toBe('Pause');
  await pause.click();
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('dialog.confirm button[data-confirm="yes"]').click()]);
  expect(res.status()).toBe(200);
  expect(res.request().postDataJSON()).toEqual({ action: 'pause' });
  await eventually(async () => expect(await page.locator(`#channels tr[data-channel="${channel}"] [data-sync-state]`).getAttribute('data-sync-state')).toBe('paused'), 10_000);
  expect(await page.locator('#sync-result').innerText()).toBe(`${channel}: paused.`);
  expect((await db.channelCursor.findUniqueOrThrow({ where: { channelId_stream: { channelId: channel, stream: 'orders' } } })).paused).toBe(true);
  await screenshot(page, 'console-channels');

  await page.locator(`#channels tr[data-channel="${channel}"] button.sync-action`).click();
  await page.locator('dialog.confirm button[data-confirm="yes"]').click();
  await eventually(async () => expect(await page.locator(`#channels tr[data-channel="${channel}"] [data-sync-state]`).getAttribute('data-sync-state')).toBe('running'), 10_000);
  expect((await handle.query(pollerStatusQuery)).paused).toBe(false);
  expect(problems).toEqual([]);
  await page.close();
});

test('trends: five uPlot charts over the chosen period, their numbers, and each as CSV', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'dtrend');
  for (const [created, shippedHours] of [
    ['2020-05-01T10:00:00Z', 2],
    ['2020-05-01T11:00:00Z', 4],
    ['2020-05-02T09:00:00Z', 30],
  ] as const) {
    const o = await seedOrder(db, channel, { createdAt: new Date(created) });
    await db.order.update({ where: { id: o.id }, data: { shippedAt: new Date(Date.parse(created) + shippedHours * 3_600_000), shipBy: new Date('2020-05-02T00:00:00Z') } });
    await seedHold(db, o.id, 'manual', { placedAt: new Date(created) });
  }
  const cancelled = await seedOrder(db, channel, { createdAt: new Date('2020-05-03T10:00:00Z') });
  await db.order.update({ where: { id: cancelled.id }, data: { status: 'cancelled', cancelledAt: new Date('2020-05-03T11:00:00Z'), cancelReason: 'out_of_stock' } });

  const { page, problems } = await openPage(`/dashboard/trends.html?from=2020-05-01&to=2020-05-07&channel=${channel}`);
  await expectUsable(page);
  expect(await page.locator('#charts section.trend').evaluateAll((s) => s.map((x) => x.getAttribute('data-series')))).toEqual([
    'orders',
    'time-to-ship',
    'on-time',
    'holds',
    'cancellations',
  ]);
  // uPlot draws each on a canvas of its own, served by the hub (the CSP allows nothing else).
  expect(await page.locator('#charts .chart canvas').count()).toBe(5);
  expect(await page.locator('[data-figure="orders"]').innerText()).toBe('4 orders');
  expect(await page.locator('[data-figure="on-time"]').innerText()).toBe('66.7 % on time (2 of 3)');
  expect(await page.locator('[data-figure="holds"]').innerText()).toBe('3 opened · 0 closed');
  expect(await page.locator('[data-figure="cancellations"]').innerText()).toBe('1 cancelled');
  // The numbers table, opened from the keyboard.
  await page.locator('section[data-series="time-to-ship"] details summary').focus();
  await page.keyboard.press('Enter');
  expect(await page.locator('section[data-series="time-to-ship"] details tbody tr').allInnerTexts()).toEqual(['2020-05-01\t2\t7200\t14400', '2020-05-03\t1\t108000\t108000']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('section[data-series="orders"] a.csv').click()]);
  expect(download.suggestedFilename()).toBe('orderhub-orders-2020-05-01-to-2020-05-07.csv');
  expect(fs.readFileSync((await download.path())!, 'utf8')).toBe(`day,channel,orders\r\n2020-05-01,${channel},2\r\n2020-05-02,${channel},1\r\n2020-05-03,${channel},1\r\n`);

  // Another period from the form: the URL keeps it, so the view can be shared.
  await page.locator('#from').fill('2020-05-02');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/trends/orders?from=2020-05-02')), page.locator('#period button[type="submit"]').press('Enter')]);
  await eventually(async () => expect(await page.locator('[data-figure="orders"]').innerText()).toBe('2 orders'), 5_000);
  expect(page.url()).toContain('from=2020-05-02');
  await screenshot(page, 'console-trends');
  expect(problems).toEqual([]);
  await page.close();
});
