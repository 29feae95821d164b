import type { RequestHandler } from 'express';
import { HttpError } from '../httpError';
import type { RouteKey } from '../openapi/routes';

/**
 * After every router: a request no route answered, on a path that some route has, used a method
 * that path does not have. That is a 405 with `Allow` (RFC 9110), not a 404: the resource
 * exists. Unknown paths still fall through to the 404. Matching follows Express's defaults
 * (case-insensitive, one optional trailing slash, a `:param` is one path segment).
 */
export function methodNotAllowed(routes: RouteKey[]): RequestHandler {
  const byPath = new Map<string, Set<string>>();
  for (const r of routes) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method.toUpperCase()));
  const table = [...byPath].map(([path, methods]) => {
    // Express answers HEAD with the GET route; OPTIONS it answers itself with this same list.
    if (methods.has('GET')) methods.add('HEAD');
    const pattern = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    return { regex: new RegExp(`^${pattern}/?$`, 'i'), methods };
  });
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    // Two routes can match one path (GET /inventory/:sku and POST /inventory/adjustments).
    const allowed = new Set(table.filter((t) => t.regex.test(req.path)).flatMap((t) => [...t.methods]));
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`));
  };
}
