import { formatMoney } from '../../domain/money';
import { toHoldView } from '../holds/holdView';
import { lineMoneyView, orderMoneyView } from './moneyView';
import { partialCancelView } from './partialCancelView';
import type { Prisma } from '../../generated/prisma/client';

export type OrderWithDetails = Prisma.OrderGetPayload<{
  include: { lines: true; shipments: true; events: true; customer: true; holds: true; transactions: true };
}>;
export type OrderRow = Prisma.OrderGetPayload<object>;

/** Money leaves the hub as decimal strings, never as floats. */
export function toOrderSummary(o: OrderRow) {
  return {
    orderId: o.id,
    workflowId: o.workflowId,
    channel: o.channelId,
    externalId: o.externalId,
    status: o.status,
    paymentStatus: o.paymentStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    currency: o.currency,
    total: formatMoney(o.totalMinor, o.currency),
    priorityClass: o.priorityClass,
    priorityScore: o.priorityScore,
    shipBy: o.shipBy?.toISOString() ?? null,
    // Late: the ship-by deadline passed before the order shipped (or it still has not).
    late: o.shipBy !== null && (o.shippedAt ?? new Date()).getTime() > o.shipBy.getTime() && o.status !== 'cancelled',
    tags: o.tags,
    placedAt: o.placedAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function toOrderView(o: OrderWithDetails) {
  const money = (minor: number) => formatMoney(minor, o.currency);
  const cancels = partialCancelView(o.events, o.currency);
  return {
    ...toOrderSummary(o),
    customer: { id: o.customer.id, email: o.customer.email, name: o.customer.name, tier: o.customer.tier },
    subtotal: money(o.subtotalMinor),
    shipping: money(o.shippingMinor),
    ...orderMoneyView(o),
    shippingService: o.shippingService,
    shippingAddress: o.shippingAddress,
    paymentReference: o.paymentReference,
    // The payment's state and every transaction: the channel's (with the order) and the hub's (gateway).
    payment: {
      status: o.paymentStatus,
      capturePolicy: o.capturePolicy,
      transactions: o.transactions
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id))
        .map((t) => ({
          kind: t.kind,
          amount: money(t.amountMinor),
          source: t.source,
          gateway: t.gateway,
          reference: t.reference,
          shipmentId: t.shipmentId,
          at: t.at.toISOString(),
        })),
    },
    cancelReason: o.cancelReason,
    paidAt: o.paidAt?.toISOString() ?? null,
    shippedAt: o.shippedAt?.toISOString() ?? null,
    deliveredAt: o.deliveredAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    ruleSetVersion: o.ruleSetVersion,
    holds: o.holds.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime()).map(toHoldView),
    lines: o.lines.sort((a, b) => a.lineNo - b.lineNo).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, ...lineMoneyView(l, o), ...cancels.line(l.lineNo) })),
    partialRefunds: cancels.refunds,
    shipments: o.shipments.map((s) => ({
      shipmentId: s.id,
      locationId: s.locationId,
      carrier: s.carrier,
      service: s.service,
      trackingNumber: s.trackingNumber,
      status: s.status,
      dispatchedAt: s.dispatchedAt?.toISOString() ?? null,
      deliveredAt: s.deliveredAt?.toISOString() ?? null,
    })),
    timeline: o.events.sort((a, b) => Number(a.id - b.id)).map((e) => ({ at: e.at.toISOString(), type: e.type, message: e.message, data: e.data })),
  };
}
