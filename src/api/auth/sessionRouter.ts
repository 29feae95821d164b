import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../httpError';
import { validate } from '../middleware/validate';
import { actorOf } from './actor';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './cookies';
import { presentedKey, type ApiKey } from './keys';
import { callerKey } from './middleware';
import { cookieSessionOf } from './sessionMiddleware';
import { csrfTokenOf, type SessionStore } from './sessions';

/** A link token: 32 random bytes, base64url. */
export const signInLinkSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token of a sign-in link (the part after #link=)') });

const sessionBody = (key: ApiKey, expiresAt: Date | null, token: string | null) => ({
  name: key.name,
  role: key.role,
  expiresAt: expiresAt?.toISOString() ?? null,
  csrfToken: token ? csrfTokenOf(token) : null,
});

/**
 * The console's sign-in (docs/dashboard.md): a key sent once, or a one-time link, becomes an
 * httpOnly session cookie; GET answers who is signed in and the CSRF token; DELETE signs out.
 */
export function sessionRouter(store: SessionStore): Router {
  const router = Router();

  // The key comes as the Authorization (or X-Api-Key) header, checked by authenticate() like any call; never in a body.
  router.post('/api/v1/session', async (req, res) => {
    const key = callerKey(res);
    if (presentedKey(req.headers) === undefined || !key)
      throw new HttpError(401, 'unauthorized', 'sign in with your API key in the Authorization header', [{ field: 'header.Authorization', message: 'required' }]);
    const { token, expiresAt } = await store.open(key, 'key');
    setSessionCookie(req, res, token, expiresAt);
    res.status(201).json(sessionBody(key, expiresAt, token));
  });

  router.post('/api/v1/session/link', validate({ body: signInLinkSchema }), async (req, res) => {
    const key = await store.redeemLink((req.body as { token: string }).token);
    if (!key || (key.role !== 'admin' && key.role !== 'ops')) {
      throw new HttpError(401, 'invalid_sign_in_link', 'this sign-in link is unknown, was used already, or expired', [
        { field: 'body.token', message: 'unknown, used or expired' },
      ]);
    }
    const { token, expiresAt } = await store.open(key, 'link');
    setSessionCookie(req, res, token, expiresAt);
    res.status(201).json(sessionBody(key, expiresAt, token));
  });

  // An API key caller gets its identity with nulls: it has no session and needs no CSRF token.
  router.get('/api/v1/session', (_req, res) => {
    const session = cookieSessionOf(res);
    const key = callerKey(res);
    if (!key) throw new HttpError(401, 'unauthorized', 'not signed in');
    res.json({ ...sessionBody(key, session?.expiresAt ?? null, session?.token ?? null), name: actorOf(res) });
  });

  router.delete('/api/v1/session', async (req, res) => {
    const token = sessionTokenOf(req);
    if (token) await store.end(token);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}
