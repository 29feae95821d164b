import type { PriorityClass } from './rules/types';

/**
 * Temporal task queue priority keys (1 is served first). Under a backlog, fulfillment activities of
 * urgent orders are dispatched before high, normal and low ones.
 */
const PRIORITY_KEYS: Record<PriorityClass, number> = { urgent: 1, high: 2, normal: 3, low: 4 };

export function priorityKeyFor(priorityClass: PriorityClass): number {
  return PRIORITY_KEYS[priorityClass];
}

/** The ship-by deadline: hours after the hub received the order. */
export function shipByFrom(receivedAt: string, hours: number | undefined): string | undefined {
  if (hours === undefined) return undefined;
  return new Date(Date.parse(receivedAt) + hours * 3_600_000).toISOString();
}
