import { Router } from 'express';
import { validate, validated } from '../middleware/validate';
import {
  cancelSchema,
  correctAddressSchema,
  createOrderSchema,
  holdParams,
  listOrdersQuery,
  orderIdParams,
  paymentSchema,
  placeHoldSchema,
  reevaluateSchema,
  releaseHoldSchema,
  retryStepSchema,
  skipStepSchema,
  type CancelRequestBody,
  type CreateOrderRequest,
} from './schemas';
import { idempotencyKeyOf } from '../middleware/idempotency';
import type { OrderService } from './service';
import { actorOf } from '../auth/actor';

export function ordersRouter(service: OrderService): Router {
  const router = Router();

  router.post('/', validate({ body: createOrderSchema }), async (req, res) => {
    const result = await service.createOrder(req.body as CreateOrderRequest);
    res.status(result.created ? 202 : 200).json(result.body);
  });

  router.get('/', validate({ query: listOrdersQuery }), async (_req, res) => {
    res.json(await service.listOrders(validated(res, 'query')));
  });

  router.get('/:orderId', validate({ params: orderIdParams }), async (req, res) => {
    res.json(await service.getOrder(String(req.params.orderId)));
  });

  router.post('/:orderId/payment', validate({ params: orderIdParams, body: paymentSchema }), async (req, res) => {
    res.json(await service.recordPayment(String(req.params.orderId), req.body));
  });

  router.post('/:orderId/cancel', validate({ params: orderIdParams, body: cancelSchema }), async (req, res) => {
    res.json(await service.cancelOrder(String(req.params.orderId), req.body as CancelRequestBody, actorOf(res), idempotencyKeyOf(req)));
  });

  // Operators' controls: each answers with the order once the workflow has stored the change.
  // The actor is always the calling key's name (actorOf), never a body field.
  router.post('/:orderId/holds', validate({ params: orderIdParams, body: placeHoldSchema }), async (req, res) => {
    res.json(await service.placeHold(String(req.params.orderId), { ...req.body, placedBy: actorOf(res) }));
  });

  router.post('/:orderId/holds/:reason/release', validate({ params: holdParams, body: releaseHoldSchema }), async (req, res) => {
    const { orderId, reason } = validated(res, 'params') as { orderId: string; reason: string };
    res.json(await service.releaseHold(orderId, { reason, ...req.body, releasedBy: actorOf(res) }));
  });

  router.put('/:orderId/shipping-address', validate({ params: orderIdParams, body: correctAddressSchema }), async (req, res) => {
    res.json(await service.correctAddress(String(req.params.orderId), { ...req.body, changedBy: actorOf(res) }));
  });

  router.post('/:orderId/rules/evaluate', validate({ params: orderIdParams, body: reevaluateSchema }), async (req, res) => {
    res.json(await service.reevaluateRules(String(req.params.orderId), { ...req.body, requestedBy: actorOf(res) }));
  });

  // A partner step failed past its retry budget (needs_attention): try again, or go on without it.
  router.post('/:orderId/integration/retry', validate({ params: orderIdParams, body: retryStepSchema }), async (req, res) => {
    res.json(await service.retryIntegration(String(req.params.orderId), { ...req.body, requestedBy: actorOf(res) }));
  });

  router.post('/:orderId/integration/skip', validate({ params: orderIdParams, body: skipStepSchema }), async (req, res) => {
    res.json(await service.skipIntegration(String(req.params.orderId), { ...req.body, requestedBy: actorOf(res) }));
  });

  return router;
}
