import type { AxiosInstance } from 'axios';
import { formatMoney } from '../../domain/money';
import type { OrderInput, OrderTotals, ShipmentState } from '../../domain/order';
import type { ErpDocument } from '../../domain/erpDocuments';
import { callPartner } from './partnerHttp';
import { erpDocumentBody } from './erpDocumentBody';

export interface PartialCreditNote {
  reason: string;
  /** The cancelled units' lines, discounts and tax (src/domain/erpDocuments.ts partialCreditNote). */
  document: ErpDocument;
}

/** The ERP's contract (docs/partner-contracts.md): sales orders, invoices, credit notes. */
export function createErpClient(http: AxiosInstance) {
  return {
    createSalesOrder(order: OrderInput, totals: OrderTotals, idempotencyKey: string) {
      return callPartner<{ erpOrderId: string }>(http, 'erp', {
        method: 'POST',
        path: '/sales-orders',
        idempotencyKey,
        body: {
          orderId: order.orderId,
          channel: order.channel,
          externalId: order.externalId,
          currency: order.currency,
          total: formatMoney(totals.totalMinor, order.currency),
          shipping: formatMoney(totals.shippingMinor, order.currency),
          lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: formatMoney(l.unitPriceMinor, order.currency) })),
          customer: { email: order.customer.email, name: order.customer.name },
        },
      });
    },
    createInvoice(orderId: string, shipment: ShipmentState, invoice: ErpDocument | undefined, idempotencyKey: string) {
      return callPartner<{ invoiceId: string }>(http, 'erp', {
        method: 'POST',
        path: '/invoices',
        idempotencyKey,
        body: { orderId, shipmentId: shipment.shipmentId, trackingNumber: shipment.trackingNumber, items: shipment.items, ...(invoice && erpDocumentBody(invoice)) },
      });
    },
    createCreditNote(orderId: string, amountMinor: number, currency: string, reason: string, document: ErpDocument | undefined, idempotencyKey: string) {
      return callPartner<{ creditNoteId: string }>(http, 'erp', {
        method: 'POST',
        path: '/credit-notes',
        idempotencyKey,
        body: { orderId, amount: formatMoney(amountMinor, currency), currency, reason, ...(document && erpDocumentBody(document)) },
      });
    },
    /** A partial cancel's credit note: exactly the cancelled units' share, line by line, with its tax. */
    createPartialCreditNote(orderId: string, note: PartialCreditNote, idempotencyKey: string) {
      const { document } = note;
      return callPartner<{ creditNoteId: string }>(http, 'erp', {
        method: 'POST',
        path: '/credit-notes',
        idempotencyKey,
        body: { orderId, amount: formatMoney(document.totalMinor, document.currency), reason: note.reason, partial: true, ...erpDocumentBody(document) },
      });
    },
  };
}
