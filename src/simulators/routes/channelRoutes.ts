import { Router } from 'express';
import { created, ok, partnerRoute } from '../partnerRoute';
import { Rejection, optionalString, requiredDecimal, requiredInteger, requiredString } from '../requestFields';
import type { SimulatorState } from '../state';
import { channelDialectRoutes } from './channelDialectRoutes';

/**
 * Sales channels (webstore, amazon, ebay, pos, or any other name): they learn
 * about fulfillments, refunds and cancellations, and receive stock levels.
 */
export function channelRoutes(state: SimulatorState): Router {
  const router = Router();
  const numbers = state.documentNumbers;
  // The marketplaces' own dialects (webstore, amazon, ebay); the routes below are the generic format.
  router.use(channelDialectRoutes(state));

  router.post(
    '/channels/:channel/orders/:externalId/fulfillments',
    partnerRoute(state, 'channel', 'createFulfillment', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      optionalString(body.trackingNumber, 'trackingNumber');
      optionalString(body.carrier, 'carrier');
      return created({ fulfillmentId: numbers.next('F') });
    }),
  );

  router.post(
    '/channels/:channel/orders/:externalId/refunds',
    partnerRoute(state, 'channel', 'createRefund', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      requiredDecimal(body.amount, 'amount');
      requiredString(body.currency, 'currency');
      optionalString(body.reason, 'reason');
      return created({ refundId: numbers.next('R') });
    }),
  );

  // A return the hub received (issue 18): which units came back, no money (src/channels/returnNotice.ts).
  router.post(
    '/channels/:channel/orders/:externalId/returns',
    partnerRoute(state, 'channel', 'recordReturn', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      requiredString(body.returnId, 'returnId');
      if (!Array.isArray(body.lines) || body.lines.length === 0) throw new Rejection(400, { error: 'lines must be a non-empty array' });
      return created({ returnId: numbers.next('RT') });
    }),
  );

  router.post(
    '/channels/:channel/orders/:externalId/cancellations',
    partnerRoute(state, 'channel', 'cancelOrder', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      optionalString(body.reason, 'reason');
      return created({ cancellationId: numbers.next('X') });
    }),
  );

  // The sequence lets the channel drop pushes that arrive out of order (e.g. a slow retry).
  router.put(
    '/channels/:channel/inventory/:sku',
    partnerRoute(state, 'channel', 'setInventory', ({ body, params }) => {
      const quantity = requiredInteger(body.quantity, 'quantity', 0);
      const sequence = requiredInteger(body.sequence, 'sequence');
      const channel = params.channel ?? '';
      const sku = params.sku ?? '';
      const result = state.channelInventory.push(channel, sku, quantity, sequence);
      if (!result.accepted) throw new Rejection(409, { error: 'stale', storedSequence: result.storedSequence });
      return ok({ channel, sku, quantity, sequence });
    }),
  );

  // Inspection for tests and the demo, not part of what the hub calls: no key needed.
  router.get('/channels/:channel/inventory/:sku', (req, res) => {
    const level = state.channelInventory.get(req.params.channel, req.params.sku);
    if (!level) {
      res.status(404).json({ error: `no inventory pushed for ${req.params.sku} on ${req.params.channel}` });
      return;
    }
    res.json(level);
  });

  return router;
}
