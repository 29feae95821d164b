// The operations console in headless Chromium on the real stack (docs/dashboard.md): sign-in by
// the one-time link and by a key, finding an order, its page, each action, role refusal,
// accessibility. Screenshots go to test-output/ (not in git).
import type { Browser, Page } from 'playwright-core';
import { apiKey } from '../../src/api/auth/keys';
import { devSignInLink } from '../../src/api/auth/signInLink';
import { createSku, eventually, orderPayload, uniqueExternalId } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';
import { launchChromium } from './browser';
import { accessibilityProblems, hubPage, screenshot, signInWithKey, waitForCount } from './console';
import { createOpsChannel, minutesAgo, seedHold, seedOrder } from './seed';

let t: TestHub;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  // Partner steps give up after about a second here, so an outage reaches an operator quickly.
  t = await startTestHub({ carrierDispatchDelayMs: 60_000, partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, budgetMs: 1_000 } });
});
afterEach(() => t.sim.state.faults.reset());
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Opens the action's confirmation, fills its fields, confirms, and answers the result line. */
async function act(page: Page, button: string, fields: Record<string, string> = {}, confirm?: string): Promise<string> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.locator('#action-dialog[open]');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) {
    const control = dialog.getByLabel(label, { exact: true });
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  await dialog.getByRole('button', { name: confirm ?? (await page.locator('#dialog-confirm').innerText()) }).click();
  await page.locator('#action-dialog').waitFor({ state: 'hidden' });
  await waitForCount(page, '#action-result:text-matches("working…$")', 0);
  const error = page.locator('#action-error');
  if (await error.isVisible()) return `ERROR ${await error.innerText()}`;
  return page.locator('#action-result').innerText();
}

const order = async (id: string) => (await t.api.get(`/api/v1/orders/${id}`)).body;

test('the one-time link signs in once, as the key it was made for; a second use is refused', async () => {
  const link = await devSignInLink(t.hub.db, apiKey(t.keys.admin, 'admin', undefined, 'test-admin'), t.hub.apiUrl);
  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await page.goto(link);
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await page.waitForSelector('body[data-loaded="true"]');
  expect(await page.locator('#signed-in').innerText()).toBe('Signed in as test-admin (admin)');
  // The cookie is httpOnly: page scripts never see it.
  expect(await page.evaluate('document.cookie')).toBe('');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'orderhub_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
  await screenshot(page, 'console-overview');

  const again = await hubPage(browser, t.hub.apiUrl);
  await again.page.goto(link);
  await again.page.locator('#signin-error').waitFor();
  expect(await again.page.locator('#signin-error').innerText()).toMatch(/The sign-in link did not work: .*unknown, was used already, or expired/);
  expect(again.page.url()).not.toContain('#link=');

  // Sign-out ends the session: the pages send the operator back to the sign-in page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard/signin.html');
  await page.goto(`${t.hub.apiUrl}/dashboard/orders.html`);
  await page.waitForURL((u) => u.pathname === '/dashboard/signin.html');
  expect([...problems, ...again.problems]).toEqual([]);
  await page.context().close();
  await again.page.context().close();
});

test('a key signs in once; find orders by several filters, page through them, open one', async () => {
  const db = t.hub.db;
  const channel = await createOpsChannel(db, 'find');
  const older = await seedOrder(db, channel, { externalId: 'FIND-1', createdAt: minutesAgo(90), customerName: 'Katherine Johnson' });
  const newer = await seedOrder(db, channel, { externalId: 'FIND-2', createdAt: minutesAgo(30), customerName: 'Dorothy Vaughan', status: 'on_hold' });
  await seedHold(db, newer.id, 'address', { placedAt: minutesAgo(20), note: 'no house number' });

  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops, '/dashboard/orders.html');
  expect(await page.locator('#signed-in').innerText()).toBe('Signed in as test-ops (ops)');
  expect(await page.locator('nav a[aria-current="page"]').innerText()).toBe('Orders');
  // The key is not kept anywhere the page can read.
  expect(await page.evaluate('JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })')).toBe('{}{}');

  await page.getByLabel('Channel', { exact: true }).fill(channel);
  await page.getByRole('button', { name: 'Find' }).click();
  await waitForCount(page, '#results tbody tr', 2);
  expect(await page.locator('#results tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id')))).toEqual([newer.id, older.id]);

  await page.getByLabel('Open hold').selectOption('address');
  await page.getByRole('button', { name: 'Find' }).click();
  await waitForCount(page, '#results tbody tr', 1);
  expect(await page.locator('#results tbody tr').innerText()).toContain('Dorothy Vaughan');
  expect(new URL(page.url()).searchParams.get('holdReason')).toBe('address');

  // A search is an address: bookmarked or shared, it finds the same (the API's keyset pages are tested in test/api/orderSearch.test.ts).
  await page.goto(`${t.hub.apiUrl}/dashboard/orders.html?channel=${channel}&name=${encodeURIComponent('katherine')}`);
  await waitForCount(page, '#results tbody tr', 1);
  expect(await page.locator('#results tbody tr').getAttribute('data-order-id')).toBe(older.id);
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, 'console-orders');

  await page.getByRole('link', { name: 'FIND-1' }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard/order.html');
  await page.waitForSelector('body[data-loaded="true"]');
  expect(await page.locator('#order-title').innerText()).toBe(`Order FIND-1 (${channel})`);
  expect(await page.locator('#summary').innerText()).toContain('Katherine Johnson');
  expect(await page.locator('#summary a.temporal-link').innerText()).toBe(older.workflowId);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('an order page shows the money, holds and timeline, and every action goes through the API with a confirmation', async () => {
  const channel = await createOpsChannel(t.hub.db, 'act');
  const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
  // Over 500.00: the default rules hold it for a fraud review, so it waits for the operator.
  const payload = { ...orderPayload({ sku, quantity: 3, unitPrice: '200.00', externalId: uniqueExternalId('ACT'), channel }) };
  const id = (await t.api.post('/api/v1/orders').send(payload).expect(202)).body.orderId as string;
  await eventually(async () => expect((await order(id)).holds.some((h: { reason: string }) => h.reason === 'fraud_review')).toBe(true), 30_000);

  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops, `/dashboard/order.html?id=${id}`);
  expect(await page.locator('#lines-table tbody tr').innerText()).toMatch(new RegExp(`^1\\s+${sku}\\s+3\\s+200\\.00\\s+600\\.00`));
  expect(await page.locator('#money').innerText()).toContain('605.00 USD');
  expect(await page.locator('#holds-table tr[data-reason="fraud_review"]').innerText()).toMatch(/fraud_review[\s\S]*rule:[\s\S]*open \d/);
  expect(await page.locator('#timeline li[data-type="received"]').count()).toBe(1);
  expect(await accessibilityProblems(page)).toEqual([]);

  // Keyboard: the actions open with Enter and the confirmation closes with Escape, nothing sent.
  await page.getByRole('button', { name: 'Place a hold' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#action-dialog[open]').waitFor();
  expect(await page.evaluate('document.activeElement.id')).toBe('field-reason');
  await page.keyboard.press('Escape');
  await page.locator('#action-dialog').waitFor({ state: 'hidden' });

  expect(await act(page, 'Place a hold', { Reason: 'manual', Note: 'customer called' }, 'Place the hold')).toMatch(/^Place a hold: done\. The order is on_hold/);
  expect(await page.locator('#holds-table tr[data-reason="manual"]').innerText()).toMatch(/customer called[\s\S]*test-ops/);
  expect(await act(page, 'Release manual hold', { Note: 'sorted' }, 'Release')).toMatch(/^Release the manual hold: done/);
  expect((await order(id)).holds.find((h: { reason: string }) => h.reason === 'manual')).toMatchObject({ releasedBy: 'test-ops' });
  expect(await act(page, 'Correct the address', { 'Address line 1': '2 Navy Way' }, 'Save the address')).toBe(
    'Correct the shipping address: done. Ships to 2 Navy Way, Arlington.',
  );
  expect(await act(page, 'Re-run the rules', {}, 'Re-run the rules')).toMatch(/^Re-run the rules: done\. The order is on_hold .* Rule set version \d+/);
  expect(await act(page, 'Cancel units of line 1', { Units: '1', Reason: 'out of gift wrap' }, 'Cancel the units')).toMatch(/^Cancel units of line 1: done/);
  expect(await page.locator('#lines-table tbody tr').innerText()).toMatch(/1 \(\d+\.\d\d back\)/);
  await screenshot(page, 'console-order');

  // A refusal shows the hub's reason: the manual hold is not open any more.
  expect(await act(page, 'Cancel order', { 'Reason (shown to the channel and on the timeline)': 'fraud confirmed' }, 'Cancel the order')).toMatch(
    /^Cancel the whole order: done\. The order is cancelled/,
  );
  expect((await order(id)).timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['hold_placed', 'address_corrected', 'cancelled']));
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a failed partner step shows in the partner calls; the operator retries one order and skips the other', async () => {
  t.sim.state.faults.apply({ erp: { failureRate: 1, status: 503 } });
  const channel = await createOpsChannel(t.hub.db, 'erp');
  const sku = await createSku(t.hub.db, { 'WH-EAST': 10 });
  const ids = await Promise.all(
    ['RETRY', 'SKIP'].map(
      async (p) =>
        (
          await t.api
            .post('/api/v1/orders')
            .send(orderPayload({ sku, externalId: uniqueExternalId(p), channel }))
            .expect(202)
        ).body.orderId as string,
    ),
  );
  for (const id of ids) await eventually(async () => expect((await order(id)).status).toBe('needs_attention'), 30_000);
  t.sim.state.faults.reset();

  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops, `/dashboard/order.html?id=${ids[0]}`);
  const erpCall = page.locator('#partner-calls-table tr[data-step="erp.sales-order"]');
  expect(await erpCall.innerText()).toMatch(new RegExp(`erp\\s+erp\\.sales-order\\s+${ids[0]}:erp\\.sales-order\\s+unavailable[\\s\\S]*erp unavailable[\\s\\S]*\\s\\d+`));
  await screenshot(page, 'console-partner-calls');
  expect(await act(page, 'Retry a failed partner step', {}, 'Retry')).toMatch(/^Retry a failed partner step: done/);
  expect(await erpCall.innerText()).toContain('succeeded');

  await page.goto(`${t.hub.apiUrl}/dashboard/order.html?id=${ids[1]}`);
  await page.waitForSelector('body[data-loaded="true"]');
  expect(await act(page, 'Skip a failed partner step', { Reason: 'entered in the ERP by hand' }, 'Skip the step')).toMatch(/^Skip a failed partner step: done/);
  expect((await order(ids[1])).timeline.find((e: { type: string }) => e.type === 'integration_skipped').message).toBe(
    'ERP sales order skipped by test-ops: entered in the ERP by hand',
  );
  expect(problems).toEqual([]);
  await page.context().close();
});

test('an ops session cannot do an admin action; a cookie request without the CSRF token is refused', async () => {
  const { page, problems } = await hubPage(browser, t.hub.apiUrl);
  await signInWithKey(page, t.hub.apiUrl, t.keys.ops);
  // In the page, as its own scripts would call the hub: api.js adds the CSRF token; a bare fetch (a forged request) does not.
  const answers = await page.evaluate(`(async () => {
    const { fetchJson } = await import('/dashboard/api.js');
    const rules = await fetchJson('/api/v1/rules', { method: 'PUT', body: JSON.stringify({ rules: [] }) });
    const product = await fetchJson('/api/v1/products', { method: 'POST', body: JSON.stringify({ sku: 'NOPE-1', name: 'x' }) });
    const read = await fetch('/api/v1/holds').then((r) => r.status);
    const noToken = await fetch('/api/v1/orders/' + crypto.randomUUID() + '/holds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"manual"}' });
    return { rules: [rules.status, rules.body.message], product: product.status, read, noToken: [noToken.status, (await noToken.json()).error] };
  })()`);
  expect(answers).toEqual({
    rules: [403, expect.stringMatching(/ops key may not call this route \(needs admin\)/)],
    product: 403,
    read: 200,
    noToken: [403, 'csrf_token_missing'],
  });
  expect(problems).toEqual([]);
  await page.context().close();
});
