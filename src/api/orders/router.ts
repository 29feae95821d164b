import { Router } from 'express';
import { validate, validated } from '../middleware/validate';
import { cancelSchema, createOrderSchema, listOrdersQuery, orderIdParams, paymentSchema, type CreateOrderRequest } from './schemas';
import type { OrderService } from './service';

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
    res.json(await service.cancelOrder(String(req.params.orderId), req.body.reason));
  });

  return router;
}
