import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../httpError';
import { pathMethods } from '../auth/roles';

/**
 * A method a known path does not have: OPTIONS gets 204 with `Allow`, any other method 405 with
 * `Allow` (RFC 9110) instead of a 404 or the deny-by-default 403, since the resource exists. The
 * methods come from the role table (src/api/auth/roles.ts pathMethods), which lists exactly the
 * served routes, so this refuses only what no route would answer. Returns whether it answered;
 * an unknown path, or a method the path has, is left to the caller.
 */
export function answerMethodNotAllowed(req: Request, res: Response, next: NextFunction): boolean {
  const known = pathMethods(req.path);
  if (!known || known.methods.includes(req.method)) return false;
  const allow = known.methods.join(', ');
  res.setHeader('Allow', allow);
  if (req.method === 'OPTIONS') res.status(204).end();
  else next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`));
  return true;
}

/**
 * The same before the routers of an app without API keys (tests). With keys, authenticate()
 * answers these requests itself, after the key check, so none reaches this.
 */
export function methodNotAllowed(): RequestHandler {
  return (req, res, next) => {
    if (!answerMethodNotAllowed(req, res, next)) next();
  };
}
