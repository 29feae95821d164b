import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';

/**
 * `<priorityScore>_<createdAt epoch ms>_<orderId>`: the last row of a page. Both numbers are bounded so PostgreSQL can
 * take them (each was a 500 found by Schemathesis): the score is an `integer` column, so at most 9 digits (a score is
 * a sum of rules' ±10,000 points, nowhere near 10⁹); at most 14 digits of milliseconds (before the year 5138), as a
 * larger instant makes an ISO date with a six-digit year.
 */
export const BACKORDER_CURSOR = /^(-?\d{1,9})_(\d{1,14})_([\x21-\x7e]{1,128})$/;

export interface BackordersQuery {
  sort: 'oldest' | 'priority';
  sku?: string;
  limit: number;
  cursor?: string;
}

export type BackorderService = ReturnType<typeof createBackorderService>;

interface Row {
  order_id: string;
  workflow_id: string;
  channel_id: string | null;
  external_id: string | null;
  skus: string[];
  shortfall: unknown;
  partial: boolean;
  priority_score: number;
  created_at: Date;
}

/**
 * Orders waiting for stock (backorders in state `waiting`). Keyset pages: `oldest` on (created_at,
 * order_id), `priority` on (priority_score desc, created_at, order_id), the order the queue serves
 * them in (src/activities/reserveForOrder.ts), so a page never repeats or skips an order that
 * arrived meanwhile. `waiting` counts every match, not only this page.
 */
export function createBackorderService(db: Db) {
  return {
    async waiting(q: BackordersQuery) {
      const skuFilter = q.sku ? Prisma.sql`AND b.skus @> ARRAY[${q.sku}]::text[]` : Prisma.empty;
      let after = Prisma.empty;
      if (q.cursor) {
        const [, score, ms, id] = BACKORDER_CURSOR.exec(q.cursor)!;
        const at = new Date(Number(ms));
        after =
          q.sort === 'oldest'
            ? Prisma.sql`AND (b.created_at, b.order_id) > (${at}, ${id})`
            : Prisma.sql`AND (b.priority_score < ${Number(score)} OR (b.priority_score = ${Number(score)} AND (b.created_at, b.order_id) > (${at}, ${id})))`;
      }
      const orderBy = q.sort === 'oldest' ? Prisma.sql`b.created_at, b.order_id` : Prisma.sql`b.priority_score DESC, b.created_at, b.order_id`;
      const [rows, [count]] = await Promise.all([
        db.$queryRaw<Row[]>`
          SELECT b.order_id, b.workflow_id, o.channel_id, o.external_id, b.skus, b.shortfall, b.partial, b.priority_score, b.created_at
          FROM backorders b LEFT JOIN orders o ON o.id = b.order_id
          WHERE b.state = 'waiting' ${skuFilter} ${after}
          ORDER BY ${orderBy} LIMIT ${q.limit + 1}`,
        db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM backorders b WHERE b.state = 'waiting' ${skuFilter}`,
      ]);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const now = Date.now();
      return {
        waiting: count.n,
        items: page.map((r) => ({
          orderId: r.order_id,
          workflowId: r.workflow_id,
          channel: r.channel_id,
          externalId: r.external_id,
          skus: r.skus,
          shortfall: Array.isArray(r.shortfall) ? r.shortfall : [],
          partial: r.partial,
          priorityScore: r.priority_score,
          since: r.created_at.toISOString(),
          waitingSeconds: Math.max(0, Math.floor((now - r.created_at.getTime()) / 1000)),
        })),
        nextCursor: rows.length > q.limit && last ? `${last.priority_score}_${last.created_at.getTime()}_${last.order_id}` : null,
      };
    },
  };
}
