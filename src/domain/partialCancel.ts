/**
 * Partial cancel (issue 13): which units of which lines a request cancels, where their stock is
 * released, what goes back to the customer, and the per-line record that keeps anything from being
 * refunded twice. Pure: the order workflow calls these and only carries out the plan (release,
 * refund, credit note, channel notice), so the property test in test/domain exercises exactly the
 * bookkeeping the workflow uses.
 *
 * A unit can be cancelled while it has not left a warehouse: it is not in a parcel that is
 * dispatched (or later). The money for the units is the per-unit share of unitShare.ts (largest
 * remainder, tax and discounts included); shipping goes back only with the last unit, and only
 * when nothing shipped (then the request is a full cancel: `becomesFullCancel`).
 */
import type { AllocationLine, OrderInput, ShipmentState } from './order';
import { resolveLineRequest, type LineRequestInput } from './lineRequest';
import type { OrderProblem } from './orderChecks';
import { refundForCancel, type CancelRefund, type PricedOrder } from './pricing';
import { hasLeftWarehouse } from './shipments';

/** One entry of `lines` in POST …/cancel: the line by its number (`lineId`, GET's lineNo) or by SKU. */
export type CancelLineInput = LineRequestInput;

/** What the order keeps about partial cancels (in its workflow state, and on the timeline). */
export interface CancelLedger {
  /** Units cancelled and money returned, per line number. */
  lines: Record<number, { units: number; refundedMinor: number }>;
  /** Money returned by partial cancels, in total (shipping is never part of it). */
  refundedMinor: number;
  /** Request ids already carried out: a repeat returns nothing more. */
  requests: string[];
}

export const emptyLedger = (): CancelLedger => ({ lines: {}, refundedMinor: 0, requests: [] });

export interface StockRelease {
  lineNo: number;
  sku: string;
  locationId: string;
  quantity: number;
}

export interface PartialCancelPlan {
  requestId: string;
  lines: { lineNo: number; sku: string; quantity: number; refundMinor: number }[];
  releases: StockRelease[];
  refund: CancelRefund;
  /** Every unit is cancelled and nothing shipped: the order is cancelled as a whole (with its shipping). */
  becomesFullCancel: boolean;
}

export interface PartialCancelFacts {
  input: Pick<OrderInput, 'lines'>;
  /** The order's money (pricedOrderOf(input) in the workflow). */
  priced: PricedOrder;
  allocations: readonly AllocationLine[];
  shipments: readonly ShipmentState[];
  ledger: CancelLedger;
}

/** Units of a line in parcels that have left a warehouse (they can no longer be cancelled; they may be returned). */
export function unitsGone(lineNo: number, allocations: readonly AllocationLine[], shipments: readonly ShipmentState[]): number {
  const leftFrom = new Set(shipments.filter(hasLeftWarehouse).map((s) => s.locationId));
  return allocations.filter((a) => a.lineNo === lineNo && leftFrom.has(a.locationId)).reduce((n, a) => n + a.quantity, 0);
}

/** Units of each line that a cancel may still take: ordered, less cancelled, less gone. */
export function cancellableUnits(facts: Omit<PartialCancelFacts, 'priced'>): Map<number, number> {
  const { input, allocations, shipments, ledger } = facts;
  return new Map(input.lines.map((l) => [l.lineNo, l.quantity - (ledger.lines[l.lineNo]?.units ?? 0) - unitsGone(l.lineNo, allocations, shipments)]));
}

/**
 * The request as line numbers and quantities; a problem names the field (`lines[i].lineId`, …):
 * an unknown line is invalid input (400), more units than can still be cancelled is a conflict
 * with the order's state (409), so a client can tell a typo from a parcel that just left.
 */
export function resolveCancelLines(facts: PartialCancelFacts, request: readonly CancelLineInput[]): { lineNo: number; quantity: number }[] | OrderProblem {
  const wanted = resolveLineRequest(facts.input.lines, cancellableUnits(facts), request, 'left to cancel (not cancelled, not in a parcel that has left)');
  return Array.isArray(wanted) ? wanted.map(({ lineNo, quantity }) => ({ lineNo, quantity })) : wanted;
}

/** Where the units' stock is released: from locations whose parcel has not left, the last location first. */
function planReleases(wanted: readonly { lineNo: number; quantity: number }[], facts: PartialCancelFacts): StockRelease[] {
  const leftFrom = new Set(facts.shipments.filter(hasLeftWarehouse).map((s) => s.locationId));
  const held = facts.allocations.filter((a) => !leftFrom.has(a.locationId)).map((a) => ({ ...a }));
  const releases: StockRelease[] = [];
  for (const w of wanted) {
    let need = w.quantity;
    for (const a of held.filter((h) => h.lineNo === w.lineNo).sort((x, y) => y.locationId.localeCompare(x.locationId))) {
      const take = Math.min(need, a.quantity);
      if (take <= 0) continue;
      a.quantity -= take;
      need -= take;
      const same = releases.find((r) => r.lineNo === a.lineNo && r.locationId === a.locationId);
      if (same) same.quantity += take;
      else releases.push({ lineNo: a.lineNo, sku: a.sku, locationId: a.locationId, quantity: take });
      if (need === 0) break;
    }
    // Units without a reservation (none yet) have no stock to release.
  }
  return releases;
}

/** The whole plan for one request, or the problem that refuses it. A request id seen before plans nothing (undefined). */
export function planPartialCancel(facts: PartialCancelFacts, requestId: string, request: readonly CancelLineInput[]): PartialCancelPlan | OrderProblem | undefined {
  if (facts.ledger.requests.includes(requestId)) return undefined;
  const wanted = resolveCancelLines(facts, request);
  if (!Array.isArray(wanted)) return wanted;
  const order = facts.priced;
  const cancelledBefore = Object.fromEntries(Object.entries(facts.ledger.lines).map(([lineNo, l]) => [lineNo, l.units]));
  const anythingShipped = facts.shipments.some(hasLeftWarehouse);
  const refund = refundForCancel(order, cancelledBefore, wanted, { anythingShipped, shippingRefunded: false });
  const becomesFullCancel = !anythingShipped && order.lines.every((l) => refund.cancelledAfter[l.lineNo] === l.quantity);
  const skuOf = (lineNo: number) => facts.input.lines.find((l) => l.lineNo === lineNo)!.sku;
  return {
    requestId,
    lines: wanted.map((w, i) => ({ lineNo: w.lineNo, sku: skuOf(w.lineNo), quantity: w.quantity, refundMinor: refund.lines[i].totalMinor })),
    releases: planReleases(wanted, facts),
    refund,
    becomesFullCancel,
  };
}

/** The ledger once a plan is carried out. */
export function recordPartialCancel(ledger: CancelLedger, plan: PartialCancelPlan): CancelLedger {
  const lines = { ...ledger.lines };
  for (const l of plan.lines) {
    const before = lines[l.lineNo] ?? { units: 0, refundedMinor: 0 };
    lines[l.lineNo] = { units: before.units + l.quantity, refundedMinor: before.refundedMinor + l.refundMinor };
  }
  return { lines, refundedMinor: ledger.refundedMinor + plan.refund.totalMinor, requests: [...ledger.requests, plan.requestId] };
}

/** What a full cancel still gives back after the partial cancels: the rest of what was paid, never less than 0. */
export function remainingRefund(paidMinor: number, ledger: CancelLedger): number {
  return Math.max(0, paidMinor - ledger.refundedMinor);
}

/** The order's allocations once the released units are gone; the parcels not yet left lose those items (in place: they are the workflow's own), and come back so their labels can be redone. */
export function afterRelease(
  allocations: readonly AllocationLine[],
  shipments: readonly ShipmentState[],
  releases: readonly StockRelease[],
): { allocations: AllocationLine[]; changedShipments: ShipmentState[] } {
  const next = allocations.map((a) => ({ ...a }));
  const changed = new Set<ShipmentState>();
  for (const r of releases) {
    const a = next.find((x) => x.lineNo === r.lineNo && x.locationId === r.locationId)!;
    a.quantity -= r.quantity;
    const shipment = shipments.find((s) => s.locationId === r.locationId && !hasLeftWarehouse(s) && s.status !== 'voided');
    if (!shipment) continue;
    shipment.items = shipment.items.map((i) => (i.sku === r.sku ? { ...i, quantity: i.quantity - r.quantity } : i)).filter((i) => i.quantity > 0);
    changed.add(shipment);
  }
  return { allocations: next.filter((a) => a.quantity > 0), changedShipments: [...changed] };
}
