/** The Shopify inbox put together: the processor over the orders service, the runner the route kicks, and the sweeper. */
import type { Db } from '../../db/prisma';
import type { OrderService } from '../../api/orders/service';
import { inboxRunner, startInboxSweeper } from './inbox';
import { createDeliveryProcessor } from './processDelivery';

export type ShopifyInbox = ReturnType<typeof inboxRunner>;

export function shopifyInboxRunner(db: Db, orders: OrderService): ShopifyInbox {
  return inboxRunner(db, createDeliveryProcessor(db, orders));
}

export { startInboxSweeper };
