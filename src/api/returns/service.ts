/**
 * The returns API's work (issue 18). Opening a return is openReturn.ts (the lock); a refused
 * request becomes a 4xx naming the field: a malformed line 400, over-return or a closed window 409.
 */
import type { Db } from '../../db/prisma';
import type { OrderProblem } from '../../domain/orderChecks';
import { returnPolicyOf, type ReturnPolicy } from '../../domain/returns';
import { HttpError, notFound } from '../httpError';
import { afterCursor, decodeKeyset, KEYSET_ORDER, keysetPage } from '../keysetPage';
import { openReturn } from './openReturn';
import type { ReturnStarter } from './returnStarter';
import { toReturnSummary, toReturnView } from './returnView';
import { RETURN_CURSOR, type CreateReturnBody, type ListReturnsQuery } from './schemas';

export type ReturnService = ReturnType<typeof createReturnService>;

/** The domain names the field as "lines[0].quantity: …"; the API's fields are body.lines.0.quantity. */
function problemToHttp(p: OrderProblem): HttpError {
  const at = /^((?:lines|replacements)(?:\[\d+\])?(?:\.\w+)?):/.exec(p.message)?.[1];
  const fields = at ? [{ field: `body.${at.replace(/\[(\d+)\]/g, '.$1')}`, message: p.message.slice(at.length + 2) }] : undefined;
  if (p.kind === 'invalid_input') return new HttpError(400, 'validation_failed', p.message, fields);
  return new HttpError(409, 'return_refused', p.message, fields);
}

/** `starter`: starts each new return's workflow after the commit (omitted: the return stays requested, as tests of the API alone want). */
export function createReturnService(db: Db, now: () => Date = () => new Date(), starter?: ReturnStarter) {
  return {
    async create(orderId: string, body: CreateReturnBody, requestedBy: string) {
      const result = await openReturn(db, { orderId, lines: body.lines, note: body.note, replacements: body.replacements, requestedBy, now: now() });
      if ('returnId' in result) {
        await starter?.startAfterCommit(result.returnId);
        return { returnId: result.returnId, status: result.status };
      }
      if (result.kind === 'not_found') throw notFound(`order ${orderId}`);
      throw problemToHttp(result);
    },

    /** The channel's return policy (defaults: 30 days, shipping back with the last unit, exchange on receipt). */
    async policy(channelId: string) {
      const channel = await db.channel.findUnique({ where: { id: channelId } });
      if (!channel) throw notFound(`channel ${channelId}`);
      return { channel: channel.id, ...returnPolicyOf(channel) };
    },

    /** Applies to returns opened from now on (a return's window is judged when it is opened). */
    async setPolicy(channelId: string, policy: ReturnPolicy) {
      const updated = await db.channel.updateMany({ where: { id: channelId }, data: policy });
      if (updated.count === 0) throw notFound(`channel ${channelId}`);
      return { channel: channelId, ...policy };
    },

    async get(returnId: string) {
      const row = await db.return.findUnique({ where: { id: returnId }, include: { lines: true, replacements: true } });
      if (!row) throw notFound(`return ${returnId}`);
      return toReturnView(row);
    },

    /** Newest first, keyset pagination on (createdAt, id) like the orders list. */
    async list(q: ListReturnsQuery) {
      const rows = await db.return.findMany({
        where: {
          ...(q.status && { status: q.status }),
          ...(q.channel && { channelId: q.channel }),
          ...afterCursor(q.cursor ? decodeKeyset(q.cursor, RETURN_CURSOR) : undefined),
        },
        orderBy: KEYSET_ORDER,
        take: q.limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, q.limit);
      return { items: page.map(toReturnSummary), nextCursor };
    },
  };
}
