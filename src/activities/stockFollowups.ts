import type { Db } from '../db/prisma';
import { logger } from '../observability/logger';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * The outbox of work owed after a committed stock change: serving waiting backorders (a receipt or
 * a release) and nudging the SKUs' channel sync. The row is written in the stock change's own
 * transaction, so the change and the promise to follow it up commit together. The caller then
 * runs it at once (`followUp`); if that fails, the sweeper retries it until it succeeds. Both are
 * safe to repeat: serving takes nothing twice and a sync nudge only marks the SKU dirty.
 */

/** The caller's own attempt comes first; the sweeper leaves a fresh row alone this long. */
const OWNER_GRACE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const BATCH = 50;

const log = logger.child({ component: 'stock-followups' });

export interface Followup {
  id: bigint;
  skus: string[];
  serveBackorders: boolean;
}

/** In the stock change's transaction. */
export async function recordFollowup(tx: Tx, skus: string[], serveBackorders: boolean): Promise<Followup> {
  const row = await tx.stockFollowup.create({ data: { skus: [...new Set(skus)], serveBackorders, nextAttemptAt: new Date(Date.now() + OWNER_GRACE_MS) } });
  return { id: row.id, skus: row.skus, serveBackorders: row.serveBackorders };
}

/**
 * What a follow-up does (serve the backorders, announce the change). inventory.ts provides it as
 * `followupWork`, so this module never imports the stock moves that import it.
 */
export type FollowupWork = (f: Followup) => Promise<void>;

/** Runs one follow-up after its commit. Never throws: a failure stays in the outbox for the sweeper. */
export async function followUp(db: Db, work: FollowupWork, f: Followup): Promise<boolean> {
  try {
    await work(f);
    await db.stockFollowup.deleteMany({ where: { id: f.id } });
    return true;
  } catch (err) {
    log.warn({ err, skus: f.skus, followupId: String(f.id) }, 'stock follow-up failed after the commit; the sweeper retries it');
    await db.stockFollowup.updateMany({ where: { id: f.id }, data: { lastError: String((err as Error)?.message ?? err).slice(0, 1000) } }).catch(() => undefined);
    return false;
  }
}

/**
 * Claims the due follow-ups (pushing their next attempt out with a backoff first, so a sweeper that
 * dies mid-way only delays them) and runs them. Several processes may sweep at once.
 * Returns how many succeeded.
 */
export async function drainFollowups(db: Db, work: FollowupWork): Promise<number> {
  const due = await db.$queryRaw<{ id: bigint; skus: string[]; serve_backorders: boolean }[]>`
    UPDATE stock_followups SET attempts = attempts + 1,
      next_attempt_at = now() + LEAST(${MAX_BACKOFF_MS}::float8, 5000 * power(2, LEAST(attempts, 16))) * interval '1 millisecond'
    WHERE id IN (SELECT id FROM stock_followups WHERE next_attempt_at <= now() ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, skus, serve_backorders`;
  let done = 0;
  for (const row of due.sort((a, b) => Number(a.id - b.id))) {
    if (await followUp(db, work, { id: row.id, skus: row.skus, serveBackorders: row.serve_backorders })) done++;
  }
  return done;
}

/** Sweeps the outbox every `intervalMs` in this process; returns its stop. */
export function startFollowupSweeper(db: Db, work: FollowupWork, intervalMs = 10_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => drainFollowups(db, work)).catch((err) => log.warn({ err }, 'stock follow-up sweep failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
