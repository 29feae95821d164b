// Helpers for the console's browser tests: a page that may talk to the hub only, sign-in through
// the sign-in page, and the accessibility checks every page gets.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/paths';

export const SCREENSHOTS = path.join(projectRoot, 'test-output');

/** A fresh browser context (no cookies); any request to another host or script error is recorded in `problems`. */
export async function hubPage(browser: Browser, hubUrl: string, viewport = { width: 1366, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  const hub = new URL(hubUrl);
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === hub.host) return route.continue();
    problems.push(`request to another host: ${url.href}`);
    return route.abort();
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A failed fetch (a 401 or 404 answer) logs a resource error; only script errors count here.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { page, problems };
}

/** Signs in on the sign-in page with `key`, as an operator types it, and waits for `next` to load. */
export async function signInWithKey(page: Page, hubUrl: string, key: string, next = '/dashboard'): Promise<void> {
  await page.goto(`${hubUrl}/dashboard/signin.html?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Your API key (ops or admin)').fill(key);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/dashboard/signin.html'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.waitForSelector('body[data-loaded="true"]');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const A11Y_CHECK = fs.readFileSync(path.join(__dirname, 'accessibilityCheck.js'), 'utf8');

/**
 * Every form control has a label, and every visible text meets WCAG AA contrast (4.5:1; 3:1 for
 * large text) against the background it is drawn on (accessibilityCheck.js, run in the page).
 * Answers the problems found.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(A11Y_CHECK) as Promise<string[]>;
}

/** Waits until `selector` matches `n` elements (polled from the test: the pages' CSP forbids the string predicates waitForFunction evaluates). */
export async function waitForCount(page: Page, selector: string, n: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await page.locator(selector).count()) !== n) {
    if (Date.now() > until) throw new Error(`${selector}: ${await page.locator(selector).count()} elements, not ${n}, after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}
