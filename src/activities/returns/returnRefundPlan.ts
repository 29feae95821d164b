/**
 * Where a return's money goes back, and recording that it went. The order workflow's payment ledger
 * ended with the order, so the plan reads the order's payment transactions: what the gateway
 * captured (refunded through the gateway), what the channel took (refunded through the channel).
 * A refund the platform made on its own (Shopify refunds/create, an eBay refund seen by the poller:
 * src/channels/platformRefunds.ts) is taken as paying for the order's returns first: each return
 * owes its share less what is left of those platform refunds after earlier returns took theirs, so a
 * return the customer was already refunded for on the platform is never paid twice. And nothing
 * goes back beyond what was paid less every refund so far.
 */
import type { Db } from '../../db/prisma';
import { idempotencyKey } from '../../domain/ids';
import type { ReturnStatus } from '../../domain/returns';
import { refundedByChannel } from '../../channels/platformRefunds';

export interface ReturnRefundPlan {
  /** What the receipt earned (src/activities/returns/returnReceipt.ts). */
  shareMinor: number;
  gatewayMinor: number;
  channelMinor: number;
  /** The authorization the gateway refunds against. */
  reference: string;
  currency: string;
  channel: string;
  externalId: string;
}

const CAPTURED = new Set(['capture', 'sale']);

export async function planReturnRefund(db: Db, returnId: string): Promise<ReturnRefundPlan> {
  const ret = await db.return.findUniqueOrThrow({ where: { id: returnId }, include: { order: { include: { transactions: true } } } });
  const { order } = ret;
  const own = (id: string) => id.endsWith(`.return.${returnId}`);
  const txs = order.transactions.filter((t) => !own(t.id));
  const sum = (pick: (t: (typeof txs)[number]) => boolean) => txs.filter(pick).reduce((n, t) => n + t.amountMinor, 0);
  const gatewayCaptured = sum((t) => t.source === 'gateway' && CAPTURED.has(t.kind));
  const gatewayRefunded = sum((t) => t.source === 'gateway' && t.kind === 'refund');
  const anyCaptured = sum((t) => CAPTURED.has(t.kind));
  // An order paid before transactions were recorded (or recorded paid by hand): the channel took its total.
  const paid = anyCaptured > 0 ? anyCaptured : ['paid', 'partially_refunded'].includes(order.paymentStatus) ? order.totalMinor : 0;
  const refunded = sum((t) => t.kind === 'refund');
  const owed = Math.max(0, Math.min(ret.refundMinor - (await platformCover(db, returnId, ret.orderId, ret.refundMinor)), paid - refunded));
  const gatewayMinor = Math.min(owed, Math.max(0, gatewayCaptured - gatewayRefunded));
  const reference = order.transactions.find((t) => t.source === 'gateway' && CAPTURED.has(t.kind))?.reference ?? order.paymentReference ?? order.id;
  return {
    shareMinor: ret.refundMinor,
    gatewayMinor,
    channelMinor: owed - gatewayMinor,
    reference,
    currency: ret.currency,
    channel: order.channelId,
    externalId: order.externalId,
  };
}

/**
 * How much of this return's share the platform's own refunds already paid: their total, less what
 * earlier settled returns took from them (their shares the hub did not pay itself).
 */
async function platformCover(db: Db, returnId: string, orderId: string, shareMinor: number): Promise<number> {
  const platform = await refundedByChannel(db, orderId);
  if (platform === 0) return 0;
  const earlier = await db.return.findMany({ where: { orderId, id: { not: returnId }, status: { in: ['refunded', 'closed'] } }, select: { id: true, refundMinor: true } });
  const hubPaid = await db.paymentTransaction.findMany({ where: { orderId, kind: 'refund', id: { contains: '.return.' } }, select: { id: true, amountMinor: true } });
  const used = earlier.reduce((n, r) => n + r.refundMinor - hubPaid.filter((t) => t.id.endsWith(`.return.${r.id}`)).reduce((m, t) => m + t.amountMinor, 0), 0);
  return Math.min(shareMinor, Math.max(0, platform - used));
}

/** The refunds as the order's payment transactions (keyed by their idempotency keys: recorded once), the return refunded or closed. */
export async function recordReturnRefunded(db: Db, returnId: string, plan: ReturnRefundPlan): Promise<ReturnStatus> {
  const ret = await db.return.findUniqueOrThrow({ where: { id: returnId } });
  const at = new Date();
  const rows = [
    ...(plan.gatewayMinor > 0
      ? [{ id: idempotencyKey(ret.orderId, `gateway.refund.return.${returnId}`), amountMinor: plan.gatewayMinor, source: 'gateway', reference: plan.reference }]
      : []),
    ...(plan.channelMinor > 0
      ? [{ id: idempotencyKey(ret.orderId, `channel.refund.return.${returnId}`), amountMinor: plan.channelMinor, source: 'channel', reference: null }]
      : []),
  ];
  const status: ReturnStatus = plan.gatewayMinor + plan.channelMinor > 0 ? 'refunded' : 'closed';
  await db.$transaction(async (tx) => {
    await tx.paymentTransaction.createMany({ data: rows.map((r) => ({ ...r, orderId: ret.orderId, kind: 'refund', at })), skipDuplicates: true });
    await tx.return.updateMany({
      where: { id: returnId, status: { in: ['received', 'needs_attention'] } },
      data: { status, attentionReason: null, ...(status === 'refunded' ? { refundedAt: at } : { closedAt: at }) },
    });
    const all = await tx.paymentTransaction.findMany({ where: { orderId: ret.orderId } });
    const paid = all.filter((t) => CAPTURED.has(t.kind)).reduce((n, t) => n + t.amountMinor, 0);
    const back = all.filter((t) => t.kind === 'refund').reduce((n, t) => n + t.amountMinor, 0);
    if (back > 0 && paid > 0) await tx.order.update({ where: { id: ret.orderId }, data: { paymentStatus: back >= paid ? 'refunded' : 'partially_refunded' } });
  });
  return status;
}
