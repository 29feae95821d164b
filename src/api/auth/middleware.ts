import type { Request, RequestHandler } from 'express';
import type { Db } from '../../db/prisma';
import { HttpError } from '../httpError';
import { findKey, presentedKey, type ApiKey } from './keys';
import { TokenBuckets, type RateLimit } from './rateLimiter';
import { channelProblem, pathMethods, requiredRole, roleProblem, type ChannelScope, type RouteAccess } from './roles';
import { answerMethodNotAllowed } from '../middleware/methodNotAllowed';
import { isMetricsScrape } from '../../observability/metricsKey';
import { isSignedWebhook } from '../middleware/security';
import { RateLimitedError } from '../rateLimited';
import { cookieSessionOf, csrfProblem } from './sessionMiddleware';

export interface AuthSettings {
  keys: ApiKey[];
  rateLimit: RateLimit;
  /** How long a console session lasts (DASHBOARD_SESSION_TTL); omitted: DEFAULT_SESSION_TTL_MS. */
  sessionTtlMs?: number;
}

export const DEFAULT_SESSION_TTL_MS = 8 * 3600_000;

/** The caller's key, once authenticate() has run; undefined on public routes called without one. */
export function callerKey(res: { locals: Record<string, unknown> }): ApiKey | undefined {
  return res.locals.apiKey as ApiKey | undefined;
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
const KEY_REQUIRED = 'an API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>"';

/**
 * Before the body is read: who is calling (a presented key must be valid, even on public
 * routes), the per-caller rate limit, the path's methods, then the role table. Cheap checks only, so a flood of
 * bad requests costs no body parsing and no database work.
 */
export function authenticate(settings: AuthSettings): RequestHandler {
  const buckets = new TokenBuckets(settings.rateLimit);
  return (req, res, next) => {
    // The signed channel webhook proves itself by its HMAC and is limited per channel once verified
    // (webhookService), never by this address's bucket: behind a shared address, a stranger guessing
    // keys would otherwise get a marketplace's orders answered 429.
    if (isSignedWebhook(req.method, req.path)) return next();
    const access = requiredRole(req.method, req.path);
    // A scrape presents the metrics key (METRICS_KEY), which is no API key: the metrics route checks it.
    const presented = isMetricsScrape(req.method, req.path) ? undefined : presentedKey(req.headers);
    // No key header: the console's session cookie, if resolveSession() found a live one.
    const session = presented === undefined ? cookieSessionOf(res) : undefined;
    const key = presented === undefined ? session?.key : findKey(settings.keys, presented);
    // Bad keys count against the IP, so guessing keys is throttled too.
    const limited = buckets.take(key ? `key:${key.id}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`);
    if (!limited.allowed) return next(new RateLimitedError(limited.retryAfterSeconds));
    if (presented !== undefined && !key) return deny(res, next, 'unknown API key');
    // A method the path does not have (no route answers it): 405 with Allow, or 204 for OPTIONS,
    // instead of deny by default's 403, which would say the path is unknown; a protected path
    // asks for a key first (401), so anonymous callers learn nothing about it.
    const known = pathMethods(req.path);
    if (known && !known.methods.includes(req.method)) {
      if (!key && !known.public) return deny(res, next, KEY_REQUIRED);
      if (key) res.locals.apiKey = key;
      answerMethodNotAllowed(req, res, next);
      return;
    }
    if (access.kind === 'public') {
      if (key) res.locals.apiKey = key;
      return next();
    }
    if (!key) return deny(res, next, KEY_REQUIRED);
    res.locals.apiKey = key;
    res.locals.routeAccess = access;
    const csrf = session && csrfProblem(req.method, session, req.headers['x-csrf-token']);
    if (csrf) return next(new HttpError(403, 'csrf_token_missing', csrf, [{ field: 'header.X-CSRF-Token', message: csrf }]));
    // A route missing from the role table is refused here for every key, admin included.
    const problem = roleProblem(access, key);
    next(problem ? forbidden(problem) : undefined);
  };
}

function deny(res: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2], message: string) {
  res.setHeader('WWW-Authenticate', 'Bearer realm="orderhub"');
  next(unauthorized(message));
}

/** After the body is parsed: a channel key may act on its own channel only. */
export function channelScope(db: Db): RequestHandler {
  return async (req, res, next) => {
    const key = callerKey(res);
    const access = res.locals.routeAccess as RouteAccess | undefined;
    if (!key || key.role !== 'channel' || access?.kind !== 'roles' || !access.channelScope) return next();
    try {
      const target = await targetChannel(db, req, access.channelScope);
      if (target === 'missing') return next(); // the route answers 404
      const problem = channelProblem(key, access.channelScope, target);
      next(problem ? forbidden(problem) : undefined);
    } catch (err) {
      next(err);
    }
  };
}

async function targetChannel(db: Db, req: Request, scope: ChannelScope): Promise<string | undefined | 'missing'> {
  // /api/v1/channels/:channel/...
  if (scope === 'path') return safeDecode(req.path.split('/')[4] ?? '');
  if (scope === 'body') return stringOrUndefined((req.body as { channel?: unknown } | undefined)?.channel);
  if (scope === 'query') return stringOrUndefined(req.query.channel);
  const orderId = safeDecode(req.path.replace(/\/+$/, '').split('/').pop() ?? '');
  const order = await db.order.findUnique({ where: { id: orderId }, select: { channelId: true } });
  return order ? order.channelId : 'missing';
}

const stringOrUndefined = (v: unknown) => (typeof v === 'string' ? v : undefined);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
