/**
 * The hub's own idempotency for marketplace calls that take no key (Amazon's confirmShipment,
 * eBay's issue_refund): before the call the activity claims its key, after it records the answer.
 * A retry finds the key answered (done: nothing to send), or claimed without an answer: the earlier
 * attempt may have reached the platform and lost its answer, so the caller compares with what the
 * platform shows before sending again. Nothing is sent twice, nothing is skipped on a guess.
 *
 * Stored in idempotency_records under a scope of their own (`outbound:<platform>:<channel>`), so the
 * API's keys never meet these; the table's 24 h clean-up bounds how late a retry can rely on them.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/prisma';

export type Claim = { kind: 'new' } | { kind: 'done'; response: unknown } | { kind: 'uncertain' };

export const outboundScope = (platform: string, channelId: string) => `outbound:${platform}:${channelId}`;

export function createOutboundClaims(db: Db) {
  return {
    async claim(scope: string, key: string, path: string, body: unknown): Promise<Claim> {
      const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const { count } = await db.idempotencyRecord.createMany({ data: [{ scope, key, method: 'POST', path, requestHash }], skipDuplicates: true });
      if (count === 1) return { kind: 'new' };
      const row = await db.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } }, select: { statusCode: true, response: true } });
      if (!row) return this.claim(scope, key, path, body); // cleaned up in between: claim afresh
      return row.statusCode === null ? { kind: 'uncertain' } : { kind: 'done', response: row.response };
    },

    async answered(scope: string, key: string, statusCode: number, response: object): Promise<void> {
      await db.idempotencyRecord.update({ where: { scope_key: { scope, key } }, data: { statusCode, response, completedAt: new Date() } });
    },

    /** The answers recorded for one platform path (one order's calls of one kind), for comparing with what the platform shows. */
    async answersFor(scope: string, path: string, exceptKey: string): Promise<unknown[]> {
      const rows = await db.idempotencyRecord.findMany({ where: { scope, path, key: { not: exceptKey }, statusCode: { not: null } }, select: { response: true } });
      return rows.map((r) => r.response);
    },
  };
}

export type OutboundClaims = ReturnType<typeof createOutboundClaims>;
