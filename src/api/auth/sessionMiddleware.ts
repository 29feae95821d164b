import type { RequestHandler } from 'express';
import type { ApiKey } from './keys';
import { presentedKey } from './keys';
import { sessionTokenOf } from './cookies';
import { csrfMatches, type SessionStore } from './sessions';

/** A request signed in by the console's cookie rather than a key header. */
export interface CookieSession {
  token: string;
  key: ApiKey;
  expiresAt: Date;
}

export const cookieSessionOf = (res: { locals: Record<string, unknown> }) => res.locals.cookieSession as CookieSession | undefined;

/**
 * Before authenticate(): a request without a key header but with a live session cookie acts as
 * the session's key. A key header always wins, so API clients work exactly as before (and a
 * stale cookie never turns their request into a 401).
 */
export function resolveSession(store: SessionStore): RequestHandler {
  return async (req, res, next) => {
    const token = sessionTokenOf(req);
    if (!token || presentedKey(req.headers) !== undefined) return next();
    try {
      const found = await store.keyOf(token);
      if (found) res.locals.cookieSession = { token, ...found } satisfies CookieSession;
      next();
    } catch (err) {
      next(err);
    }
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a cookie-authenticated request may not change anything, if it may not: it must carry the
 * session's CSRF token (X-CSRF-Token, from GET /api/v1/session), which another site's page cannot
 * read. Requests with a key header need none: a browser never adds one on its own.
 */
export function csrfProblem(method: string, session: CookieSession, header: string | string[] | undefined): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const presented = typeof header === 'string' ? header : undefined;
  if (csrfMatches(session.token, presented)) return undefined;
  return presented
    ? 'the X-CSRF-Token header does not match this session (sign in again)'
    : 'a signed-in console request that changes something needs the X-CSRF-Token header (GET /api/v1/session gives it)';
}
