import type { Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import { directSql } from '../db/directSql';
import { logger } from '../observability/logger';

/** How one attempt of a partner call ended (src/activities/clients/partnerHttp.ts classifies it). */
export interface PartnerAttempt {
  system: string;
  method: string;
  path: string;
  idempotencyKey: string;
  outcome: 'succeeded' | 'rejected' | 'unavailable';
  status?: number;
  error?: string;
}

export type PartnerCallRecorder = (attempt: PartnerAttempt) => Promise<void>;

// Keys are `<order id>:<step>` (src/domain/ids.ts idempotencyKey); a call keyed otherwise belongs to no order.
const ORDER_KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(.+)$/;

/**
 * Each partner call's row (partner_calls, one per idempotency key): the order page lists them.
 * One upsert after each attempt, so a retried step shows its attempts and its last outcome. A
 * failure to record is logged and swallowed: the call itself, and the order, never depend on it.
 */
export function partnerCallLog(db: Db): PartnerCallRecorder {
  const log = logger.child({ component: 'partner-call-log' });
  return async (a) => {
    const match = ORDER_KEY.exec(a.idempotencyKey);
    if (!match) return;
    const [, orderId, step] = match;
    const error = a.error?.slice(0, 1000) ?? null;
    try {
      await directSql(
        db,
        Prisma.sql`
        INSERT INTO partner_calls (idempotency_key, order_id, system, step, method, path, attempts, outcome, last_status, last_error, first_at, last_at)
        VALUES (${a.idempotencyKey}, ${orderId}, ${a.system}, ${step}, ${a.method}, ${a.path}, 1, ${a.outcome}, ${a.status ?? null}, ${error}, now(), now())
        ON CONFLICT (idempotency_key) DO UPDATE SET attempts = partner_calls.attempts + 1, outcome = EXCLUDED.outcome,
          last_status = EXCLUDED.last_status, last_error = EXCLUDED.last_error, last_at = EXCLUDED.last_at`,
      );
    } catch (err) {
      log.warn({ err, idempotencyKey: a.idempotencyKey }, 'could not record a partner call');
    }
  };
}
