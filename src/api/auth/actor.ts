import { Router, type RequestHandler } from 'express';
import { badRequest } from '../httpError';
import { callerKey } from './middleware';

/**
 * Body fields through which clients used to say who acted. The actor is now always the API key
 * that sent the request: a body that still names one is a 400 naming the field, rather than an
 * identity silently replaced, so a client that believed it set "placedBy" learns it did not.
 */
export const IDENTITY_FIELDS = ['placedBy', 'releasedBy', 'changedBy', 'requestedBy'] as const;

/** Who is acting: the calling key's name. Only an app built without auth (tests) has none. */
export function actorOf(res: { locals: Record<string, unknown> }): string {
  return callerKey(res)?.name ?? 'unauthenticated';
}

/** After express.json, for every JSON body: no identity in it (see IDENTITY_FIELDS). */
export const refuseIdentityFields: RequestHandler = (req, _res, next) => {
  const body = req.body as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return next();
  const named = IDENTITY_FIELDS.filter((f) => Object.prototype.hasOwnProperty.call(body, f));
  if (named.length === 0) return next();
  const fields = named.map((f) => ({
    field: `body.${f}`,
    message: 'not accepted: the actor is the name of the API key that sent the request (GET /api/v1/me); put remarks in "note"',
  }));
  next(badRequest(`invalid request: ${fields.map((f) => f.field).join(', ')}`, fields));
};

/** GET /api/v1/me: the calling key's identity, as the hub records it (the dashboard shows it). */
export function meRouter(): Router {
  const router = Router();
  router.get('/api/v1/me', (_req, res) => {
    const key = callerKey(res);
    res.json({ name: actorOf(res), role: key?.role ?? null, channel: key?.channel ?? null, keyId: key?.id ?? null });
  });
  return router;
}
