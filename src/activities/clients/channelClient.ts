import type { AxiosInstance } from 'axios';
import type { ShipmentState } from '../../domain/order';
import { lineCancellationRequest, type LineCancellationNotice } from '../../channels/lineCancellation';
import { returnNoticeRequest, type ReturnNotice } from '../../channels/returnNotice';
import { cancellationRequest, refundRequest, shipmentConfirmation, type OutboundRequest } from '../../channels/outbound';
import { callPartner } from './partnerHttp';

/**
 * What the hub tells a sales channel about its order: fulfilled with tracking, refunded, cancelled.
 * Each message is written in the channel's own dialect (src/channels/outbound.ts); the
 * idempotency keys are the callers', unchanged, so a retry repeats the same request.
 */
export function createChannelClient(http: AxiosInstance) {
  const send = <T>(request: OutboundRequest, idempotencyKey: string) => callPartner<T>(http, 'channel', { method: 'POST', path: request.path, idempotencyKey, body: request.body });
  return {
    async confirmFulfillment(channel: string, externalId: string, orderId: string, shipment: ShipmentState, idempotencyKey: string) {
      const request = shipmentConfirmation({ channel, externalId, orderId, shipment, shippedAt: new Date() });
      // Point of sale: the goods left with the customer, there is nothing to confirm.
      if (!request) return { fulfillmentId: null };
      return send<{ fulfillmentId?: string }>(request, idempotencyKey);
    },
    refund(channel: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      return send<{ refundId?: string }>(refundRequest({ channel, externalId, orderId, amountMinor, currency, reason }), idempotencyKey);
    },
    /** The channel's listing quantity; the sequence lets it refuse an older figure after a newer one. */
    setInventory(channel: string, sku: string, quantity: number, sequence: number, idempotencyKey: string) {
      return callPartner<{ quantity: number; sequence: number }>(http, 'channel', {
        method: 'PUT',
        path: `/${encodeURIComponent(channel)}/inventory/${encodeURIComponent(sku)}`,
        idempotencyKey,
        body: { quantity, sequence },
      });
    },
    /** Some units will not be fulfilled (a partial cancel); their money goes back through refund(). */
    cancelLines(notice: LineCancellationNotice, idempotencyKey: string) {
      return send<{ cancellationId?: string }>(lineCancellationRequest(notice), idempotencyKey);
    },
    /** A return was received (no money: see returnNotice.ts); null when the platform has no call for it. */
    async returnReceived(notice: ReturnNotice, idempotencyKey: string) {
      const request = returnNoticeRequest(notice);
      if (!request) return null;
      return send<{ returnId?: string }>(request, idempotencyKey);
    },
    cancelOrder(channel: string, externalId: string, orderId: string, reason: string, idempotencyKey: string) {
      return send<{ cancellationId?: string }>(cancellationRequest({ channel, externalId, orderId, reason }), idempotencyKey);
    },
  };
}
