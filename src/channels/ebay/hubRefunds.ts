/**
 * The refunds the hub issued itself through issue_refund (outboundCalls.ts records eBay's refundId
 * under the hub's key), so the poller can tell them from refunds made on eBay: the buyer's money
 * the hub gave back is no reason to hold the order for an operator.
 */
import type { Db } from '../../db/prisma';
import { outboundScope } from '../outboundClaims';
import type { PlatformRefund } from '../platformRefunds';
import type { EbayOrder } from './types';

/** Where issue_refund is for an order: the key path the hub's refund records are kept under. */
export const ebayRefundPath = (orderId: string) => `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/issue_refund`;

export async function hubRefundIds(db: Db, channelId: string, orderId: string): Promise<Set<string>> {
  const rows = await db.idempotencyRecord.findMany({
    where: { scope: outboundScope('ebay', channelId), path: ebayRefundPath(orderId), statusCode: { not: null } },
    select: { response: true },
  });
  return new Set(rows.map((r) => (r.response as { refundId?: string } | null)?.refundId).filter((id): id is string => typeof id === 'string'));
}

/** The order as eBay shows it without those refunds: when they were all the refunds, it is PAID again for the status rules. */
export function withoutRefunds(order: EbayOrder, refundIds: Set<string>): EbayOrder {
  const refunds = order.paymentSummary?.refunds ?? [];
  if (refundIds.size === 0 || !refunds.some((r) => r.refundId && refundIds.has(r.refundId))) return order;
  const left = refunds.filter((r) => !(r.refundId && refundIds.has(r.refundId)));
  const refundedStatus = order.orderPaymentStatus === 'PARTIALLY_REFUNDED' || order.orderPaymentStatus === 'FULLY_REFUNDED';
  return {
    ...order,
    paymentSummary: { ...order.paymentSummary, refunds: left },
    ...(refundedStatus && left.length === 0 && { orderPaymentStatus: 'PAID' }),
  };
}

/**
 * The refunds eBay made itself (the order as `withoutRefunds` leaves it), as platform refunds the
 * hub records: a cancel in the hub then pays back only what eBay did not (refundedByChannel).
 * A FAILED refund returned nothing; one in another currency than the order's cannot be counted
 * against it and is left to the operator the hold informs.
 */
export function refundsMadeOnEbay(order: EbayOrder, currency: string): PlatformRefund[] {
  return (order.paymentSummary?.refunds ?? [])
    .filter((r) => r.refundId && r.refundStatus !== 'FAILED' && r.amount?.value && r.amount.currency === currency)
    .map((r) => ({ id: r.refundId!, amount: r.amount!.value!, ...(r.refundDate && { at: r.refundDate }) }));
}
