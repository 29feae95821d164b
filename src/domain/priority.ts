import type { PriorityClass } from './rules/types';

/**
 * Temporal task queue priority keys (1 is served first). Under a backlog, fulfillment activities of
 * urgent orders are dispatched before high, normal and low ones.
 */
const PRIORITY_KEYS: Record<PriorityClass, number> = { urgent: 1, high: 2, normal: 3, low: 4 };

export function priorityKeyFor(priorityClass: PriorityClass): number {
  return PRIORITY_KEYS[priorityClass];
}

/**
 * Temporal task queue fairness key of a sales channel's work. Within one priority class the
 * server dispatches each key's backlog in proportion to its weight, so a burst of orders from
 * one marketplace cannot starve another's label buying or channel calls; the per-channel call
 * rate limit (src/workers/channelRateLimit.ts) is set per key too. Channel codes are at most 32
 * ASCII characters (CHANNEL_CODE in src/api/schemaParts.ts), within the server's 64-byte limit.
 */
export function fairnessKeyFor(channel: string): string {
  return channel;
}

/** The ship-by deadline: hours after the hub received the order. */
export function shipByFrom(receivedAt: string, hours: number | undefined): string | undefined {
  if (hours === undefined) return undefined;
  return new Date(Date.parse(receivedAt) + hours * 3_600_000).toISOString();
}

/**
 * Priority key of a new order's workflow start (and of its place in the start backlog), known at
 * intake: the rules' priority class is decided only once the workflow runs. An express shipment or
 * a VIP customer is started, and its workflow tasks served, before standard orders (2 before 3,
 * Temporal's default key), so a flash-sale backlog drains the orders that promise most first.
 */
export function intakePriorityKey(order: { shippingService: string; customer: { tier: string } }): number {
  return order.shippingService !== 'standard' || order.customer.tier === 'vip' ? PRIORITY_KEYS.high : PRIORITY_KEYS.normal;
}
