import { Router } from 'express';
import { AmazonSimState } from './amazonState';
import { amazonAdminRoutes } from './adminRoutes';
import { feedRoutes } from './feedRoutes';
import { spApiRoutes } from './spApiRoutes';

export { AmazonSimState } from './amazonState';
export { DOCUMENTED_USAGE_PLANS, type SpOperation, type UsagePlan } from './usagePlans';

/** Amazon's Selling Partner API and Login with Amazon, simulated (docs/amazon.md). */
export function amazonSimulator(state = new AmazonSimState()): Router {
  const router = Router();
  router.use(amazonAdminRoutes(state));
  router.use(spApiRoutes(state));
  router.use(feedRoutes(state));
  return router;
}
