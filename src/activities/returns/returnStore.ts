/**
 * The return workflow's database activities (issue 18): its facts, each step's status on the
 * returns row (the read model the API serves), the receipt and its refund, restocking, and the money
 * plan. Each is safe to run again: a status write only moves forward (canReturnTransition), the
 * receipt is recorded once, restocking has one ledger row per SKU, refunds are keyed.
 */
import type { Db } from '../../db/prisma';
import { canReturnTransition, isReturnStatus, type ReturnStatus } from '../../domain/returns';
import type { StockEvents } from '../backorderQueue';
import { planReturnRefund, recordReturnRefunded, type ReturnRefundPlan } from './returnRefundPlan';
import { recordReturnReceipt, type ReceiptRecord } from './returnReceipt';
import { restockReturn } from './returnRestock';

export interface ReturnFacts {
  returnId: string;
  orderId: string;
  status: ReturnStatus;
  trackingNumber?: string;
}

const STEP_TIME: Partial<Record<ReturnStatus, 'refundedAt' | 'closedAt'>> = { refunded: 'refundedAt', closed: 'closedAt' };

export function createReturnStoreActivities(db: Db, events: StockEvents) {
  return {
    async loadReturnFacts(returnId: string): Promise<ReturnFacts> {
      const ret = await db.return.findUniqueOrThrow({ where: { id: returnId } });
      const status = isReturnStatus(ret.status) ? ret.status : 'requested';
      return { returnId, orderId: ret.orderId, status, ...(ret.trackingNumber && { trackingNumber: ret.trackingNumber }) };
    },
    async recordReturnLabel(returnId: string, label: { trackingNumber: string; labelId: string; carrier: string }): Promise<void> {
      await db.return.update({ where: { id: returnId }, data: { trackingNumber: label.trackingNumber, labelId: label.labelId, carrier: label.carrier } });
      await moveStatus(db, returnId, 'label_issued');
    },
    /** needs_attention carries the failed step; any other status clears it. */
    async recordReturnStatus(returnId: string, status: ReturnStatus, attentionReason?: string): Promise<void> {
      await moveStatus(db, returnId, status, attentionReason);
    },
    recordReturnReceipt: (returnId: string, receipt: ReceiptRecord) => recordReturnReceipt(db, returnId, receipt),
    restockReturn: (returnId: string) => restockReturn(db, events, returnId),
    planReturnRefund: (returnId: string) => planReturnRefund(db, returnId),
    recordReturnRefunded: (returnId: string, plan: ReturnRefundPlan) => recordReturnRefunded(db, returnId, plan),
  };
}

/** Only forward (a repeated or late write changes nothing), inside a row lock so two writers queue. */
async function moveStatus(db: Db, returnId: string, status: ReturnStatus, attentionReason?: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM returns WHERE id = ${returnId} FOR UPDATE`;
    if (!row || !isReturnStatus(row.status) || !canReturnTransition(row.status, status)) return;
    const at = STEP_TIME[status];
    await tx.return.update({
      where: { id: returnId },
      data: { status, attentionReason: status === 'needs_attention' ? (attentionReason ?? null) : null, ...(at && { [at]: new Date() }) },
    });
  });
}
