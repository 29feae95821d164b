import type { ApiKey, Role } from './keys';

/**
 * Where a channel key's own channel must show up for the request to be its own:
 * the new order's body.channel, the ?channel= filter of a list, the stored order, or the path's /channels/:channel.
 */
export type ChannelScope = 'body' | 'query' | 'order' | 'path';

export type RouteAccess =
  | { kind: 'public' }
  /** Admin keys pass every `roles` rule (an empty list: admin only); channel keys pass only with their own channel in scope. */
  | { kind: 'roles'; roles: Role[]; channelScope?: ChannelScope }
  /** No entry for this method and path: refused for every key (deny by default); anonymous callers get 401, so they learn nothing. */
  | { kind: 'unlisted' };

export interface RouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Express syntax: `:param` is one path segment, a trailing `/*` everything below (static files). */
  path: string;
  access: RouteAccess;
}

const PUBLIC: RouteAccess = { kind: 'public' };
const OPS: RouteAccess = { kind: 'roles', roles: ['ops'] };
const ADMIN: RouteAccess = { kind: 'roles', roles: [] };
const ANY_KEY: RouteAccess = { kind: 'roles', roles: ['channel', 'carrier', 'ops'] };

/**
 * The role table: one entry per route the app serves, nothing by prefix, so a new route is
 * refused until someone decides who may call it (test/api/authz.test.ts compares this list with
 * Express's own router stack, both ways). The OpenAPI document reads its roles from here too.
 */
export const ROUTE_ACCESS: readonly RouteEntry[] = [
  // Probes and scrapers: /metrics can require METRICS_KEY or move to API_METRICS_PORT (it names no customer data).
  { method: 'GET', path: '/healthz', access: PUBLIC },
  { method: 'GET', path: '/metrics', access: PUBLIC },
  // The pages are public; their data comes from the API with the operator's session cookie.
  { method: 'GET', path: '/dashboard', access: PUBLIC },
  { method: 'GET', path: '/dashboard/*', access: PUBLIC },
  { method: 'GET', path: '/api/v1/dashboard/config', access: PUBLIC },
  { method: 'GET', path: '/api/v1/openapi.json', access: PUBLIC },
  { method: 'GET', path: '/api/v1/docs', access: PUBLIC },
  // A channel's native webhook proves itself with an HMAC signature, not an API key.
  { method: 'POST', path: '/api/v1/channels/:channel/orders', access: PUBLIC },
  // A Shopify channel's webhooks prove themselves with Shopify's HMAC (X-Shopify-Hmac-Sha256).
  { method: 'POST', path: '/api/v1/channels/:channel/webhooks', access: PUBLIC },

  // The console's sign-in (docs/dashboard.md): a one-time link needs no key; a session is for ops and admin keys.
  { method: 'POST', path: '/api/v1/session/link', access: PUBLIC },
  { method: 'POST', path: '/api/v1/session', access: OPS },
  { method: 'GET', path: '/api/v1/session', access: OPS },
  { method: 'DELETE', path: '/api/v1/session', access: OPS },

  // Who the key is (the dashboard shows it): any valid key.
  { method: 'GET', path: '/api/v1/me', access: ANY_KEY },

  { method: 'POST', path: '/api/v1/orders', access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'body' } },
  { method: 'GET', path: '/api/v1/orders', access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'query' } },
  { method: 'GET', path: '/api/v1/orders/:orderId', access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'order' } },
  { method: 'POST', path: '/api/v1/orders/:orderId/payment', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/cancel', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/holds', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/holds/:reason/release', access: OPS },
  { method: 'PUT', path: '/api/v1/orders/:orderId/shipping-address', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/rules/evaluate', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/integration/retry', access: OPS },
  { method: 'POST', path: '/api/v1/orders/:orderId/integration/skip', access: OPS },
  // Every call to a partner for the order (the console's order page).
  { method: 'GET', path: '/api/v1/orders/:orderId/partner-calls', access: OPS },

  // Returns (issue 18): operations open and follow them.
  { method: 'POST', path: '/api/v1/orders/:orderId/returns', access: OPS },
  { method: 'GET', path: '/api/v1/returns', access: OPS },
  { method: 'GET', path: '/api/v1/returns/:returnId', access: OPS },
  { method: 'POST', path: '/api/v1/returns/:returnId/receipt', access: OPS },
  { method: 'POST', path: '/api/v1/returns/:returnId/retry', access: OPS },
  { method: 'GET', path: '/api/v1/channels/:channel/return-policy', access: OPS },
  { method: 'PUT', path: '/api/v1/channels/:channel/return-policy', access: OPS },

  { method: 'POST', path: '/api/v1/carrier/events', access: { kind: 'roles', roles: ['carrier'] } },

  { method: 'GET', path: '/api/v1/channels/:channel/buffer', access: OPS },
  { method: 'PUT', path: '/api/v1/channels/:channel/buffer', access: OPS },
  { method: 'GET', path: '/api/v1/channels/:channel/backorder-policy', access: OPS },
  { method: 'PUT', path: '/api/v1/channels/:channel/backorder-policy', access: OPS },
  { method: 'GET', path: '/api/v1/channels/:channel/sync', access: OPS },
  { method: 'POST', path: '/api/v1/channels/:channel/sync', access: OPS },
  // A marketplace's order notification (ids only), forwarded with the channel's own key.
  { method: 'POST', path: '/api/v1/channels/:channel/notifications', access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'path' } },

  // The catalog: ops keys read it; only admin keys change it (a listing or product decides where orders' money and stock go).
  { method: 'GET', path: '/api/v1/products', access: OPS },
  { method: 'POST', path: '/api/v1/products', access: ADMIN },
  { method: 'POST', path: '/api/v1/products/import', access: ADMIN },
  { method: 'GET', path: '/api/v1/products/:sku', access: OPS },
  { method: 'PATCH', path: '/api/v1/products/:sku', access: ADMIN },
  { method: 'GET', path: '/api/v1/locations', access: OPS },
  { method: 'POST', path: '/api/v1/locations', access: ADMIN },
  { method: 'PATCH', path: '/api/v1/locations/:locationId', access: ADMIN },
  { method: 'GET', path: '/api/v1/channels', access: OPS },
  { method: 'POST', path: '/api/v1/channels', access: ADMIN },
  { method: 'GET', path: '/api/v1/channels/:channel', access: OPS },
  { method: 'PATCH', path: '/api/v1/channels/:channel', access: ADMIN },
  { method: 'GET', path: '/api/v1/channels/:channel/listings', access: OPS },
  { method: 'POST', path: '/api/v1/channels/:channel/listings', access: ADMIN },
  { method: 'PATCH', path: '/api/v1/channels/:channel/listings/:listingId', access: ADMIN },
  { method: 'DELETE', path: '/api/v1/channels/:channel/listings/:listingId', access: ADMIN },

  { method: 'GET', path: '/api/v1/inventory', access: OPS },
  { method: 'GET', path: '/api/v1/inventory/:sku', access: OPS },
  { method: 'GET', path: '/api/v1/inventory/:sku/ledger', access: OPS },
  { method: 'POST', path: '/api/v1/inventory/adjustments', access: OPS },

  { method: 'GET', path: '/api/v1/rules', access: OPS },
  { method: 'GET', path: '/api/v1/rules/versions', access: OPS },
  { method: 'GET', path: '/api/v1/rules/versions/:version', access: OPS },
  { method: 'POST', path: '/api/v1/rules/preview', access: OPS },
  // Rules decide fraud review and holds: an ops key could otherwise remove its own controls.
  { method: 'PUT', path: '/api/v1/rules', access: ADMIN },
  { method: 'POST', path: '/api/v1/rules/versions/:version/restore', access: ADMIN },

  { method: 'GET', path: '/api/v1/reports/summary', access: OPS },
  // The operations console (docs/dashboard.md): trends per day (JSON or CSV) and the orders waiting for stock.
  { method: 'GET', path: '/api/v1/reports/trends/orders', access: OPS },
  { method: 'GET', path: '/api/v1/reports/trends/time-to-ship', access: OPS },
  { method: 'GET', path: '/api/v1/reports/trends/on-time', access: OPS },
  { method: 'GET', path: '/api/v1/reports/trends/holds', access: OPS },
  { method: 'GET', path: '/api/v1/reports/trends/cancellations', access: OPS },
  { method: 'GET', path: '/api/v1/backorders', access: OPS },
  { method: 'GET', path: '/api/v1/fulfillment/queue', access: OPS },
  { method: 'GET', path: '/api/v1/holds', access: OPS },
];

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

// Like Express's default routing: case-insensitive, one optional trailing slash.
function compile(path: string): RegExp {
  const below = path.endsWith('/*');
  const base = escape(below ? path.slice(0, -2) : path).replace(/:[A-Za-z0-9_]+/g, '[^/]+');
  return new RegExp(`^${base}${below ? '/.+' : ''}/?$`, 'i');
}

const COMPILED = ROUTE_ACCESS.map((entry) => ({ entry, pattern: compile(entry.path), params: (entry.path.match(/:[A-Za-z0-9_]+|\*$/g) ?? []).length }));

/** Who may call `method path` (the path without its query). Pure: the one place roles are decided. */
export function requiredRole(method: string, pathname: string): RouteAccess {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const found = COMPILED.find(({ entry, pattern }) => entry.method === m && pattern.test(pathname));
  return found?.entry.access ?? { kind: 'unlisted' };
}

/** The methods a path has, for `Allow` (405 and OPTIONS); `public`: one of them needs no key. */
export interface PathMethods {
  methods: string[];
  public: boolean;
}

/**
 * The methods the table lists for `pathname` (HEAD with GET), or undefined for a path it does
 * not know. As in OpenAPI, a concrete path wins over a template that also matches it: POST
 * /api/v1/inventory/adjustments is that path's only method, though GET /api/v1/inventory/:sku
 * would match "adjustments". The table is the list of served routes (test/api/authz.test.ts),
 * so it also says which methods a path has.
 */
export function pathMethods(pathname: string): PathMethods | undefined {
  const matching = COMPILED.filter(({ pattern }) => pattern.test(pathname));
  if (matching.length === 0) return undefined;
  const fewest = Math.min(...matching.map((m) => m.params));
  const entries = matching.filter((m) => m.params === fewest).map((m) => m.entry);
  const methods = new Set(entries.map((e) => e.method as string));
  if (methods.has('GET')) methods.add('HEAD');
  return { methods: [...methods].sort(), public: entries.some((e) => e.access.kind === 'public') };
}

/**
 * Whether `key` passes `access` before the channel scope is looked at: undefined when it does,
 * else the reason for a 403.
 */
export function roleProblem(access: RouteAccess, key: ApiKey): string | undefined {
  if (access.kind === 'public') return undefined;
  if (access.kind === 'unlisted') return 'no route with an access rule matches this method and path (deny by default)';
  if (key.role === 'admin' || access.roles.includes(key.role)) return undefined;
  return `a ${key.role} key may not call this route (needs ${[...access.roles, 'admin'].join(' or ')})`;
}

/** A channel key acting on `target` (a channel code, or undefined when none was named): undefined when it is its own. */
export function channelProblem(key: ApiKey, scope: ChannelScope | undefined, target: string | undefined): string | undefined {
  if (key.role !== 'channel' || !scope) return undefined;
  if (target === key.channel) return undefined;
  if (scope === 'query' && target === undefined) return `a channel key must list its own orders only: add ?channel=${key.channel}`;
  return `a channel key for ${key.channel} may not act on ${target === undefined ? 'an order of no channel' : `channel ${target}`}`;
}
