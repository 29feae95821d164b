import type { RequestHandler } from 'express';
import { HttpError } from '../httpError';
import type { RouteKey } from '../openapi/routes';

interface PathMethods {
  regex: RegExp;
  /** How many segments are parameters: a path with fewer wins (OpenAPI matches concrete paths first). */
  params: number;
  methods: Set<string>;
}

/**
 * Methods per path, answered before any router: OPTIONS gets 204 with `Allow`, and a method
 * the path does not have gets 405 with `Allow` (RFC 9110) instead of a 404, since the resource
 * exists. As in OpenAPI, a concrete path wins over a template that also matches it: POST
 * /inventory/adjustments is that path's only method, though GET /inventory/:sku would match
 * "adjustments". Matching follows Express's defaults (case-insensitive, one optional trailing
 * slash, a `:param` is one segment). Unknown paths fall through to the 404.
 *
 * Mounted before the routers, so the app calls `load` once they are all in place.
 */
export function methodNotAllowed(): RequestHandler & { load(routes: RouteKey[]): void } {
  let table: PathMethods[] = [];
  const handler = ((req, res, next) => {
    const matching = table.filter((t) => t.regex.test(req.path));
    if (matching.length === 0) return next();
    const fewest = Math.min(...matching.map((t) => t.params));
    const allowed = new Set(matching.filter((t) => t.params === fewest).flatMap((t) => [...t.methods]));
    const allow = [...allowed].sort().join(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      return void res.status(204).end();
    }
    if (allowed.has(req.method)) return next();
    res.setHeader('Allow', allow);
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`));
  }) as RequestHandler & { load(routes: RouteKey[]): void };
  handler.load = (routes) => {
    const byPath = new Map<string, Set<string>>();
    for (const r of routes) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method.toUpperCase()));
    table = [...byPath].map(([path, methods]) => {
      // Express answers HEAD with the GET route.
      if (methods.has('GET')) methods.add('HEAD');
      const segments = path.split('/');
      const pattern = segments.map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
      return { regex: new RegExp(`^${pattern}/?$`, 'i'), params: segments.filter((s) => s.startsWith(':')).length, methods };
    });
  };
  return handler;
}
