/**
 * Refunds a platform made itself (Shopify's refunds/create, the refunds of an order that arrives
 * refunded or cancelled; eBay refunds made on eBay, seen by the poller): recorded as the order's
 * payment transactions (source `channel`, kind `refund`), keyed by the platform's refund id so a
 * redelivery records nothing twice. The cancel's channel refund reads them back
 * (refundedByChannel) and pays back only the rest: money the platform returned is never returned
 * again by the hub.
 */
import type { Db } from '../db/prisma';
import { parseMoney } from '../domain/money';

const MARK = ':platform.refund.';

export interface PlatformRefund {
  id: string;
  amount: string;
  at?: string;
}

/** Records each refund once; answers with how many were new. */
export async function recordPlatformRefunds(db: Db, orderId: string, currency: string, refunds: readonly PlatformRefund[], gateway = 'shopify'): Promise<number> {
  if (refunds.length === 0) return 0;
  const { count } = await db.paymentTransaction.createMany({
    data: refunds.map((r) => ({
      id: `${orderId}${MARK}${r.id}`,
      orderId,
      kind: 'refund',
      amountMinor: parseMoney(r.amount, currency),
      source: 'channel',
      gateway,
      reference: r.id,
      at: r.at ? new Date(r.at) : new Date(),
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Minor units the platform refunded itself for this order. */
export async function refundedByChannel(db: Db, orderId: string): Promise<number> {
  const rows = await db.paymentTransaction.findMany({ where: { orderId, kind: 'refund', source: 'channel', id: { contains: MARK } }, select: { amountMinor: true } });
  return rows.reduce((sum, r) => sum + r.amountMinor, 0);
}
