/**
 * A return was received: the channel is told which units came back, in its own dialect, without
 * money (the money goes back through the gateway, or the channel's refund message when the channel
 * took the payment, each once). Where a platform has no seller-side call for it, null: the return
 * workflow records why instead of sending something that would move money.
 *
 * shopify: a refund with `refund_line_items` (restock_type "return") and no transaction, which is
 * how the Admin REST API records returned items without refunding again; generic and pos: POST
 * …/returns with `lines`. amazon: returns are opened and closed by the buyer on Amazon (the seller
 * answers in Seller Central; SP-API has no call to report one), so null; ebay: the Post-Order
 * return API follows a return the buyer opened on eBay, and the Sell API's issue_refund moves money,
 * so null.
 */
import { dialectOf, type OutboundRequest } from './outbound';

export interface ReturnNotice {
  channel: string;
  externalId: string;
  orderId: string;
  returnId: string;
  lines: { lineNo: number; sku: string; quantity: number }[];
}

const enc = encodeURIComponent;

export function returnNoticeRequest(n: ReturnNotice): OutboundRequest | null {
  const note = `return ${n.returnId} received`;
  switch (dialectOf(n.channel)) {
    case 'shopify':
      return {
        dialect: 'shopify',
        path: `/webstore/admin/orders/${enc(n.externalId)}/refunds.json`,
        body: { refund: { notify: true, note, refund_line_items: n.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, restock_type: 'return' })), transactions: [] } },
      };
    case 'amazon':
    case 'ebay':
      return null;
    case 'pos':
    case 'generic':
      return {
        dialect: dialectOf(n.channel),
        path: `/${enc(n.channel)}/orders/${enc(n.externalId)}/returns`,
        body: { orderId: n.orderId, returnId: n.returnId, lines: n.lines },
      };
  }
}
