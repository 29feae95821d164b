/** A stored return as the API shows it: money as decimal strings in the order's currency. */
import { formatMoney } from '../../domain/money';
import type { Return, ReturnLine, ReturnReplacement } from '../../generated/prisma/client';

export function toReturnSummary(r: Return) {
  return {
    returnId: r.id,
    orderId: r.orderId,
    channel: r.channelId,
    status: r.status,
    currency: r.currency,
    refund: formatMoney(r.refundMinor, r.currency),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toReturnView(r: Return & { lines: ReturnLine[]; replacements: ReturnReplacement[] }) {
  return {
    ...toReturnSummary(r),
    note: r.note,
    requestedBy: r.requestedBy,
    carrier: r.carrier,
    trackingNumber: r.trackingNumber,
    locationId: r.locationId,
    shippingRefunded: r.shippingRefunded,
    exchangeOrderId: r.exchangeOrderId,
    attentionReason: r.attentionReason,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    receivedAt: r.receivedAt?.toISOString() ?? null,
    refundedAt: r.refundedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    lines: [...r.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: l.quantity,
        reason: l.reason,
        receivedResellable: l.receivedResellable,
        receivedDamaged: l.receivedDamaged,
        refund: formatMoney(l.refundMinor, r.currency),
      })),
    // An exchange's replacement lines: the replacement order's lines, and where their units stand.
    replacements: [...r.replacements]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((x) => ({ lineNo: x.lineNo, sku: x.sku, quantity: x.quantity, state: x.state, locationId: x.locationId })),
  };
}
