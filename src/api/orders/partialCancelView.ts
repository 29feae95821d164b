import { formatMoney } from '../../domain/money';

/**
 * What partial cancels did to an order, for GET: read from their `lines_cancelled` timeline
 * events (one per request, keyed by its request id, written with the workflow's state), so the
 * view needs no column of its own. Per line: units cancelled and money returned; and the list of
 * partial refunds. A full cancel's refund is the order's cancel (paymentStatus refunded).
 */
interface CancelledEventData {
  requestId: string;
  reason: string;
  lines: { lineNo: number; sku: string; quantity: number; refundMinor: number }[];
  refundMinor: number;
  taxMinor: number;
}

function isCancelledData(data: unknown): data is CancelledEventData {
  const d = data as Partial<CancelledEventData> | null;
  return typeof d?.requestId === 'string' && Array.isArray(d.lines) && typeof d.refundMinor === 'number';
}

export function partialCancelView(events: readonly { type: string; at: Date; data: unknown }[], currency: string) {
  const money = (minor: number) => formatMoney(minor, currency);
  const perLine = new Map<number, { units: number; refundedMinor: number }>();
  const refunds = events
    .filter((e) => e.type === 'lines_cancelled' && isCancelledData(e.data))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => {
      const d = e.data as CancelledEventData;
      for (const l of d.lines) {
        const before = perLine.get(l.lineNo) ?? { units: 0, refundedMinor: 0 };
        perLine.set(l.lineNo, { units: before.units + l.quantity, refundedMinor: before.refundedMinor + l.refundMinor });
      }
      return {
        requestId: d.requestId,
        at: e.at.toISOString(),
        reason: d.reason,
        amount: money(d.refundMinor),
        tax: money(d.taxMinor ?? 0),
        lines: d.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, amount: money(l.refundMinor) })),
      };
    });
  const line = (lineNo: number) => {
    const l = perLine.get(lineNo) ?? { units: 0, refundedMinor: 0 };
    return { cancelledQuantity: l.units, refunded: money(l.refundedMinor) };
  };
  return { line, refunds };
}
