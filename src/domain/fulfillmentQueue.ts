/**
 * The pick list: which ready order the warehouse should work on next. This comparator is the
 * definition; the API's SQL (src/api/fulfillment/service.ts) orders the same way so the database
 * can cut the list at `limit`, and the tests hold the two to each other.
 */
import { PRIORITY_CLASSES } from './rules/types';

/** Header statuses of orders that still have parcels to pick. */
export const QUEUE_STATUSES = ['fulfilling', 'partially_shipped'] as const;

export interface QueueKey {
  id: string;
  priorityClass: string;
  /** Higher ships first. */
  priorityScore: number;
  shipBy: Date | null;
  createdAt: Date;
}

/** urgent 0 … low 3; a class the rules do not know sorts after all known ones instead of failing. */
export function priorityRank(priorityClass: string): number {
  const rank = (PRIORITY_CLASSES as readonly string[]).indexOf(priorityClass);
  return rank === -1 ? PRIORITY_CLASSES.length : rank;
}

/**
 * Class, then score (high first), then ship-by (soonest first, none last), then age, then id.
 * The id makes it a total order, so any two rows with distinct ids have one fixed place.
 */
export function compareQueue(a: QueueKey, b: QueueKey): number {
  return (
    priorityRank(a.priorityClass) - priorityRank(b.priorityClass) ||
    b.priorityScore - a.priorityScore ||
    compareShipBy(a.shipBy, b.shipBy) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    compareIds(a.id, b.id)
  );
}

function compareShipBy(a: Date | null, b: Date | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a.getTime() - b.getTime();
}

// Code-unit order, the same as PostgreSQL's COLLATE "C" (locale collation could disagree).
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DONE_SHIPPING: ReadonlySet<string> = new Set(['shipped', 'delivered', 'cancelled']);

/** Past its ship-by time while parcels are still in the warehouse. */
export function isLate(shipBy: Date | null, status: string, now: Date): boolean {
  return shipBy !== null && shipBy.getTime() < now.getTime() && !DONE_SHIPPING.has(status);
}
