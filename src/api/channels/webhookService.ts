import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { adaptChannelOrder } from '../../channels';
import { createHash } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../channels/signature';
import type { WebhookSecrets } from '../../channels/webhookSecrets';
import { answerOnce } from '../middleware/idempotency';
import type { RateDecision } from '../auth/rateLimiter';
import { badRequest, HttpError } from '../httpError';
import { RateLimitedError } from '../rateLimited';
import { bodyProblem } from '../middleware/security';
import { createOrderSchema } from '../orders/schemas';
import type { OrderService } from '../orders/service';

export interface WebhookDelivery {
  channel: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface WebhookAnswer {
  created: boolean;
  body: { orderId: string; workflowId: string; status: string; created: boolean };
}

const header = (headers: WebhookDelivery['headers'], name: string) => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export interface WebhookLimits {
  /** A verified delivery of `channel` takes one token of that channel's bucket; omitted: no limit. */
  admit?: (channel: string) => RateDecision;
}

/**
 * A channel's native order webhook: signature first (nothing is parsed before it passes), then
 * the channel's rate limit (so only the channel itself can use up its budget), then the replay
 * cache, then the channel's adapter, then the same createOrder as POST /api/v1/orders, then the
 * delivery is kept with its raw payload. A redelivery (signed anew, so another timestamp) reaches
 * the same order through createOrder (the unique channel order); only another channel_deliveries
 * row is written (created=false).
 */
export function createWebhookService(db: Db, orders: Pick<OrderService, 'createOrder'>, secrets: WebhookSecrets, limits: WebhookLimits = {}) {
  const once = answerOnce(db);
  return {
    /**
     * 401 unless one of the channel's secrets signed the body within the tolerance, 429 over the
     * channel's budget; then the delivery's identity.
     */
    verify({ channel, headers, rawBody }: WebhookDelivery): string {
      const own = Object.prototype.hasOwnProperty.call(secrets, channel) ? secrets[channel] : [];
      const timestamp = header(headers, TIMESTAMP_HEADER);
      const verified = verifyWebhook(own, timestamp, header(headers, SIGNATURE_HEADER), rawBody);
      if (!verified.ok) throw new HttpError(401, 'invalid_signature', verified.reason);
      // Copies count too: replaying a delivery must not be a way around the channel's budget.
      const admitted = limits.admit?.(channel);
      if (admitted && !admitted.allowed) throw new RateLimitedError(admitted.retryAfterSeconds);
      // What was signed, whichever secret signed it: a copy of this request is the same delivery.
      return createHash('sha256')
        .update(`${String(timestamp).trim()}.`)
        .update(rawBody)
        .digest('hex');
    },

    /**
     * The replay cache: a verified delivery is answered at most once for real. An identical copy
     * (same timestamp, same bytes, so a replay inside the 5-minute tolerance, or a channel's
     * blind retry) gets the stored answer with Idempotent-Replayed: true and has no effect; one
     * arriving while the first still runs gets 409 with Retry-After. Kept with the Idempotency-Key
     * records (24 h, far past the tolerance), so every API process shares it.
     */
    replayGuard(channel: string, deliveryId: string, res: Response, next: NextFunction): Promise<void> {
      const path = `/api/v1/channels/${channel}/orders`;
      return once({ scope: `webhook:${channel}`, key: deliveryId, method: 'POST', path, hashes: [deliveryId], label: 'signed delivery' }, res, next);
    },

    /** After verify and replayGuard only. */
    async receive({ channel, rawBody }: WebhookDelivery): Promise<WebhookAnswer> {
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new HttpError(400, 'invalid_json', 'request body is not valid JSON', [{ field: 'body', message: 'not valid JSON' }]);
      }
      // The signed body skips the JSON guard of the other routes (it is read raw): same checks here.
      const problem = bodyProblem(payload);
      if (problem) throw new HttpError(400, 'validation_failed', `invalid request: ${problem.field}`, [problem]);

      const adapted = adaptChannelOrder(channel, payload);
      if (!adapted.ok) {
        const fields = adapted.problems.map((p) => ({ field: p.field ? `body.${p.field}` : 'body', message: p.message }));
        throw badRequest(`invalid ${channel} order: ${fields.map((f) => f.field).join(', ')}`, fields);
      }
      const fulfillment = adapted.fulfillment === 'pickup' ? { mode: 'pickup' as const, pickupLocationId: adapted.pickupLocationId } : undefined;
      // The same schema POST /api/v1/orders validates with (defaults included).
      const parsed = createOrderSchema.safeParse({ ...adapted.order, ...(fulfillment && { fulfillment }) });
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ field: ['body', 'order', ...i.path.map(String)].join('.'), message: i.message }));
        throw badRequest(`invalid ${channel} order: ${fields.map((f) => f.field).join(', ')}`, fields);
      }

      const result = await orders.createOrder(parsed.data);
      await db.channelDelivery.create({
        data: {
          channelId: channel,
          externalId: parsed.data.externalId,
          orderId: result.body.orderId,
          payload: payload as Prisma.InputJsonValue,
          unknownFields: adapted.unknownFields,
          created: result.created,
        },
      });
      return { created: result.created, body: { ...result.body, created: result.created } };
    },
  };
}
