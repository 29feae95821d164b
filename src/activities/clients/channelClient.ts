import type { AxiosInstance } from 'axios';
import { formatMoney } from '../../domain/money';
import type { ShipmentState } from '../../domain/order';
import { callPartner } from './partnerHttp';

/** What the hub tells a sales channel about its order: fulfilled with tracking, refunded, cancelled. */
export function createChannelClient(http: AxiosInstance) {
  const orderPath = (channel: string, externalId: string, action: string) =>
    `/${encodeURIComponent(channel)}/orders/${encodeURIComponent(externalId)}/${action}`;
  return {
    confirmFulfillment(channel: string, externalId: string, orderId: string, shipment: ShipmentState, idempotencyKey: string) {
      return callPartner<{ fulfillmentId: string }>(http, 'channel', {
        method: 'POST',
        path: orderPath(channel, externalId, 'fulfillments'),
        idempotencyKey,
        body: { orderId, trackingNumber: shipment.trackingNumber, carrier: shipment.carrier, lines: shipment.items },
      });
    },
    refund(channel: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      return callPartner<{ refundId: string }>(http, 'channel', {
        method: 'POST',
        path: orderPath(channel, externalId, 'refunds'),
        idempotencyKey,
        body: { orderId, amount: formatMoney(amountMinor, currency), currency, reason },
      });
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
    cancelOrder(channel: string, externalId: string, orderId: string, reason: string, idempotencyKey: string) {
      return callPartner<{ cancellationId: string }>(http, 'channel', {
        method: 'POST',
        path: orderPath(channel, externalId, 'cancellations'),
        idempotencyKey,
        body: { orderId, reason },
      });
    },
  };
}
