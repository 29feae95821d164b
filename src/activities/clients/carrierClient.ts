import type { AxiosInstance } from 'axios';
import type { OrderInput, ShipmentState } from '../../domain/order';
import { callPartner } from './partnerHttp';

export interface Label {
  trackingNumber: string;
  labelId: string;
  carrier: string;
}

/** The carrier's contract: buy a label for a parcel, void it while it has not been collected. */
export function createCarrierClient(http: AxiosInstance) {
  return {
    createShipment(order: OrderInput, shipment: ShipmentState, idempotencyKey: string) {
      return callPartner<Label>(http, 'carrier', {
        method: 'POST',
        path: '/shipments',
        idempotencyKey,
        body: {
          orderId: order.orderId,
          shipmentId: shipment.shipmentId,
          service: order.shippingService,
          from: { locationId: shipment.locationId },
          to: order.shippingAddress,
          items: shipment.items,
        },
      });
    },
    /** A prepaid return label: from the customer's address to the receiving location, keyed by the return. */
    createReturnLabel(
      r: { returnId: string; orderId: string; from: unknown; to: { locationId: string; country: string }; items: { sku: string; quantity: number }[] },
      idempotencyKey: string,
    ) {
      return callPartner<Label>(http, 'carrier', {
        method: 'POST',
        path: '/shipments',
        idempotencyKey,
        body: { orderId: r.orderId, shipmentId: r.returnId, service: 'return', direction: 'return', from: r.from, to: r.to, items: r.items },
      });
    },
    voidShipment(orderId: string, trackingNumber: string, idempotencyKey: string) {
      return callPartner<{ voided: boolean }>(http, 'carrier', {
        method: 'POST',
        path: `/shipments/${encodeURIComponent(trackingNumber)}/void`,
        idempotencyKey,
        body: { orderId, reason: 'order cancelled' },
      });
    },
  };
}
