/**
 * What a customer may send back (issue 18): units that have left a warehouse (shipped or
 * delivered), less the units earlier returns hold, within the channel's window after delivery.
 * Pure: the returns service calls it inside the per-order lock, so two requests for the last unit
 * see each other's rows and exactly one is refused.
 */
import { resolveLineRequest, type LineRequestInput, type ResolvedLine } from '../lineRequest';
import type { AllocationLine, OrderInput, ShipmentState } from '../order';
import type { OrderProblem } from '../orderChecks';
import { unitsGone } from '../partialCancel';
import type { ReturnPolicy } from './policy';
import { holdsUnits, type ReturnStatus } from './status';

/** A return already on the order, as stored. */
export interface ExistingReturn {
  status: ReturnStatus;
  lines: readonly { lineNo: number; quantity: number; receivedQuantity?: number | null }[];
}

export interface ReturnRequestFacts {
  input: Pick<OrderInput, 'lines'>;
  allocations: readonly AllocationLine[];
  shipments: readonly ShipmentState[];
  /** When the order's last parcel was delivered; absent while a parcel is still on its way (the window has not started). */
  deliveredAt?: Date;
  existing: readonly ExistingReturn[];
  policy: ReturnPolicy;
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Units each line's returns hold: what was asked until the parcel is received, then what arrived. An expired return holds none. */
export function unitsClaimed(existing: readonly ExistingReturn[]): Map<number, number> {
  const claimed = new Map<number, number>();
  for (const r of existing.filter((x) => holdsUnits(x.status))) {
    for (const l of r.lines) claimed.set(l.lineNo, (claimed.get(l.lineNo) ?? 0) + (l.receivedQuantity ?? l.quantity));
  }
  return claimed;
}

/** Units of each line a new return may still take. */
export function returnableUnits(facts: Omit<ReturnRequestFacts, 'policy' | 'now' | 'deliveredAt'>): Map<number, number> {
  const claimed = unitsClaimed(facts.existing);
  return new Map(facts.input.lines.map((l) => [l.lineNo, Math.max(0, unitsGone(l.lineNo, facts.allocations, facts.shipments) - (claimed.get(l.lineNo) ?? 0))]));
}

/** The last moment a return may be opened, or undefined while the window has not started. */
export function windowClosesAt(deliveredAt: Date | undefined, policy: ReturnPolicy): Date | undefined {
  return deliveredAt && new Date(deliveredAt.getTime() + policy.returnWindowDays * DAY_MS);
}

/**
 * The lines of a new return, or the problem refusing it: 400 for a malformed line, 409 (naming the
 * line) for more units than were shipped less those already returned, or for a window that closed.
 */
export function planReturnRequest(facts: ReturnRequestFacts, request: readonly LineRequestInput[]): ResolvedLine[] | OrderProblem {
  const closes = windowClosesAt(facts.deliveredAt, facts.policy);
  const wanted = resolveLineRequest(facts.input.lines, returnableUnits(facts), request, 'left to return (shipped, not returned before)');
  if (!Array.isArray(wanted)) return wanted;
  if (closes && facts.now.getTime() > closes.getTime()) {
    const first = request[wanted[0].entry];
    const name = first.lineId !== undefined ? `lineId ${first.lineId}` : `sku "${first.sku}"`;
    return {
      kind: 'invalid_state',
      message: `lines[${wanted[0].entry}]: ${name} can no longer be returned: the ${facts.policy.returnWindowDays}-day return window closed at ${closes.toISOString()}`,
    };
  }
  return wanted;
}

/**
 * The order's return state once returns are received: returned when every unit not cancelled came
 * back, partially_returned when some did, undefined when none did.
 */
export function orderReturnState(
  lines: readonly { lineNo: number; quantity: number }[],
  cancelled: Readonly<Record<number, number>>,
  received: ReadonlyMap<number, number>,
): 'partially_returned' | 'returned' | undefined {
  const back = lines.reduce((n, l) => n + (received.get(l.lineNo) ?? 0), 0);
  if (back === 0) return undefined;
  const kept = lines.reduce((n, l) => n + l.quantity - (cancelled[l.lineNo] ?? 0), 0);
  return back >= kept ? 'returned' : 'partially_returned';
}
