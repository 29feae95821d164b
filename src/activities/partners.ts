import { idempotencyKey } from '../domain/ids';
import type { OrderInput, OrderTotals, ShipmentState } from '../domain/order';
import type { createCarrierClient } from './clients/carrierClient';
import type { createChannelClient } from './clients/channelClient';
import type { createCrmClient } from './clients/crmClient';

import type { ErpDocument } from '../domain/erpDocuments';
import type { createGatewayClient } from './clients/gatewayClient';
import type { createErpClient, PartialCreditNote } from './clients/erpClient';
import type { LineCancellationNotice } from '../channels/lineCancellation';

export interface PartnerClients {
  erp: ReturnType<typeof createErpClient>;
  crm: ReturnType<typeof createCrmClient>;
  carrier: ReturnType<typeof createCarrierClient>;
  channel: ReturnType<typeof createChannelClient>;
  gateway: ReturnType<typeof createGatewayClient>;
}

/**
 * Activities that call partner systems. Each external effect carries a key made of the order and
 * the step, so retries and worker restarts repeat the same request, never a new one.
 */
export interface PartnerActivityOptions {
  /** Minor units the channel already refunded itself for an order (src/channels/platformRefunds.ts); omitted: none. */
  refundedByChannel?: (orderId: string) => Promise<number>;
}

export function createPartnerActivities({ erp, crm, carrier, channel, gateway }: PartnerClients, opts: PartnerActivityOptions = {}) {
  return {
    async erpCreateSalesOrder(order: OrderInput, totals: OrderTotals): Promise<string> {
      const res = await erp.createSalesOrder(order, totals, idempotencyKey(order.orderId, 'erp.sales-order'));
      return res.erpOrderId;
    },
    /** `invoice`: the parcel's lines, discounts and tax (absent in histories from before issue 13). */
    async erpCreateInvoice(orderId: string, shipment: ShipmentState, invoice?: ErpDocument): Promise<void> {
      await erp.createInvoice(orderId, shipment, invoice, idempotencyKey(orderId, `erp.invoice.${shipment.shipmentId}`));
    },
    /** `document`: the credited lines, discounts and tax (absent in histories from before issue 13). */
    async erpCreateCreditNote(orderId: string, amountMinor: number, currency: string, reason: string, document?: ErpDocument): Promise<void> {
      await erp.createCreditNote(orderId, amountMinor, currency, reason, document, idempotencyKey(orderId, 'erp.credit-note'));
    },
    async crmRecordOrder(order: OrderInput, totals: OrderTotals): Promise<void> {
      // The CRM knows customers by e-mail: an order without one (a till, a guest, a masked buyer)
      // is recorded without a customer rather than under an invented address.
      if (order.customer.email !== undefined) await crm.upsertCustomer({ ...order.customer, email: order.customer.email }, idempotencyKey(order.orderId, 'crm.customer'));
      await crm.recordOrder(order, totals, idempotencyKey(order.orderId, 'crm.order'));
    },
    async crmRecordOrderEvent(orderId: string, type: string, reason?: string): Promise<void> {
      await crm.recordOrderEvent(orderId, type, reason, idempotencyKey(orderId, `crm.event.${type}`));
    },
    async carrierCreateShipment(order: OrderInput, shipment: ShipmentState) {
      const version = (shipment.labelVersion ?? 1) > 1 ? `.v${shipment.labelVersion}` : '';
      return carrier.createShipment(order, shipment, idempotencyKey(order.orderId, `carrier.label.${shipment.shipmentId}${version}`));
    },
    async carrierVoidShipment(orderId: string, trackingNumber: string): Promise<void> {
      await carrier.voidShipment(orderId, trackingNumber, idempotencyKey(orderId, `carrier.void.${trackingNumber}`));
    },
    async channelConfirmFulfillment(channelId: string, externalId: string, orderId: string, shipment: ShipmentState): Promise<void> {
      await channel.confirmFulfillment(channelId, externalId, orderId, shipment, idempotencyKey(orderId, `channel.fulfillment.${shipment.shipmentId}`));
    },
    async channelRefund(channelId: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string): Promise<void> {
      // What the platform refunded itself (a Shopify order cancelled and refunded there) is not refunded again.
      const already = (await opts.refundedByChannel?.(orderId)) ?? 0;
      amountMinor -= Math.min(already, amountMinor);
      if (amountMinor === 0) return;
      await channel.refund(channelId, externalId, orderId, amountMinor, currency, reason, idempotencyKey(orderId, 'channel.refund'));
    },
    // A partial cancel's steps: each keyed by its request id (the update id), so one request is
    // carried out once however often it is retried, and two requests never share a key.
    async channelRefundShare(channelId: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, requestId: string): Promise<void> {
      await channel.refund(channelId, externalId, orderId, amountMinor, currency, reason, idempotencyKey(orderId, `channel.refund.partial.${requestId}`));
    },
    async erpCreatePartialCreditNote(orderId: string, requestId: string, note: PartialCreditNote): Promise<void> {
      await erp.createPartialCreditNote(orderId, note, idempotencyKey(orderId, `erp.credit-note.partial.${requestId}`));
    },
    async channelCancelLines(notice: LineCancellationNotice): Promise<void> {
      await channel.cancelLines(notice, idempotencyKey(notice.orderId, `channel.cancel-lines.${notice.requestId}`));
    },
    async channelCancelOrder(channelId: string, externalId: string, orderId: string, reason: string): Promise<void> {
      await channel.cancelOrder(channelId, externalId, orderId, reason, idempotencyKey(orderId, 'channel.cancel'));
    },
    /** `step`: what the capture is for (`order`, or a shipment ID): one capture per step, ever. */
    async gatewayCapture(reference: string, orderId: string, amountMinor: number, currency: string, step: string): Promise<string> {
      const shipmentId = step === 'order' ? undefined : step;
      await gateway.capture(reference, orderId, amountMinor, currency, shipmentId, idempotencyKey(orderId, `gateway.capture.${step}`));
      return idempotencyKey(orderId, `gateway.capture.${step}`);
    },
    async gatewayVoid(reference: string, orderId: string, currency: string): Promise<string> {
      await gateway.void(reference, orderId, currency, idempotencyKey(orderId, 'gateway.void'));
      return idempotencyKey(orderId, 'gateway.void');
    },
    async gatewayRefund(reference: string, orderId: string, amountMinor: number, currency: string, reason: string): Promise<string> {
      await gateway.refund(reference, orderId, amountMinor, currency, reason, idempotencyKey(orderId, 'gateway.refund'));
      return idempotencyKey(orderId, 'gateway.refund');
    },
    // A partial cancel's share, keyed by the cancel's request id (as channelRefundShare): two
    // cancels give back twice, a retried one once. The full cancel's keys above stay one per order.
    async gatewayRelease(reference: string, orderId: string, amountMinor: number, currency: string, reason: string, requestId: string): Promise<string> {
      await gateway.release(reference, orderId, amountMinor, currency, reason, idempotencyKey(orderId, `gateway.release.${requestId}`));
      return idempotencyKey(orderId, `gateway.release.${requestId}`);
    },
    async gatewayRefundShare(reference: string, orderId: string, amountMinor: number, currency: string, reason: string, requestId: string): Promise<string> {
      await gateway.refund(reference, orderId, amountMinor, currency, reason, idempotencyKey(orderId, `gateway.refund.partial.${requestId}`));
      return idempotencyKey(orderId, `gateway.refund.partial.${requestId}`);
    },
  };
}
