import type { Db } from '../../db/prisma';
import { isLate, QUEUE_STATUSES } from '../../domain/fulfillmentQueue';
import { formatMoney } from '../../domain/money';
import { PRIORITY_CLASSES } from '../../domain/rules/types';

export interface QueueQuery {
  limit: number;
  channel?: string;
}

export type FulfillmentService = ReturnType<typeof createFulfillmentService>;

export function createFulfillmentService(db: Db) {
  /**
   * Ids of ready orders in pick order. The ORDER BY mirrors compareQueue in
   * src/domain/fulfillmentQueue.ts so the database can cut at `limit` instead of the API sorting
   * every ready order; the API tests check the result against the comparator.
   */
  async function queueIds(q: QueueQuery): Promise<string[]> {
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT o.id FROM orders o
      WHERE o.status = ANY(${[...QUEUE_STATUSES]}::text[])
        AND (${q.channel ?? null}::text IS NULL OR o.channel_id = ${q.channel ?? null})
        AND NOT EXISTS (SELECT 1 FROM order_holds h WHERE h.order_id = o.id AND h.released_at IS NULL)
      ORDER BY COALESCE(array_position(${[...PRIORITY_CLASSES]}::text[], o.priority_class), ${PRIORITY_CLASSES.length + 1}),
        o.priority_score DESC, o.ship_by ASC NULLS LAST, o.created_at ASC, o.id COLLATE "C" ASC
      LIMIT ${q.limit}`;
    return rows.map((r) => r.id);
  }

  return {
    async queue(q: QueueQuery) {
      const ids = await queueIds(q);
      const orders = await db.order.findMany({
        where: { id: { in: ids } },
        include: { customer: { select: { name: true } }, shipments: { orderBy: { locationId: 'asc' } } },
      });
      const byId = new Map(orders.map((o) => [o.id, o]));
      const now = new Date();
      // An order that changed state between the two reads simply drops out of this answer.
      const items = ids.flatMap((id) => {
        const o = byId.get(id);
        if (!o) return [];
        return [
          {
            orderId: o.id,
            workflowId: o.workflowId,
            channel: o.channelId,
            externalId: o.externalId,
            customerName: o.customer.name,
            status: o.status,
            priorityClass: o.priorityClass,
            priorityScore: o.priorityScore,
            shipBy: o.shipBy?.toISOString() ?? null,
            late: isLate(o.shipBy, o.status, now),
            total: formatMoney(o.totalMinor, o.currency),
            currency: o.currency,
            placedAt: o.placedAt.toISOString(),
            tags: o.tags,
            parcels: o.shipments.map((s) => ({ shipmentId: s.id, locationId: s.locationId, status: s.status })),
          },
        ];
      });
      return { items };
    },
  };
}
