import type { Client } from '@temporalio/client';
import { resolveListing } from '../../db/listings';
import type { Db } from '../../db/prisma';
import type { ListingRef } from '../../domain/listings';
import { logger } from '../../observability/logger';
import { mapLinesUpdate, type MapLinesInput } from '../../workflows/messages';
import { temporalErrorToHttp } from '../temporalErrors';

const log = logger.child({ component: 'unmapped-lines' });

/** Lines looked at per pass; the sweeper's next pass takes the rest. */
const BATCH = 500;
/** How often the sweeper looks, in case the attempt right after a catalog commit was lost (the API stopped in between). */
export const UNMAPPED_SWEEP_INTERVAL_MS = 30_000;

interface HeldLine {
  order_id: string;
  workflow_id: string;
  channel_id: string;
  line_no: number;
  unmapped: { listing?: ListingRef; requiresShipping?: boolean };
}

/**
 * Orders held `unmapped_sku` whose lines the catalog now resolves get their hub SKUs through the
 * workflow's mapLines update, which releases the hold once no line is left. Nothing is queued:
 * the held lines themselves (order_lines.unmapped, on orders with the open hold) are the work
 * list, so the pass after a commit, the sweeper and an operator's release all find the same work,
 * and a repeat is harmless (the update id is the mapping; the workflow refuses a line mapped
 * already).
 */
export function createUnmappedLines(db: Db, temporal: Client) {
  async function heldLines(orderId?: string): Promise<HeldLine[]> {
    return db.$queryRaw<HeldLine[]>`
      SELECT l.order_id, o.workflow_id, o.channel_id, l.line_no, l.unmapped
      FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.unmapped IS NOT NULL AND (${orderId ?? null}::text IS NULL OR l.order_id = ${orderId ?? null}::text)
        AND EXISTS (SELECT 1 FROM order_holds h WHERE h.order_id = l.order_id AND h.reason = 'unmapped_sku' AND h.released_at IS NULL)
      ORDER BY l.order_id, l.line_no
      LIMIT ${BATCH}`;
  }

  /** The mapping of one order's held lines that resolve now (the line's own requiresShipping, else the product's). */
  async function mappingOf(lines: HeldLine[]): Promise<MapLinesInput['lines']> {
    const mapped: MapLinesInput['lines'] = [];
    for (const line of lines) {
      const sku = await resolveListing(db, line.channel_id, line.unmapped.listing ?? {});
      if (!sku) continue;
      const product = await db.product.findUnique({ where: { sku }, select: { requiresShipping: true } });
      mapped.push({ lineNo: line.line_no, sku, requiresShipping: line.unmapped.requiresShipping ?? product?.requiresShipping ?? true });
    }
    return mapped;
  }

  /** Sends the update; true when the order took it. A refusal (line mapped already, hold released, order closed) is not an error. */
  async function send(workflowId: string, lines: MapLinesInput['lines']): Promise<boolean> {
    const updateId = `map-lines:${lines.map((l) => `${l.lineNo}=${l.sku}`).join(',')}`;
    try {
      await temporal.workflow.getHandle(workflowId).executeUpdate(mapLinesUpdate, { args: [{ lines, mappedBy: 'catalog' }], updateId });
      return true;
    } catch (err) {
      const http = temporalErrorToHttp(err);
      if (http && http.status < 500) log.debug({ workflowId, reason: http.message }, 'mapLines refused');
      else log.warn({ err, workflowId }, 'mapLines failed; the sweeper tries again');
      return false;
    }
  }

  /** Maps what resolves now; answers how many orders took a mapping. Never throws: the sweeper is the fallback. */
  async function pass(orderId?: string): Promise<number> {
    try {
      const byOrder = new Map<string, HeldLine[]>();
      for (const line of await heldLines(orderId)) byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line]);
      let orders = 0;
      for (const lines of byOrder.values()) {
        const mapped = await mappingOf(lines);
        if (mapped.length > 0 && (await send(lines[0]!.workflow_id, mapped))) orders++;
      }
      return orders;
    } catch (err) {
      log.warn({ err }, 'unmapped lines pass failed; the sweeper tries again');
      return 0;
    }
  }

  return {
    /** After a product or listing commit, and by the sweeper: every held order. */
    afterCatalogChange: () => pass().then(() => undefined),
    /** Before an operator's release of an unmapped_sku hold: this order's lines. */
    forOrder: (orderId: string) => pass(orderId),
    pass,
  };
}

export type UnmappedLines = ReturnType<typeof createUnmappedLines>;

/** Runs a pass every `intervalMs` in this process; returns its stop. */
export function startUnmappedSweeper(unmapped: UnmappedLines, intervalMs = UNMAPPED_SWEEP_INTERVAL_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => unmapped.pass());
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
