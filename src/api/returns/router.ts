import { Router } from 'express';
import { actorOf } from '../auth/actor';
import { validate, validated } from '../middleware/validate';
import { channelParams } from '../channels/router';
import { orderIdParams } from '../orders/actionSchemas';
import type { ReturnPolicy } from '../../domain/returns';
import type { ReturnService } from './service';
import type { createReturnActions } from './returnActions';
import {
  createReturnSchema,
  listReturnsQuery,
  receiptSchema,
  returnIdParams,
  returnPolicySchema,
  returnRetrySchema,
  type CreateReturnBody,
  type ListReturnsQuery,
  type ReceiptBody,
  type ReturnRetryBody,
} from './schemas';

/** Mounted at the root: its paths live under both /api/v1/orders/:orderId and /api/v1/returns. */
export function returnsRouter(service: ReturnService, actions: ReturnType<typeof createReturnActions>): Router {
  const router = Router();
  router.post('/api/v1/orders/:orderId/returns', validate({ params: orderIdParams, body: createReturnSchema }), async (req, res) => {
    res.status(201).json(await service.create(String(req.params.orderId), req.body as CreateReturnBody, actorOf(res)));
  });
  router.get('/api/v1/returns', validate({ query: listReturnsQuery }), async (_req, res) => {
    res.json(await service.list(validated<ListReturnsQuery>(res, 'query')));
  });
  router.get('/api/v1/returns/:returnId', validate({ params: returnIdParams }), async (req, res) => {
    res.json(await service.get(String(req.params.returnId)));
  });
  // The workflow's answers: the return as it stands once the receipt is recorded (or the retried step ran).
  router.post('/api/v1/returns/:returnId/receipt', validate({ params: returnIdParams, body: receiptSchema }), async (req, res) => {
    const returnId = String(req.params.returnId);
    await actions.receive(returnId, req.body as ReceiptBody, actorOf(res));
    res.json(await service.get(returnId));
  });
  router.post('/api/v1/returns/:returnId/retry', validate({ params: returnIdParams, body: returnRetrySchema }), async (req, res) => {
    const returnId = String(req.params.returnId);
    await actions.retry(returnId, req.body as ReturnRetryBody, actorOf(res));
    res.json(await service.get(returnId));
  });
  router.get('/api/v1/channels/:channel/return-policy', validate({ params: channelParams }), async (req, res) => {
    res.json(await service.policy(String(req.params.channel)));
  });
  router.put('/api/v1/channels/:channel/return-policy', validate({ params: channelParams, body: returnPolicySchema }), async (req, res) => {
    res.json(await service.setPolicy(String(req.params.channel), req.body as ReturnPolicy));
  });
  return router;
}
