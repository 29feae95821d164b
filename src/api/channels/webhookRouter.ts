import express, { Router } from 'express';
import { validate } from '../middleware/validate';
import { channelParams } from './router';
import type { createWebhookService } from './webhookService';

/**
 * POST /api/v1/channels/:channel/orders — a channel's native order webhook.
 *
 * Authenticated by its HMAC signature only (src/channels/signature.ts), never by an API key: the
 * role table lists it as public. It is mounted in app.ts BEFORE the global express.json, and reads
 * the body with express.raw, because the signature covers the exact bytes sent; a body parsed and
 * re-serialized would not verify. Any content type is accepted for the same reason.
 */
export function channelWebhookRouter(service: ReturnType<typeof createWebhookService>): Router {
  const router = Router();
  router.post('/:channel/orders', express.raw({ type: () => true, limit: '256kb' }), validate({ params: channelParams }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await service.receive({ channel: String(req.params.channel), headers: req.headers, rawBody });
    res.status(answer.created ? 202 : 200).json(answer.body);
  });
  return router;
}
