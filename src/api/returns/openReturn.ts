/**
 * Opening a return (issue 18): one transaction that locks the order's row, reads what shipped and
 * what earlier returns hold, checks the request (src/domain/returns/eligibility.ts) and writes the
 * return. The lock is the design for "two returns of the last unit": the second request waits for
 * the first to commit, then sees its lines and gets a 409. order_lines.returned, kept by triggers
 * and bounded by a CHECK, refuses an over-return even from code that skips this path.
 */
import { holdReplacementStock, replacementOrderId } from '../../activities/exchangeStock';
import { recordFollowup } from '../../activities/stockFollowups';
import { lockStock, type LockedStock, type Tx } from '../../activities/stockLedger';
import type { Db } from '../../db/prisma';
import type { LineRequestInput } from '../../domain/lineRequest';
import type { OrderProblem } from '../../domain/orderChecks';
import type { ShipmentState } from '../../domain/order';
import { checkReplacements, planReturnRequest, returnPolicyOf, type ReplacementInput, type ReturnStatus } from '../../domain/returns';
import type { Address } from '../../domain/order';
import { newReturnId } from './returnIds';

export interface OpenReturnRequest {
  orderId: string;
  lines: readonly LineRequestInput[];
  note?: string;
  /** An exchange's replacement lines (src/domain/returns/exchange.ts). */
  replacements?: readonly ReplacementInput[];
  requestedBy: string;
  now: Date;
}

export type OpenReturnResult = { returnId: string; status: 'requested'; lines: { lineNo: number; sku: string; quantity: number }[] } | OrderProblem | { kind: 'not_found' };

async function lockedFacts(tx: Tx, orderId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE`;
  if (!locked) return undefined;
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      channel: true,
      lines: { orderBy: { lineNo: 'asc' } },
      reservations: { where: { state: { not: 'released' } }, include: { orderLine: { select: { lineNo: true } } } },
      shipments: true,
      returns: { include: { lines: true } },
    },
  });
  return order;
}

export async function openReturn(db: Db, req: OpenReturnRequest): Promise<OpenReturnResult> {
  return db.$transaction(async (tx) => {
    // An exchange's stock rows before the order's row: the one lock order every stock move keeps.
    const stock = req.replacements?.length
      ? await lockStock(
          tx,
          req.replacements.map((r) => r.sku),
        )
      : [];
    const order = await lockedFacts(tx, req.orderId);
    if (!order) return { kind: 'not_found' as const };
    const received = (r: { receivedAt: Date | null }, l: { quantity: number; receivedResellable: number; receivedDamaged: number }) =>
      r.receivedAt ? l.receivedResellable + l.receivedDamaged : undefined;
    const plan = planReturnRequest(
      {
        input: { lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })) },
        allocations: order.reservations.map((r) => ({ lineNo: r.orderLine.lineNo, sku: r.sku, locationId: r.locationId, quantity: r.quantity })),
        shipments: order.shipments.map((s): ShipmentState => ({ shipmentId: s.id, locationId: s.locationId, items: [], status: s.status as ShipmentState['status'] })),
        ...(order.deliveredAt && { deliveredAt: order.deliveredAt }),
        existing: order.returns.map((r) => ({
          status: r.status as ReturnStatus,
          lines: r.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, receivedQuantity: received(r, l) })),
        })),
        policy: returnPolicyOf(order.channel),
        now: req.now,
      },
      req.lines,
    );
    if (!Array.isArray(plan)) return plan;
    const returnId = newReturnId(req.now.getTime());
    // Two entries naming the same line (by id and by SKU) become one return line.
    const byLine = new Map<number, { quantity: number; reason?: string }>();
    for (const p of plan) {
      const reason = req.lines[p.entry].reason;
      const before = byLine.get(p.lineNo);
      byLine.set(p.lineNo, { quantity: (before?.quantity ?? 0) + p.quantity, reason: before?.reason ?? reason });
    }
    const lines = [...byLine].map(([lineNo, l]) => ({ lineNo, sku: order.lines.find((x) => x.lineNo === lineNo)!.sku, quantity: l.quantity, reason: l.reason }));
    const replacements = await exchangeHolds(tx, stock, req, returnId, {
      units: lines.reduce((n, l) => n + l.quantity, 0),
      address: order.shippingAddress as unknown as Address,
    });
    if (!Array.isArray(replacements)) return replacements;
    await tx.return.create({
      data: {
        id: returnId,
        orderId: order.id,
        channelId: order.channelId,
        status: 'requested',
        note: req.note ?? null,
        currency: order.currency,
        requestedBy: req.requestedBy,
        lines: {
          create: lines.map((l) => ({
            id: `${returnId}:${l.lineNo}`,
            orderLineId: order.lines.find((x) => x.lineNo === l.lineNo)!.id,
            lineNo: l.lineNo,
            sku: l.sku,
            quantity: l.quantity,
            reason: l.reason ?? null,
          })),
        },
        replacements: {
          create: replacements.map((r) => ({ id: `${returnId}:r${r.lineNo}`, lineNo: r.lineNo, sku: r.sku, quantity: r.quantity, locationId: r.locationId, state: r.state })),
        },
      },
    });
    return { returnId, status: 'requested' as const, lines: lines.map(({ lineNo, sku, quantity }) => ({ lineNo, sku, quantity })) };
  });
}

/**
 * An exchange's replacements, checked (a 400 naming body.replacements) and their units reserved;
 * none without replacements. Held units leave what the channels may sell: the follow-up nudges their sync.
 */
async function exchangeHolds(tx: Tx, stock: LockedStock[], req: OpenReturnRequest, returnId: string, facts: { units: number; address: Address }) {
  if (!req.replacements?.length) return [];
  const products = await tx.product.findMany({ where: { sku: { in: req.replacements.map((r) => r.sku) } }, select: { sku: true, requiresShipping: true } });
  const lines = checkReplacements(facts.units, req.replacements, new Map(products.map((p) => [p.sku, p])));
  if (!Array.isArray(lines)) return lines;
  const destination = { country: facts.address.country ?? '', ...(facts.address.region && { region: facts.address.region }) };
  const holds = await holdReplacementStock(tx, stock, { returnId, replacementOrderId: replacementOrderId(returnId), lines, destination });
  const held = holds.filter((h) => h.state === 'held').map((h) => h.sku);
  if (held.length > 0) await recordFollowup(tx, held, false);
  return holds;
}
