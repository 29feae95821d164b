import { directSql, type SqlQueryable } from '../db/directSql';
import { insertInto } from '../db/insertRows';
import { Prisma } from '../generated/prisma/client';
import type { OrderInput } from '../domain/order';
import type { PaymentTransaction } from '../domain/payment';

/** The transactions the channel reported with the order, numbered in the order given. */
export function channelTransactions(input: OrderInput): PaymentTransaction[] {
  return (input.payment.transactions ?? []).map((t, i) => ({
    id: `${input.orderId}:channel.${i + 1}`,
    kind: t.kind,
    amountMinor: t.amountMinor,
    source: 'channel' as const,
    ...(t.gateway !== undefined && { gateway: t.gateway }),
    ...(t.reference !== undefined && { reference: t.reference }),
    at: input.placedAt,
  }));
}

/** The INSERT of these transactions (none: undefined), keyed by each one's stable ID: a retried write records each once. */
export function paymentTransactionsInsert(orderId: string, transactions: readonly PaymentTransaction[]): Prisma.Sql | undefined {
  if (transactions.length === 0) return undefined;
  const rows = transactions.map((t) => ({
    id: t.id,
    order_id: orderId,
    kind: t.kind,
    amount_minor: t.amountMinor,
    source: t.source,
    gateway: t.gateway ?? null,
    reference: t.reference ?? null,
    shipment_id: t.shipmentId ?? null,
    at: new Date(t.at),
  }));
  return Prisma.sql`${insertInto('payment_transactions', rows)} ON CONFLICT DO NOTHING`;
}

export async function savePaymentTransactions(q: SqlQueryable, orderId: string, transactions: readonly PaymentTransaction[]): Promise<void> {
  const insert = paymentTransactionsInsert(orderId, transactions);
  if (insert) await directSql(q, insert);
}
