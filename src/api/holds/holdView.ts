import type { Prisma } from '../../generated/prisma/client';

type HoldRow = Prisma.OrderHoldGetPayload<object>;

/** One hold as the API shows it, on an order and in the holds list alike. */
export function toHoldView(h: HoldRow) {
  return {
    reason: h.reason,
    note: h.note,
    placedBy: h.placedBy,
    placedAt: h.placedAt.toISOString(),
    releasedAt: h.releasedAt?.toISOString() ?? null,
    releasedBy: h.releasedBy,
    escalated: h.escalatedAt !== null,
  };
}
