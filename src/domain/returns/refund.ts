/**
 * The money a received return gives back, with the SAME arithmetic as partial cancel
 * (src/domain/pricing/unitShare.ts): a line's price, discounts and tax are split over its units,
 * and the k-th unit leaving the order (cancelled before it shipped, or returned after) takes the
 * k-th share. So `consumedBefore` counts both: cancelling some units and returning the rest gives
 * back exactly what the line cost, never a minor unit more. Damaged units are refunded too (the
 * customer paid for them); only restocking depends on the condition.
 */
import { refundForCancel, type CancelRefund, type PricedOrder } from '../pricing';
import type { ReturnShippingPolicy } from './policy';

export interface ReturnRefundContext {
  policy: ReturnShippingPolicy;
  /** Shipping went back before (it goes back once). */
  shippingRefunded: boolean;
}

/** Units that left each line before this return's refund: cancelled, plus refunded by earlier returns. */
export function consumedUnits(cancelled: Readonly<Record<number, number>>, refundedByReturns: ReadonlyMap<number, number>): Record<number, number> {
  const consumed: Record<number, number> = { ...cancelled };
  for (const [lineNo, units] of refundedByReturns) consumed[lineNo] = (consumed[lineNo] ?? 0) + units;
  return consumed;
}

/** The refund for the units received, given what left the order before. Shipping goes back with the last unit under 'with_last_unit'. */
export function refundForReturn(
  order: PricedOrder,
  consumedBefore: Readonly<Record<number, number>>,
  received: readonly { lineNo: number; quantity: number }[],
  ctx: ReturnRefundContext,
): CancelRefund {
  // refundForCancel refunds shipping when every unit is gone and "nothing shipped": for a return the
  // parcels did ship, so the policy alone decides (never: treated as shipped, shipping kept).
  return refundForCancel(order, consumedBefore, received, { anythingShipped: ctx.policy === 'never', shippingRefunded: ctx.shippingRefunded });
}
