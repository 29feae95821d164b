import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { listRoutes } from '../../src/api/openapi/routes';
import type { Db } from '../../src/db/prisma';
import type { Client } from '@temporalio/client';

interface Layer {
  name?: string;
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

/** Static-file middleware (express.static) answers GET for every path below its mount: `GET <mount>/*`. */
function staticMounts(app: Express): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath.replace(/\/+$/, '') : '';
      if (layer.handle?.stack) walk(layer.handle.stack, `${prefix}${mount}`);
      else if (layer.name === 'serveStatic') found.push({ method: 'GET', path: `${prefix}${mount}/*` });
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

/**
 * Every method and path the API app answers (routes and static files), read from Express's own
 * router stack. The app is built on inert dependencies: only its route table is read.
 */
export function servedRoutes(): { method: string; path: string }[] {
  const app = createApp({
    db: {} as Db,
    temporal: {} as Client,
    taskQueue: 'routes-only',
    orderOptions: { paymentTimeoutMs: 60_000 },
    stockEvents: { reserved: async () => {}, changed: async () => {} },
    auth: { keys: [], rateLimit: { perMinute: 1, burst: 1 } },
  });
  return [...listRoutes(app).map((r) => ({ method: r.method.toUpperCase(), path: r.path })), ...staticMounts(app)];
}
