import { Router } from 'express';
import { ebayAdminRoutes } from './adminRoutes';
import { ebayApiRoutes } from './ebayRoutes';
import { EbaySimState } from './ebayState';

export { EbaySimState, DOCUMENTED_CALL_LIMITS, type CallLimit, type EbayApi } from './ebayState';

/** eBay's Sell Fulfillment and Inventory APIs and its OAuth token endpoint, simulated (docs/ebay.md). */
export function ebaySimulator(state = new EbaySimState()): Router {
  const router = Router();
  router.use(ebayAdminRoutes(state));
  router.use(ebayApiRoutes(state));
  return router;
}
