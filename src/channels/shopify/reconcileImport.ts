/**
 * What reconciliation does with an order the Admin API returned: it stores it in the webhook inbox
 * as if Shopify had sent `orders/updated`, under an id of its own (order id + updated_at), and the
 * inbox processor does the rest. So a reconciled order meets exactly the same dedupe as a webhook:
 * an order the hub does not have is imported once (createOrder's workflow ID), one it has is
 * compared by updated_at (stale, address change, other edit), and a page imported twice after a
 * restart stores nothing new.
 */
import type { Db } from '../../db/prisma';
import type { ImportShopifyOrder } from './adminReconcile';
import { storeDelivery } from './inbox';

export function reconcileIntoInbox(db: Db): ImportShopifyOrder {
  return async (channelId, order) => {
    const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { settings: true } });
    const settings = (channel.settings ?? {}) as { shopDomain?: string; apiVersion?: string };
    return storeDelivery(db, {
      channelId,
      webhookId: `reconcile:${order.id}:${order.updated_at}`,
      topic: 'orders/updated',
      shopDomain: settings.shopDomain ?? '',
      ...(settings.apiVersion && { apiVersion: settings.apiVersion }),
      resourceId: order.id,
      payload: order,
    });
  };
}
