import type { Express } from 'express';

export interface RouteKey {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/**
 * Every route the app answers, with the prefix of the routers mounted by app.use(prefix, router)
 * (Express 5 keeps the mount path as the layer's rawPath). Middleware and static files are not
 * routes. A path that is not a plain string is reported as an error: the document could not name it.
 */
export function listRoutes(app: Express): RouteKey[] {
  const routes: RouteKey[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`route path ${String(layer.route.path)} under ${prefix || '/'} is not a string`);
        const path = joinPath(prefix, layer.route.path);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push({ method, path });
      } else if (layer.handle?.stack) {
        const mount = layer.rawPath === undefined || layer.rawPath === '/' ? '' : layer.rawPath;
        if (typeof mount !== 'string') throw new Error(`router mounted at ${String(mount)} is not at a string path`);
        walk(layer.handle.stack, `${prefix}${mount.replace(/\/+$/, '')}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

/** A router's own '/' is its mount path itself: /api/v1/orders, not /api/v1/orders/. */
function joinPath(prefix: string, path: string): string {
  if (path === '/') return prefix === '' ? '/' : prefix;
  return `${prefix}${path}`;
}
