import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { projectRoot } from '../../src/infra/paths';
import { createSku, eventually, orderPayload, uniqueExternalId } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { launchChromium } from './browser';
import { hubPage, signInWithKey } from './console';
import { createOpsChannel, minutesAgo, minutesFromNow, seedHold, seedOrder } from './seed';
import { openReturn } from '../../src/api/returns/openReturn';
import { seedDeliveredOrder } from '../returns/seedReturns';

const SCREENSHOT = path.join(projectRoot, 'test-output', 'dashboard.png');
// The test hub is started without a Temporal UI URL, so the page links to the configured default.
const TEMPORAL_UI = loadConfig({}).temporal.uiUrl;
const temporalHref = (workflowId: string) => `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;

let t: TestHub;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestHub();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A page that may talk to the hub only; any other request or a script error fails the test. */
async function openDashboard(query: Record<string, string>): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await hubPage(browser, t.hub.apiUrl, { width: 1440, height: 1000 });
  // Signed in as an operator would: the key typed once on the sign-in page, which then opens the overview.
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops, `/dashboard?${new URLSearchParams(query)}`);
  return { page, problems };
}

test('names the missing browser instead of skipping when Chromium is absent', async () => {
  await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(/Headless Chromium is missing: no browser at \/nonexistent\/chromium/);
});

test('shows the queue in priority order with late orders flagged, open holds, the report and Temporal links', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'dash');
  const normal = await seedOrder(db, channel, { externalId: 'DASH-normal', createdAt: minutesAgo(40), customerName: 'Grace Hopper' });
  const urgentLate = await seedOrder(db, channel, {
    externalId: 'DASH urgent/#1?x=y',
    priorityClass: 'urgent',
    priorityScore: 100,
    shipBy: minutesAgo(15),
    tags: ['vip'],
    parcels: [{ locationId: 'WH-EAST', status: 'label_created' }],
    customerName: '<img src=x onerror="document.title=\'pwned\'">',
  });
  const high = await seedOrder(db, channel, { externalId: 'DASH-high', priorityClass: 'high', priorityScore: 50, shipBy: minutesFromNow(120) });
  const held = await seedOrder(db, channel, { externalId: 'DASH-held', status: 'on_hold', priorityClass: 'urgent' });
  const hold = await seedHold(db, held.id, 'fraud_review', { placedAt: minutesAgo(75), escalatedAt: minutesAgo(15), note: 'total over limit' });
  await seedHold(db, held.id, 'address', { placedAt: minutesAgo(5) });

  const { page, problems } = await openDashboard({ channel });

  const queueRows = page.locator('#queue tbody tr');
  expect(await queueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id')))).toEqual([urgentLate.id, high.id, normal.id]);
  expect(await queueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-late')))).toEqual(['true', 'false', 'false']);
  const lateRow = page.locator(`#queue tr[data-order-id="${urgentLate.id}"]`);
  expect(await lateRow.getAttribute('class')).toContain('late');
  expect(await lateRow.locator('.badge.late').innerText()).toBe('LATE');
  expect(await page.locator('#late-count').innerText()).toBe('1 late');
  // Data is text, never markup.
  expect(await lateRow.locator('td').nth(3).innerText()).toBe('<img src=x onerror="document.title=\'pwned\'">');
  expect(await page.locator('#queue img').count()).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await lateRow.innerText()).toContain('24.99 USD');
  expect(await lateRow.innerText()).toContain('WH-EAST: label_created');

  // Every order links into the Temporal UI, with the workflow ID encoded.
  expect(await lateRow.locator('a.temporal-link').getAttribute('href')).toBe(temporalHref(urgentLate.workflowId));
  expect(temporalHref(urgentLate.workflowId)).toContain('/workflows/order%3A');
  expect(await lateRow.locator('a.temporal-link').innerText()).toBe(urgentLate.workflowId);

  const holdRow = page.locator(`#holds tr[data-hold-id="${hold.id}"]`);
  expect(await page.locator('#holds tbody tr').count()).toBe(2);
  expect(await page.locator('#holds tbody tr').first().getAttribute('data-hold-id')).toBe(hold.id);
  expect(await holdRow.innerText()).toMatch(/fraud_review[\s\S]*DASH-held[\s\S]*1h 15m[\s\S]*ESCALATED[\s\S]*total over limit/);
  expect(await holdRow.locator('a.temporal-link').getAttribute('href')).toBe(temporalHref(held.workflowId));
  expect(await holdRow.locator('button.release').innerText()).toBe('Release');
  expect(await page.locator('#hold-counts li').allInnerTexts()).toEqual(['address: 1', 'fraud_review: 1']);
  expect(await page.locator('#holds-count').innerText()).toBe('(2)');

  // The report renders whether or not the reports endpoint exists yet.
  const report = await t.api.get('/api/v1/reports/summary');
  const reportState = await page.locator('#report [data-report]').getAttribute('data-report');
  if (report.status === 404) {
    expect(reportState).toBe('unavailable');
    expect(await page.locator('#report').innerText()).toContain('not available');
  } else {
    expect(report.status).toBe(200);
    expect(reportState).toBe('loaded');
    expect(await page.locator('#report [data-figure="on-time"]').count()).toBe(1);
    expect(await page.locator('#report').innerText()).toContain('Orders by channel and status');
    // Sales per channel and currency (net sales, discounts, tax, refunds), one row each.
    expect(await page.locator('#report').innerText()).toContain('Sales by channel');
    expect(report.body.salesByChannel.length).toBeGreaterThan(0);
    expect(await page.locator('#report-sales-table tbody tr').count()).toBeGreaterThan(0);
  }

  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`dashboard screenshot: ${SCREENSHOT}`);
  expect(problems).toEqual([]);
  await page.close();
});

test('Release sends the note, never an operator name (the hub records the key), and shows the error when the hub refuses', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'dashrel');
  // A row with no workflow behind it: whatever the hub answers, it cannot be a success.
  const order = await seedOrder(db, channel, { externalId: 'DASH-no-workflow', status: 'on_hold' });
  const hold = await seedHold(db, order.id, 'manual');
  const { page, problems } = await openDashboard({ channel });

  // Who acts is the signed-in key, shown instead of a free-text operator field.
  expect(await page.locator('#signed-in').innerText()).toBe('Signed in as test-ops (ops)');
  expect(await page.locator('#operator').count()).toBe(0);
  const row = page.locator(`#holds tr[data-hold-id="${hold.id}"]`);
  await row.locator('input.release-note').fill('customer called');
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST'),
    page.waitForResponse((r) => r.request().method() === 'POST'),
    row.locator('button.release').click(),
  ]);
  expect(new URL(request.url()).pathname).toBe(`/api/v1/orders/${order.id}/holds/manual/release`);
  expect(request.headers()['content-type']).toContain('application/json');
  expect(request.postDataJSON()).toEqual({ note: 'customer called' });

  expect(response.ok()).toBe(false);
  const body = await response.json();
  const message = await page.locator('#release-error').innerText();
  expect(message).toContain(`Could not release the manual hold on ${channel}/DASH-no-workflow`);
  expect(message).toContain(body.message ?? body.error?.message);
  expect(await row.locator('button.release').isEnabled()).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
});

test('Release on a hold the rules placed releases it through the order workflow', async () => {
  const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
  const externalId = uniqueExternalId('DASH-FRAUD');
  // A channel of its own: the dashboard lists the 200 longest-waiting holds, and on a shared test
  // database the webstore channel holds more than that, so its newest hold may not be on the page.
  const channel = await createOpsChannel(t.hub.db, 'dashf');
  // Over 500.00: the default rules put the order on a fraud_review hold.
  const created = await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '600.00', externalId, channel }));
  expect(created.status).toBe(202);
  const { orderId } = created.body;
  const hold = await eventually(async () => {
    const open = await t.hub.db.orderHold.findFirst({ where: { orderId, reason: 'fraud_review', releasedAt: null } });
    if (!open) throw new Error(`order ${orderId} has no open fraud_review hold: the workflow placed none`);
    return open;
  }, 30_000);

  const { page, problems } = await openDashboard({ channel });
  const row = page.locator(`#holds tr[data-hold-id="${hold.id}"]`);
  await row.waitFor();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/v1/orders/${orderId}/holds/fraud_review/release`)),
    row.locator('button.release').click(),
  ]);
  // Status and body in one string, so a failure shows what the hub answered.
  expect(`${response.status()} ${await response.text()}`).toMatch(/^200 /);
  expect(response.request().postDataJSON()).not.toHaveProperty('releasedBy');

  await row.waitFor({ state: 'detached', timeout: 15_000 });
  expect(await page.locator('#release-error').isHidden()).toBe(true);
  const released = await t.hub.db.orderHold.findUniqueOrThrow({ where: { id: hold.id } });
  expect(released).toMatchObject({ releasedBy: 'test-ops', releasedAt: expect.any(Date) });
  expect(problems).toEqual([]);
  await page.close();
});

test('lists the open returns of the channel, newest first, with their Temporal links; finished ones are left out', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'dashr');
  const orderId = await seedDeliveredOrder(db, channel, 3);
  const open = async (status: string) => {
    const opened = await openReturn(db, { orderId, lines: [{ lineId: 1, quantity: 1 }], requestedBy: 'test', now: new Date() });
    if (!('returnId' in opened)) throw new Error('refused');
    await db.return.update({ where: { id: opened.returnId }, data: { status } });
    await new Promise((r) => setTimeout(r, 5));
    return opened.returnId;
  };
  const stuck = await open('needs_attention');
  await open('expired');
  const fresh = await open('requested');

  const { page, problems } = await openDashboard({ channel });
  const rows = page.locator('#returns tbody tr');
  expect(await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-return-id')))).toEqual([fresh, stuck]);
  expect(await page.locator('#returns-count').innerText()).toBe('(2)');
  expect(await page.locator(`#returns tr[data-return-id="${stuck}"] .badge`).innerText()).toBe('needs_attention');
  expect(await page.locator(`#returns tr[data-return-id="${fresh}"] a.temporal-link`).getAttribute('href')).toBe(temporalHref(`return:${fresh}`));
  expect(problems).toEqual([]);
  await page.close();
});
