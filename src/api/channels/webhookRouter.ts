import express, { Router, type Request, type RequestHandler } from 'express';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../channels/signature';
import { HttpError } from '../httpError';
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
  const delivery = (req: Request) => ({ channel: String(req.params.channel), headers: req.headers, rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) });
  router.post(
    '/:channel/orders',
    signatureHeadersPresent,
    express.raw({ type: () => true, limit: '256kb' }),
    validate({ params: channelParams }),
    // The signature and the channel's budget, then the replay cache (an identical copy is answered from it), then the work.
    (req, res, next) => service.replayGuard(String(req.params.channel), service.verify(delivery(req)), res, next),
    async (req, res) => {
      const answer = await service.receive(delivery(req));
      res.status(answer.created ? 202 : 200).json(answer.body);
    },
  );
  return router;
}

/**
 * Before the body is read: a delivery without both signature headers is a 401 naming them,
 * whatever the channel's rate limit, and its bytes are never read.
 */
const signatureHeadersPresent: RequestHandler = (req, _res, next) => {
  const missing = [TIMESTAMP_HEADER, SIGNATURE_HEADER].filter((name) => !req.get(name)?.trim());
  if (missing.length === 0) return next();
  next(new HttpError(401, 'invalid_signature', `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: webhooks are signed (HMAC-SHA256)`));
};
