import express, { type ErrorRequestHandler } from 'express';
import { ebaySimulator } from './ebay';
import { adminRoutes } from './routes/adminRoutes';
import { carrierRoutes } from './routes/carrierRoutes';
import { channelRoutes } from './routes/channelRoutes';
import { crmRoutes } from './routes/crmRoutes';
import { erpRoutes } from './routes/erpRoutes';
import { gatewayRoutes } from './routes/gatewayRoutes';
import { shopifyRoutes } from './shopify/routes';
import { amazonSimulator } from './amazon';
import type { SimulatorState } from './state';
import { shopifyStoreRoutes, type SimulatedShopifyStore } from './shopify/webhookRoutes';

/** Body-parser errors carry the HTTP status they want; anything else is a simulator bug. */
const jsonErrors: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: `invalid request body: ${(error as Error).message}` });
    return;
  }
  res.status(500).json({ error: `simulator failure: ${error instanceof Error ? error.message : String(error)}` });
};

/** One express app standing in for the ERP, CRM, carrier, payment gateway and every sales channel. */
export function createSimulatorApp(state: SimulatorState, opts: { shopifyStore?: SimulatedShopifyStore } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Before the JSON parser: Shopify's bodies carry 64-bit ids, which the Shopify routes parse losslessly.
  app.use(shopifyRoutes(state));
  app.use(express.json({ limit: '5mb' }));
  // eBay's Sell APIs (src/simulators/ebay): paths of their own, under /sell, /identity and /admin/ebay.
  app.use(ebaySimulator());

  app.use(adminRoutes(state));
  app.use(erpRoutes(state));
  app.use(crmRoutes(state));
  app.use(carrierRoutes(state));
  app.use(channelRoutes(state));
  app.use(gatewayRoutes(state));
  app.use(amazonSimulator());
  // The simulated Shopify store's signed webhooks to the hub (docs/shopify.md).
  app.use(shopifyStoreRoutes(opts.shopifyStore));

  app.use((req, res) => {
    res.status(404).json({ error: `no simulator endpoint ${req.method} ${req.path}` });
  });
  app.use(jsonErrors);
  return app;
}
