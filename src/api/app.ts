import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { carrierRouter } from './carrier/router';
import { healthRouter } from './health/router';
import { inventoryRouter } from './inventory/router';
import { createInventoryService } from './inventory/service';
import { errorHandler, notFoundHandler } from './middleware/errorHandler';
import { ordersRouter } from './orders/router';
import { stockReservedNotifier } from '../temporal/notifyReserved';
import { createOrderService } from './orders/service';
import type { OrderWorkflowOptions } from '../workflows/order.workflow';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  orderOptions: OrderWorkflowOptions;
}

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.use(healthRouter(deps.db, deps.temporal));
  app.use('/api/v1/orders', ordersRouter(createOrderService(deps)));
  app.use('/api/v1/carrier', carrierRouter(deps.db, deps.temporal));
  app.use('/api/v1/inventory', inventoryRouter(createInventoryService(deps.db, stockReservedNotifier(deps.temporal))));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
