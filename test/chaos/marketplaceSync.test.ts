import { runMarketplaceSync } from '../../chaos/scenarios/marketplaceSync';
import { startInfra, type Infra } from '../../chaos/stack';

// The small `npm run chaos marketplace-sync`: the API and worker as child processes on the shared
// test stack, 100 Amazon orders over 5 pages through the SP-API simulator at Amazon's usage plans
// (x60 on both sides), a 429 storm, every token expired, the worker SIGKILLed mid-page.
let infra: Infra;
beforeAll(async () => {
  infra = await startInfra();
});
afterAll(() => infra?.stop());

test('100 Amazon orders over 5 pages through a 429 storm, an expired token and a worker SIGKILL: each imported once, never above a usage plan, the catch-up visible', async () => {
  const result = await runMarketplaceSync(infra, { orders: 100, pages: 5, rateScale: 60, storms: 1, stormCalls: 5, settleTimeoutMs: 180_000 });
  expect(result.failures).toEqual([]);
  expect(result.figures).toMatchObject({ orders: 100, imported: 100, overLimit: 0, workerKills: 1, storms: 1 });
  expect(result.figures.getOrdersCalls).toBeGreaterThanOrEqual(5);
  expect(result.figures.injected429).toBeGreaterThanOrEqual(5);
  expect(result.figures.expiredTokenCalls).toBeGreaterThanOrEqual(1);
  expect(result.figures.rateLimitWaits).toBeGreaterThan(0);
  expect(result.figures.maxBacklogSeen).toBeGreaterThan(0);
  // The orders were bought up to an hour ago: while the pass catches up, GET /sync shows it behind.
  expect(result.figures.maxLagMs).toBeGreaterThan(60_000);
}, 300_000);
