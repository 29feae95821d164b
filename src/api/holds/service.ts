import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import type { HoldReason } from '../../domain/rules/types';
import { toHoldView } from './holdView';

export const HOLD_STATES = ['open', 'released', 'all'] as const;

export interface HoldsQuery {
  state: (typeof HOLD_STATES)[number];
  reason?: HoldReason;
  channel?: string;
  limit: number;
}

export type HoldService = ReturnType<typeof createHoldService>;

// Open holds: the longest-waiting first, that is the work queue. Released: the latest first,
// that is history. All: by when they were placed.
const ORDER_BY: Record<HoldsQuery['state'], Prisma.OrderHoldOrderByWithRelationInput[]> = {
  open: [{ placedAt: 'asc' }, { id: 'asc' }],
  released: [{ releasedAt: 'desc' }, { id: 'asc' }],
  all: [{ placedAt: 'asc' }, { id: 'asc' }],
};

export function createHoldService(db: Db) {
  return {
    /** Holds with their order; countsByReason counts every match, not only the first `limit`. */
    async list(q: HoldsQuery) {
      const where: Prisma.OrderHoldWhereInput = {
        ...(q.state === 'open' && { releasedAt: null }),
        ...(q.state === 'released' && { releasedAt: { not: null } }),
        ...(q.reason && { reason: q.reason }),
        ...(q.channel && { order: { channelId: q.channel } }),
      };
      const [holds, counts] = await Promise.all([
        db.orderHold.findMany({
          where,
          orderBy: ORDER_BY[q.state],
          take: q.limit,
          include: { order: { select: { workflowId: true, channelId: true, externalId: true } } },
        }),
        db.orderHold.groupBy({ by: ['reason'], where, _count: { _all: true }, orderBy: { reason: 'asc' } }),
      ]);
      const now = Date.now();
      return {
        items: holds.map((h) => ({
          holdId: h.id,
          orderId: h.orderId,
          workflowId: h.order.workflowId,
          channel: h.order.channelId,
          externalId: h.order.externalId,
          ...toHoldView(h),
          ageSeconds: Math.max(0, Math.floor(((h.releasedAt?.getTime() ?? now) - h.placedAt.getTime()) / 1000)),
        })),
        countsByReason: counts.map((c) => ({ reason: c.reason, count: c._count._all })),
      };
    },
  };
}
