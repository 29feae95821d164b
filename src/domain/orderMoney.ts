/**
 * The money of one OrderInput, through the pricing module (src/domain/pricing, docs/money.md):
 * one code path for every order. The simple shape (unit price x quantity + one shipping price)
 * and inputs recorded before issue 13 have no `pricing`; they are read through
 * pricedOrderFromSimple, whose totals equal the old unit-price-times-quantity sums.
 * Pure: the workflow calls these on replay.
 */
import type { OrderInput, OrderTotals } from './order';
import { computeOrderTotals, pricedOrderFromSimple, reconcileTotals, type PricedOrder, type PricedOrderTotals, type Reconciliation } from './pricing';

export function pricedOrderOf(input: Pick<OrderInput, 'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'>): PricedOrder {
  return input.pricing ?? pricedOrderFromSimple(input.currency, input.lines, input.shippingService, input.shippingMinor);
}

/** The hub's full breakdown (per line, per shipping line, order). */
export function pricedTotalsOf(input: Pick<OrderInput, 'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'>): PricedOrderTotals {
  return computeOrderTotals(pricedOrderOf(input));
}

/** The order-level figures the workflow state, the search attribute and the order row carry. */
export function orderTotalsOf(input: Pick<OrderInput, 'currency' | 'lines' | 'shippingService' | 'shippingMinor' | 'pricing'>): OrderTotals {
  const { subtotalMinor, discountsMinor, shippingMinor, taxMinor, totalMinor } = pricedTotalsOf(input);
  return { subtotalMinor, discountsMinor, shippingMinor, taxMinor, totalMinor };
}

/** The hub's totals against the channel's; ok when the channel sent none. */
export function reconcileWithChannel(input: Pick<OrderInput, 'currency' | 'channelTotals'>, totals: OrderTotals): Reconciliation {
  if (!input.channelTotals) return { ok: true };
  const hub = { ...totals, discountsMinor: totals.discountsMinor ?? 0, taxMinor: totals.taxMinor ?? 0 };
  return reconcileTotals(hub, input.channelTotals, input.currency);
}
