import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/prisma';
import { afterCursor, decodeKeyset, KEYSET_ORDER, keysetPage } from '../keysetPage';
import { ORDER_CURSOR } from './actionSchemas';
import { toOrderSummary } from './orderView';

export interface OrderSearch {
  status?: string;
  channel?: string;
  externalId?: string;
  email?: string;
  name?: string;
  sku?: string;
  holdReason?: string;
  placedFrom?: string;
  placedTo?: string;
  limit: number;
  cursor?: string;
}

/**
 * GET /api/v1/orders: every filter narrows (AND), newest first by (createdAt, id) keyset, so a
 * page never repeats or skips an order that arrived meanwhile. Each filter has an index to start
 * from (migration 20261203000600): orders by external id and placed date, lines by SKU, holds by
 * reason, customers by e-mail; the name is a case-insensitive substring of the customer's name.
 */
// Any ISO instant the schema accepts, clamped to what PostgreSQL stores (it has no year 0): no order was placed outside this anyway.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);
const instant = (iso: string) => new Date(Math.min(Math.max(new Date(iso).getTime(), EARLIEST), LATEST));

export function orderSearchWhere(q: OrderSearch): Prisma.OrderWhereInput {
  return {
    ...(q.status && { status: q.status }),
    ...(q.channel && { channelId: q.channel }),
    ...(q.externalId && { externalId: q.externalId }),
    ...((q.email || q.name) && {
      customer: { ...(q.email && { email: q.email }), ...(q.name && { name: { contains: q.name, mode: 'insensitive' as const } }) },
    }),
    ...(q.sku && { lines: { some: { sku: q.sku } } }),
    ...(q.holdReason && { holds: { some: { reason: q.holdReason, releasedAt: null } } }),
    ...((q.placedFrom || q.placedTo) && { placedAt: { ...(q.placedFrom && { gte: instant(q.placedFrom) }), ...(q.placedTo && { lt: instant(q.placedTo) }) } }),
    ...afterCursor(q.cursor ? decodeKeyset(q.cursor, ORDER_CURSOR) : undefined),
  };
}

export async function searchOrders(db: Db, q: OrderSearch) {
  const rows = await db.order.findMany({
    where: orderSearchWhere(q),
    include: { customer: { select: { name: true, email: true } } },
    orderBy: KEYSET_ORDER,
    take: q.limit + 1,
  });
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { items: page.map((o) => ({ ...toOrderSummary(o), customerName: o.customer.name, customerEmail: o.customer.email })), nextCursor };
}
