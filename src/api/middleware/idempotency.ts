import { createHash } from 'node:crypto';
import type { NextFunction, RequestHandler, Response } from 'express';
import type { Db } from '../../db/prisma';
import { directSql } from '../../db/directSql';
import { Prisma } from '../../generated/prisma/client';
import { HttpError } from '../httpError';
import { logger } from '../../observability/logger';
import { callerKey } from '../auth/middleware';
import { canonicalJson } from './canonicalJson';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * A first request still unanswered after this long died with its process; its key may be used
 * again. Well above the slowest answer measured (p99 5.4 s at 500 req/s, bench/README.md), and a
 * takeover is safe: what the request does is idempotent by itself (workflow IDs, updates).
 */
const ABANDONED_AFTER_MS = 60_000;
/**
 * 1-255 printable ASCII characters, so the key is safe to store and log; no space at either end,
 * which HTTP drops from a header value anyway. The document states the same pattern.
 */
export const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

/** Whose keys these are: the API key's id, so two callers never share keys. */
export function idempotencyScope(res: Response): string {
  return callerKey(res)?.id ?? 'anonymous';
}

/** The request's Idempotency-Key header when it has a valid one (the middleware refuses others). */
export function idempotencyKeyOf(req: { get(name: string): string | undefined }): string | undefined {
  const key = req.get('Idempotency-Key');
  return key !== undefined && IDEMPOTENCY_KEY_FORMAT.test(key) ? key : undefined;
}

/** What makes two requests "the same": method, path and the parsed JSON body in canonical form (key order ignored). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * The hash before canonical JSON (key order as sent). Records stored by an older process still
 * match a byte-identical retry; it can go once no record is older than IDEMPOTENCY_TTL_MS after
 * the upgrade.
 */
function legacyRequestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POSTs under /api/v1: the first request's answer is stored (per API key)
 * and a repeat gets it again with `Idempotent-Replayed: true`, so a client may resend after a
 * timeout without doing the work twice. 5xx answers are not stored: the key can be retried.
 * Records older than 24 h are deleted (at most once a minute, on the next keyed request).
 */
export function idempotency(db: Db): RequestHandler {
  const once = answerOnce(db);
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (key === undefined || req.method !== 'POST' || !/^\/api\/v1\//i.test(req.path)) return next();
    if (!IDEMPOTENCY_KEY_FORMAT.test(key)) {
      return next(
        new HttpError(400, 'validation_failed', 'invalid Idempotency-Key header', [{ field: 'header.Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }]),
      );
    }
    const request = {
      scope: idempotencyScope(res),
      key,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      hashes: [requestHash(req.method, req.originalUrl, req.body), legacyRequestHash(req.method, req.originalUrl, req.body)],
    };
    await once(request, res, next);
  };
}

/** One request to answer at most once: its scope and key, and what makes a repeat "the same" (the first hash is stored). */
export interface OnceRequest {
  scope: string;
  key: string;
  method: string;
  path: string;
  hashes: string[];
  /** What the key is, in error messages; default "Idempotency-Key". */
  label?: string;
}

/**
 * The store behind Idempotency-Key, also the channel webhooks' replay cache: the first request
 * with a (scope, key) runs and its answer is kept; a repeat with the same method, path and hash
 * gets that answer with `Idempotent-Replayed: true`, one while the first still runs a 409 with
 * Retry-After, one with another body a 422.
 */
export function answerOnce(db: Db) {
  let lastPurge = 0;
  const log = logger.child({ component: 'idempotency' });
  return async ({ scope, key, method, path, hashes, label = 'Idempotency-Key' }: OnceRequest, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (Date.now() - lastPurge > 60_000) {
        lastPurge = Date.now();
        await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_TTL_MS) } } });
      }
      // Straight to the pool (directSql): these two statements are on every keyed accept.
      const inserted = await directSql(
        db,
        Prisma.sql`INSERT INTO idempotency_records (scope, key, method, path, request_hash, created_at)
          VALUES (${scope}, ${key}, ${method}, ${path}, ${hashes[0]}, ${new Date()}) ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      );
      if (inserted.length === 1) return record(db, res, scope, key, log, next);
      const existing = await db.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
      if (!existing) return next(new HttpError(409, 'idempotency_key_in_use', `the first request with this ${label} just finished failing: retry`));
      if (!hashes.includes(existing.requestHash) || existing.method !== method || existing.path !== path) {
        return next(new HttpError(422, 'idempotency_key_mismatch', `this ${label} was used for a different request (method, path or body)`));
      }
      if (existing.statusCode === null) {
        // Take over a key whose first request can no longer answer (its process died).
        const abandoned = await db.idempotencyRecord.updateMany({
          where: { scope, key, statusCode: null, createdAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
          data: { createdAt: new Date() },
        });
        if (abandoned.count === 1) return record(db, res, scope, key, log, next);
        res.setHeader('Retry-After', '1');
        return next(new HttpError(409, 'idempotency_key_in_use', `a request with this ${label} is still being answered: retry shortly`));
      }
      res.setHeader('Idempotent-Replayed', 'true');
      if (existing.response === null) res.status(existing.statusCode).end();
      else res.status(existing.statusCode).json(existing.response);
    } catch (err) {
      next(err);
    }
  };
}

/** Runs the handler with res.json wrapped: the answer is stored before it is sent, so a repeat right after sees it. */
function record(db: Db, res: Response, scope: string, key: string, log: typeof logger, next: (err?: unknown) => void): void {
  const json = res.json.bind(res);
  const where = { scope_key: { scope, key } };
  let settled = false;
  const settle = async (body: unknown) => {
    settled = true;
    if (res.statusCode >= 500) await db.idempotencyRecord.delete({ where });
    else
      await directSql(
        db,
        Prisma.sql`UPDATE idempotency_records SET status_code = ${res.statusCode}, response = ${body == null ? null : JSON.stringify(body)}::jsonb, completed_at = ${new Date()}
          WHERE scope = ${scope} AND key = ${key}`,
      );
  };
  res.json = (body: unknown) => {
    settle(body)
      .catch((err) => log.error({ err, scope }, 'could not store the idempotent answer'))
      .finally(() => json(body));
    return res;
  };
  // Answers that are not JSON (none today) are stored without a body once sent.
  res.on('finish', () => {
    if (!settled) settle(undefined).catch((err) => log.error({ err, scope }, 'could not store the idempotent answer'));
  });
  next();
}
