/**
 * The simulated Shopify store sending its webhooks to the hub, signed as Shopify signs them
 * (X-Shopify-Hmac-Sha256 over the raw body), so `npm start` can demo a store sending orders:
 *
 *   POST /admin/shopify/webhooks {topic?, sku?, quantity?, price?, financialStatus?, body?}
 *
 * sends `body` (JSON text of any topic's payload) or a new order in Shopify's shape, and answers
 * with what the hub answered and the ids used. Not journaled: it is the store, not a partner.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { shopifyHmac } from '../../channels/shopify/hmac';
import { demoShopifyOrder } from './orderPayload';

export interface SimulatedShopifyStore {
  /** Where the hub is. */
  hubUrl: string;
  /** The hub channel this store is (platform shopify). */
  channel: string;
  shopDomain: string;
  /** The app secret: the channel's CHANNEL_WEBHOOK_SECRETS entry. */
  secret: string;
  apiVersion: string;
}

export async function sendShopifyWebhook(store: SimulatedShopifyStore, topic: string, body: string, webhookId = randomUUID()) {
  const res = await fetch(`${store.hubUrl}/api/v1/channels/${store.channel}/webhooks`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': shopifyHmac(store.secret, body),
      'X-Shopify-Shop-Domain': store.shopDomain,
      'X-Shopify-API-Version': store.apiVersion,
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-Event-Id': randomUUID(),
      'X-Shopify-Triggered-At': new Date().toISOString(),
    },
    body,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown, webhookId };
}

export function shopifyStoreRoutes(store: SimulatedShopifyStore | undefined): Router {
  const router = Router();
  router.post('/admin/shopify/webhooks', async (req, res) => {
    if (!store) return void res.status(409).json({ error: 'no Shopify store configured for this simulator (hub URL and webhook secret)' });
    // The Shopify simulator reads /admin/shopify/* bodies as text (src/simulators/shopify/routes.ts).
    let b: Record<string, unknown>;
    try {
      b = typeof req.body === 'string' ? (req.body.trim() ? (JSON.parse(req.body) as Record<string, unknown>) : {}) : ((req.body ?? {}) as Record<string, unknown>);
    } catch {
      return void res.status(400).json({ error: 'the body must be JSON' });
    }
    const topic = typeof b.topic === 'string' ? b.topic : 'orders/create';
    const quantity = Number.isInteger(b.quantity) && (b.quantity as number) > 0 ? (b.quantity as number) : 1;
    const price = typeof b.price === 'string' && /^\d+\.\d{2}$/.test(b.price) ? b.price : '19.99';
    const financialStatus = b.financialStatus === 'pending' || b.financialStatus === 'authorized' ? b.financialStatus : 'paid';
    const order = typeof b.body === 'string' ? undefined : demoShopifyOrder({ sku: typeof b.sku === 'string' ? b.sku : 'TEE-BLK-M', quantity, price, financialStatus });
    try {
      const sent = await sendShopifyWebhook(store, topic, typeof b.body === 'string' ? b.body : order!.json);
      res.json({ ...sent, ...(order && { orderId: order.id }) });
    } catch (err) {
      res.status(502).json({ error: `could not reach the hub: ${(err as Error).message}` });
    }
  });
  return router;
}
