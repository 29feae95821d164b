/**
 * POST /api/v1/channels/:channel/webhooks: Shopify's webhooks, for a channel whose platform is
 * `shopify` (docs/shopify.md). Another platform's channel, or an unknown one, is a 404 with the
 * same answer (nothing tells an anonymous caller which channels exist); those keep
 * POST /:channel/orders and the hub's own signature.
 *
 * In order: the channel; Shopify's HMAC over the raw bytes (401, before anything is parsed); the
 * shop domain (401 unless it is the channel's shop); the channel's rate limit; the headers that
 * identify the delivery; a lossless parse (ids past 2^53 stay exact). Then the delivery is stored
 * in the durable inbox and answered 200 at once (Shopify gives up after 5 s); the inbox processes
 * it apart from the request. A redelivery (same X-Shopify-Webhook-Id, or the same event id for the
 * topic) is 200 with nothing new.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/prisma';
import type { WebhookSecrets } from '../../channels/webhookSecrets';
import { SHOPIFY_HMAC_HEADER, verifyShopifyHmac } from '../../channels/shopify/hmac';
import { parseJsonLossless } from '../../channels/shopify/losslessJson';
import { storeDelivery } from '../../channels/shopify/inbox';
import { resourceIdOf, HANDLED_TOPICS, ORDER_TOPICS } from '../../channels/shopify/processDelivery';
import { isObj } from '../../channels/common';
import { HttpError } from '../httpError';
import { RateLimitedError } from '../rateLimited';
import { bodyProblem } from '../middleware/security';
import { validate } from '../middleware/validate';
import { channelParams } from './router';
import type { WebhookLimits } from './webhookService';

/** Shopify's order payloads grow with their lines; 256 kB (the other webhook's limit) is too tight for a large real order. */
const BODY_LIMIT = '2mb';
const HEADER_ID = /^[\x21-\x7e]{1,128}$/;

export interface ShopifyWebhookDeps {
  db: Db;
  secrets: WebhookSecrets;
  limits?: WebhookLimits;
  /** Called after a delivery is stored: starts processing in this process (never awaited by the request). */
  onStored?: () => void;
}

export function shopifyWebhookRouter({ db, secrets, limits = {}, onStored }: ShopifyWebhookDeps): Router {
  const router = Router();
  router.post('/:channel/webhooks', express.raw({ type: () => true, limit: BODY_LIMIT }), validate({ params: channelParams }), (req, res, next) => {
    receive(req, res).catch((err: unknown) => next(err));
  });

  async function receive(req: Request, res: Response) {
    const channelId = String(req.params.channel);
    const channel = await db.channel.findUnique({ where: { id: channelId }, select: { platform: true, settings: true, secretName: true } });
    if (!channel || channel.platform !== 'shopify')
      throw new HttpError(404, 'not_found', `no Shopify webhooks for channel ${channelId}: other platforms send POST /api/v1/channels/${channelId}/orders`);

    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const secretName = channel.secretName ?? channelId;
    const own = Object.prototype.hasOwnProperty.call(secrets, secretName) ? secrets[secretName] : [];
    if (!verifyShopifyHmac(own, req.get(SHOPIFY_HMAC_HEADER), rawBody))
      throw new HttpError(401, 'invalid_signature', `${SHOPIFY_HMAC_HEADER} is missing or does not match the body`);
    const shop = shopDomainOf(channel.settings);
    const sentShop = req.get('X-Shopify-Shop-Domain')?.trim().toLowerCase();
    // The signature proves the app's secret; the domain proves it is this channel's store (one app may serve several shops).
    if (!shop || sentShop !== shop) throw new HttpError(401, 'wrong_shop', `X-Shopify-Shop-Domain is not the shop of channel ${channelId}`);
    const admitted = limits.admit?.(channelId);
    if (admitted && !admitted.allowed) throw new RateLimitedError(admitted.retryAfterSeconds);

    const topic = req.get('X-Shopify-Topic')?.trim();
    const webhookId = req.get('X-Shopify-Webhook-Id')?.trim();
    const eventId = req.get('X-Shopify-Event-Id')?.trim();
    const missing = [!topic && 'X-Shopify-Topic', !(webhookId && HEADER_ID.test(webhookId)) && 'X-Shopify-Webhook-Id'].filter(Boolean);
    if (missing.length)
      throw new HttpError(
        400,
        'validation_failed',
        `${missing.join(' and ')} must be sent`,
        missing.map((h) => ({ field: `headers.${h}`, message: 'is required' })),
      );

    let payload: unknown;
    try {
      payload = parseJsonLossless(rawBody.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'request body is not valid JSON', [{ field: 'body', message: 'not valid JSON' }]);
    }
    // The raw route skips the JSON guard of the other routes: the same depth and NUL checks here.
    const problem = bodyProblem(payload);
    if (problem) throw new HttpError(400, 'validation_failed', `invalid request: ${problem.field}`, [problem]);
    // Only a body that cannot be what its topic says is refused: everything else is stored, and the inbox decides.
    const resourceId = resourceIdOf(topic!, payload);
    if (HANDLED_TOPICS.includes(topic!) && (!isObj(payload) || !resourceId)) {
      const field = (ORDER_TOPICS as readonly string[]).includes(topic!) ? 'body.id' : 'body.order_id';
      throw new HttpError(400, 'validation_failed', `invalid ${topic} payload: ${field}`, [{ field, message: 'must be the numeric Shopify id' }]);
    }

    const stored = await storeDelivery(db, {
      channelId,
      webhookId: webhookId!,
      ...(eventId && HEADER_ID.test(eventId) && { eventId }),
      topic: topic!.slice(0, 100),
      shopDomain: sentShop!,
      ...(req.get('X-Shopify-API-Version') && { apiVersion: req.get('X-Shopify-API-Version')!.slice(0, 20) }),
      ...(resourceId && { resourceId }),
      payload,
    });
    res.status(200).json({ received: true, duplicate: !stored, topic });
    if (stored) onStored?.();
  }

  return router;
}

function shopDomainOf(settings: unknown): string | undefined {
  const domain = isObj(settings) ? settings.shopDomain : undefined;
  return typeof domain === 'string' && domain.trim() ? domain.trim().toLowerCase() : undefined;
}
