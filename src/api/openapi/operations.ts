import { adminOperations } from './adminOps';
import { catalogOperations } from './catalogOps';
import { orderOperations } from './orderOps';
import { platformOperations } from './platformOps';
import type { Operation } from './registry';
import { stockOperations } from './stockOps';
import { webhookOperations } from './webhookOps';
import { marketplaceOperations } from './marketplaceOps';
import { returnOperations } from './returnOps';
import { consoleOperations } from './consoleOps';
import { insightOperations } from './insightOps';

/**
 * Every route of the API. test/api/openapi.test.ts walks the Express app and fails on any route
 * missing here, and on any entry here without a route.
 */
export const operations: Operation[] = [
  ...orderOperations,
  ...stockOperations,
  ...adminOperations,
  ...webhookOperations,
  ...platformOperations,
  ...catalogOperations,
  ...marketplaceOperations,
  ...returnOperations,
  ...consoleOperations,
  ...insightOperations,
];
