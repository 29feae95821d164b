import { Router, type RequestHandler } from 'express';
import { amazon, ebay, shopify } from '../channelDialects';
import { created, partnerRoute, type PartnerCall } from '../partnerRoute';
import type { SimulatorState } from '../state';

/**
 * The marketplaces' own endpoints for what the hub tells them (src/channels/outbound.ts). They are
 * journaled under the same operation names as the generic channel routes (createFulfillment,
 * createRefund, cancelOrder), so call counts do not depend on the dialect; the path shows which one.
 */
export function channelDialectRoutes(state: SimulatorState): Router {
  const router = Router();
  const numbers = state.documentNumbers;

  // Dialect bodies do not carry the hub's order ID, but its idempotency keys start with it
  // ("<orderId>:channel.fulfillment.<shipmentId>"): journal it as the orderId parameter, so
  // GET /admin/calls?orderId= finds these calls like the generic ones.
  const orderFromKey: RequestHandler = (req, _res, next) => {
    const key = req.get('Idempotency-Key');
    const orderId = key && key.includes(':') ? key.slice(0, key.indexOf(':')) : undefined;
    if (orderId) (req.params as Record<string, string>).orderId = orderId;
    next();
  };
  const route = (path: string, operation: string, check: (body: PartnerCall['body'], externalId: string) => void, reply: () => unknown) =>
    router.post(
      path,
      orderFromKey,
      partnerRoute(state, 'channel', operation, ({ body, params }) => {
        check(body, params.externalId ?? '');
        return created(reply());
      }),
    );

  // Amazon-like (Selling Partner API, simplified).
  route('/channels/amazon/orders/:externalId/shipment-confirmation', 'createFulfillment', amazon.shipmentConfirmation, () => ({ fulfillmentId: numbers.next('F') }));
  route('/channels/amazon/orders/:externalId/adjustments', 'createRefund', amazon.adjustment, () => ({ refundId: numbers.next('R') }));
  route('/channels/amazon/orders/:externalId/cancellation', 'cancelOrder', amazon.cancellation, () => ({ cancellationId: numbers.next('X') }));

  // Shopify-like (Admin REST API, simplified).
  route('/channels/webstore/admin/orders/:externalId/fulfillments.json', 'createFulfillment', shopify.fulfillment, () => ({
    fulfillment: { id: numbers.next('F'), status: 'success' },
  }));
  route('/channels/webstore/admin/orders/:externalId/refunds.json', 'createRefund', shopify.refund, () => ({ refund: { id: numbers.next('R') } }));
  route('/channels/webstore/admin/orders/:externalId/cancel.json', 'cancelOrder', shopify.cancel, () => ({ order: { cancelled: true, id: numbers.next('X') } }));

  // eBay-like (Fulfillment API, simplified).
  route('/channels/ebay/order/:externalId/shipping_fulfillment', 'createFulfillment', ebay.shippingFulfillment, () => ({ fulfillmentId: numbers.next('F') }));
  route('/channels/ebay/order/:externalId/issue_refund', 'createRefund', ebay.issueRefund, () => ({ refundId: numbers.next('R'), refundStatus: 'PENDING' }));
  route('/channels/ebay/order/:externalId/cancellation', 'cancelOrder', ebay.cancellation, () => ({ cancelId: numbers.next('X'), cancelState: 'CANCEL_REQUESTED' }));

  return router;
}
