/**
 * Some lines of an order will not be fulfilled (a partial cancel): the channel is told which units,
 * in its own dialect (see outbound.ts for the whole-order messages). The money goes back through
 * the refund message; this one only cancels the units, so a channel never refunds twice.
 *
 * shopify: a refund with `refund_line_items` (restock_type "cancel") and no transaction, which is
 * how the Admin API cancels some line items of an open order; amazon: the order's cancellation with
 * the cancelled `OrderItems`; ebay: its cancellation with `lineItems`; generic and pos: POST
 * …/cancellations with `lines`. Lines are named by SKU (and the hub's line number in the generic
 * format), as the shipment messages do.
 */
import { dialectOf, type OutboundRequest } from './outbound';

export interface LineCancellationNotice {
  channel: string;
  externalId: string;
  orderId: string;
  /** The partial cancel's request id: a channel that keeps it can drop a repeat. */
  requestId: string;
  reason: string;
  lines: { lineNo: number; sku: string; quantity: number }[];
}

const enc = encodeURIComponent;

export function lineCancellationRequest(n: LineCancellationNotice): OutboundRequest {
  const items = n.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  switch (dialectOf(n.channel)) {
    case 'shopify':
      return {
        dialect: 'shopify',
        path: `/webstore/admin/orders/${enc(n.externalId)}/refunds.json`,
        body: { refund: { notify: true, note: n.reason, refund_line_items: items.map((i) => ({ ...i, restock_type: 'cancel' })), transactions: [] } },
      };
    case 'amazon':
      return {
        dialect: 'amazon',
        path: `/amazon/orders/${enc(n.externalId)}/cancellation`,
        body: { AmazonOrderId: n.externalId, CancelReason: 'GeneralAdjustment', SellerNote: n.reason, OrderItems: items.map((i) => ({ SellerSKU: i.sku, Quantity: i.quantity })) },
      };
    case 'ebay':
      return {
        dialect: 'ebay',
        path: `/ebay/order/${enc(n.externalId)}/cancellation`,
        body: { legacyOrderId: n.externalId, cancelReason: 'OTHER_SELLER_CANCEL_REASON', comment: n.reason, lineItems: items },
      };
    case 'pos':
    case 'generic':
      return {
        dialect: dialectOf(n.channel),
        path: `/${enc(n.channel)}/orders/${enc(n.externalId)}/cancellations`,
        body: { orderId: n.orderId, reason: n.reason, requestId: n.requestId, lines: n.lines },
      };
  }
}
