/** Header status of an order, as the API and the Temporal UI show it. */
export const ORDER_STATUSES = [
  'received',
  'backordered',
  'awaiting_payment',
  // Paid and reserved, but a blocking hold (fraud review, address, manual) is open.
  'on_hold',
  'fulfilling',
  // A partner system failed past its retry budget: an operator retries or skips the step.
  'needs_attention',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
  // Issue 18: some (partially_returned) or all (returned) of the units not cancelled came back.
  'partially_returned',
  'returned',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * pending: nothing secured yet; authorized: the channel's authorization, nothing captured;
 * partially_paid: part captured (a parcel's share, or the channel took part); paid: all captured;
 * partially_refunded / refunded: money given back; voided: the authorization was released unused.
 */
export const PAYMENT_STATUSES = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FULFILLMENT_STATUSES = ['unfulfilled', 'reserved', 'label_created', 'partially_shipped', 'shipped', 'delivered', 'released'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/** No status follows: a delivered order may still see its units come back (issue 18). */
const TERMINAL: ReadonlySet<OrderStatus> = new Set(['cancelled', 'returned']);

/** Which header statuses may follow which; anything else is a bug in the workflow. */
/** needs_attention is also where a cancellation waits for an operator when its refund failed, from any status a cancel leaves. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  received: ['backordered', 'awaiting_payment', 'on_hold', 'fulfilling', 'needs_attention', 'cancelled'],
  backordered: ['awaiting_payment', 'on_hold', 'fulfilling', 'needs_attention', 'cancelled'],
  awaiting_payment: ['on_hold', 'fulfilling', 'needs_attention', 'cancelled'],
  on_hold: ['fulfilling', 'needs_attention', 'cancelled'],
  // A parcel may be reported delivered without a dispatch event before it.
  fulfilling: ['needs_attention', 'partially_shipped', 'shipped', 'delivered', 'cancelled'],
  needs_attention: ['fulfilling', 'cancelled'],
  // Returns are recorded by the return workflow (src/activities/returns/returnReceipt.ts), after the order's own story.
  partially_shipped: ['shipped', 'delivered', 'partially_returned'],
  shipped: ['delivered', 'partially_returned', 'returned'],
  delivered: ['partially_returned', 'returned'],
  partially_returned: ['returned'],
  returned: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Cancellation is allowed until the first parcel has left the warehouse. */
export function isCancellable(status: OrderStatus): boolean {
  return status === 'received' || status === 'backordered' || status === 'awaiting_payment' || status === 'on_hold' || status === 'fulfilling' || status === 'needs_attention';
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
