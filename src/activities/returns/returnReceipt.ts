/**
 * The receipt of a return, in one transaction under the order's row lock (the lock openReturn and
 * the order's read-model writes take): the units that arrived per line, the refund they earn
 * (src/domain/returns/refund.ts: the k-th unit leaving the order takes the k-th share, cancelled
 * and returned units counted together), the receiving location, and the order's status
 * partially_returned / returned. Recorded once: a retried activity finds received_at set and
 * answers with what was stored, so the refund is worked out exactly once.
 */
import type { Db } from '../../db/prisma';
import { consumedUnits, orderReturnState, refundForReturn, returnPolicyOf, type ReceivedLine } from '../../domain/returns';
import { canTransition, isOrderStatus } from '../../domain/orderStatus';
import { isExchange } from '../exchangeStock';
import type { Tx } from '../stockLedger';
import { pricedOrderFromRows } from './pricedOrderFromRows';

export interface ReturnReceiptOutcome {
  locationId: string;
  refundMinor: number;
  shippingRefunded: boolean;
  lines: { lineNo: number; sku: string; resellable: number; damaged: number; refundMinor: number }[];
  orderStatus?: 'partially_returned' | 'returned';
}

export interface ReceiptRecord {
  lines: ReceivedLine[];
  locationId?: string;
  receivedBy: string;
}

/** Units each line lost to partial cancels, from their timeline events (src/api/orders/partialCancelView.ts reads the same). */
export async function cancelledUnits(tx: Pick<Tx, 'orderEvent'>, orderId: string): Promise<Record<number, number>> {
  const events = await tx.orderEvent.findMany({ where: { orderId, type: 'lines_cancelled' }, select: { data: true } });
  const cancelled: Record<number, number> = {};
  for (const e of events) {
    for (const l of (e.data as { lines?: { lineNo: number; quantity: number }[] } | null)?.lines ?? []) cancelled[l.lineNo] = (cancelled[l.lineNo] ?? 0) + l.quantity;
  }
  return cancelled;
}

type StoredReturn = NonNullable<Awaited<ReturnType<typeof loadForReceipt>>>;

function loadForReceipt(tx: Tx, returnId: string) {
  return tx.return.findUnique({ where: { id: returnId }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
}

function storedOutcome(ret: StoredReturn, orderStatus?: ReturnReceiptOutcome['orderStatus']): ReturnReceiptOutcome {
  return {
    locationId: ret.locationId ?? '',
    refundMinor: ret.refundMinor,
    shippingRefunded: ret.shippingRefunded,
    lines: ret.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, resellable: l.receivedResellable, damaged: l.receivedDamaged, refundMinor: l.refundMinor })),
    ...(orderStatus && { orderStatus }),
  };
}

export async function recordReturnReceipt(db: Db, returnId: string, receipt: ReceiptRecord): Promise<ReturnReceiptOutcome> {
  return db.$transaction(async (tx) => {
    const first = await loadForReceipt(tx, returnId);
    if (!first) throw new Error(`return ${returnId} not found`);
    await tx.$queryRaw`SELECT id FROM orders WHERE id = ${first.orderId} FOR UPDATE`;
    const ret = (await loadForReceipt(tx, returnId))!;
    if (ret.receivedAt) return storedOutcome(ret);
    const order = await tx.order.findUniqueOrThrow({
      where: { id: ret.orderId },
      include: { channel: true, lines: true, shipments: { orderBy: { id: 'asc' } }, returns: { where: { receivedAt: { not: null } }, include: { lines: true } } },
    });
    const cancelled = await cancelledUnits(tx, order.id);
    const earlier = new Map<number, number>();
    for (const r of order.returns) for (const l of r.lines) earlier.set(l.lineNo, (earlier.get(l.lineNo) ?? 0) + l.receivedResellable + l.receivedDamaged);
    const received = receipt.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.resellable + l.damaged }));
    // An exchange swaps unit for unit: the returned units paid for the replacement, so nothing goes
    // back and the return closes (docs/returns.md "Exchanges"). They still count as gone for the next return's shares.
    const refund = (await isExchange(tx, returnId))
      ? { lines: [], shipping: [], totalMinor: 0 }
      : refundForReturn(pricedOrderFromRows(order), consumedUnits(cancelled, earlier), received, {
          policy: returnPolicyOf(order.channel).returnShipping,
          shippingRefunded: order.returns.some((r) => r.shippingRefunded),
        });
    const shippingMinor = refund.shipping.reduce((n, s) => n + s.totalMinor, 0);
    for (const l of receipt.lines) {
      const share = refund.lines.filter((s) => s.lineNo === l.lineNo).reduce((n, s) => n + s.totalMinor, 0);
      await tx.returnLine.update({
        where: { returnId_lineNo: { returnId, lineNo: l.lineNo } },
        data: { receivedResellable: l.resellable, receivedDamaged: l.damaged, refundMinor: share },
      });
    }
    const locationId = receipt.locationId ?? order.shipments[0]?.locationId ?? 'unknown';
    await tx.return.update({
      where: { id: returnId },
      data: { status: 'received', receivedAt: new Date(), locationId, refundMinor: refund.totalMinor, shippingRefunded: shippingMinor > 0 },
    });
    const orderStatus = await markOrder(tx, order, cancelled, earlier, received, returnId, receipt.receivedBy);
    return storedOutcome((await loadForReceipt(tx, returnId))!, orderStatus);
  });
}

/** The order's status once this receipt counts: partially_returned, or returned when every unit not cancelled came back. */
async function markOrder(
  tx: Tx,
  order: { id: string; status: string; lines: { lineNo: number; quantity: number }[] },
  cancelled: Record<number, number>,
  earlier: ReadonlyMap<number, number>,
  received: readonly { lineNo: number; quantity: number }[],
  returnId: string,
  by: string,
): Promise<ReturnReceiptOutcome['orderStatus']> {
  const back = new Map(earlier);
  for (const r of received) back.set(r.lineNo, (back.get(r.lineNo) ?? 0) + r.quantity);
  const next = orderReturnState(order.lines, cancelled, back);
  if (!next || !isOrderStatus(order.status) || !canTransition(order.status, next)) return next;
  await tx.order.update({ where: { id: order.id }, data: { status: next } });
  const units = received.reduce((n, r) => n + r.quantity, 0);
  await tx.orderEvent.createMany({
    data: [
      {
        orderId: order.id,
        type: 'return_received',
        message: `Return ${returnId}: ${units} unit(s) received (by ${by}); order ${next}`,
        data: { returnId, status: next },
        dedupeKey: `return_received:${returnId}`,
      },
    ],
    skipDuplicates: true,
  });
  return next;
}
