import { Router } from 'express';
import type { Db } from '../../db/prisma';
import { notFound } from '../httpError';
import { validate, validated } from '../middleware/validate';
import { orderIdParams } from './actionSchemas';

/** GET /api/v1/orders/:orderId/partner-calls: every call made to a partner for the order (partner_calls), oldest first. */
export function partnerCallsRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/orders/:orderId/partner-calls', validate({ params: orderIdParams }), async (_req, res) => {
    const { orderId } = validated<{ orderId: string }>(res, 'params');
    const [order, calls] = await Promise.all([
      db.order.findUnique({ where: { id: orderId }, select: { id: true } }),
      db.partnerCall.findMany({ where: { orderId }, orderBy: [{ firstAt: 'asc' }, { idempotencyKey: 'asc' }] }),
    ]);
    if (!order) throw notFound(`order ${orderId}`);
    res.json({
      items: calls.map((c) => ({
        system: c.system,
        step: c.step,
        idempotencyKey: c.idempotencyKey,
        method: c.method,
        path: c.path,
        attempts: c.attempts,
        outcome: c.outcome,
        lastStatus: c.lastStatus,
        lastError: c.lastError,
        firstAt: c.firstAt.toISOString(),
        lastAt: c.lastAt.toISOString(),
      })),
    });
  });
  return router;
}
