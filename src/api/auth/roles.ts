import type { ApiKey, Role } from './keys';

/**
 * Where a channel key's own channel must show up for the request to be its own:
 * the new order's body.channel, the ?channel= filter of a list, or the stored order.
 */
export type ChannelScope = 'body' | 'query' | 'order';

export type RouteAccess =
  | { kind: 'public' }
  /** Admin keys pass every `roles` rule; channel keys pass only with their own channel in scope. */
  | { kind: 'roles'; roles: Role[]; channelScope?: ChannelScope }
  /** No area of the API: any valid key, then the router answers 404 (anonymous callers get 401, so they learn nothing). */
  | { kind: 'unknown' };

type Rule = { methods: string[] | '*'; path: RegExp; access: RouteAccess };

const PUBLIC: RouteAccess = { kind: 'public' };
const OPS: RouteAccess = { kind: 'roles', roles: ['ops'] };
const GET = ['GET'];
const SEG = '[^/]+';
// Like Express's default routing: case-insensitive, one optional trailing slash.
const path = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');

/**
 * The role table, first match wins. Operational areas are whole prefixes, so a route added to
 * one is ops-only until listed otherwise; anything not listed needs a key of any role.
 */
const RULES: Rule[] = [
  // Probes and scrapers: /metrics can require METRICS_KEY or move to API_METRICS_PORT (it names no customer data).
  { methods: GET, path: path('/healthz'), access: PUBLIC },
  { methods: GET, path: path('/metrics'), access: PUBLIC },
  // The page is public; it asks the operator for a key and sends it with every data request.
  { methods: GET, path: path('/dashboard(/.*)?'), access: PUBLIC },
  { methods: GET, path: path('/api/v1/dashboard/config'), access: PUBLIC },
  { methods: GET, path: path('/api/v1/openapi\\.json'), access: PUBLIC },
  { methods: GET, path: path('/api/v1/docs'), access: PUBLIC },
  // A channel's native webhook proves itself with an HMAC signature, not an API key.
  { methods: ['POST'], path: path(`/api/v1/channels/${SEG}/orders`), access: PUBLIC },

  { methods: ['POST'], path: path('/api/v1/orders'), access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'body' } },
  { methods: GET, path: path('/api/v1/orders'), access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'query' } },
  { methods: GET, path: path(`/api/v1/orders/${SEG}`), access: { kind: 'roles', roles: ['channel', 'ops'], channelScope: 'order' } },
  { methods: '*', path: path('/api/v1/orders(/.*)?'), access: OPS },
  { methods: ['POST'], path: path('/api/v1/carrier/events'), access: { kind: 'roles', roles: ['carrier'] } },
  { methods: '*', path: path('/api/v1/carrier(/.*)?'), access: { kind: 'roles', roles: ['carrier'] } },
  { methods: '*', path: path('/api/v1/(inventory|channels|rules|reports|fulfillment|holds|dashboard)(/.*)?'), access: OPS },
];

/** Who may call `method path` (the path without its query). Pure: the one place roles are decided. */
export function requiredRole(method: string, pathname: string): RouteAccess {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const rule = RULES.find((r) => (r.methods === '*' || r.methods.includes(m)) && r.path.test(pathname));
  return rule?.access ?? { kind: 'unknown' };
}

/**
 * Whether `key` passes `access` before the channel scope is looked at: undefined when it does,
 * else the reason for a 403.
 */
export function roleProblem(access: RouteAccess, key: ApiKey): string | undefined {
  if (access.kind !== 'roles' || key.role === 'admin' || access.roles.includes(key.role)) return undefined;
  return `a ${key.role} key may not call this route (needs ${[...access.roles, 'admin'].join(' or ')})`;
}

/** A channel key acting on `target` (a channel code, or undefined when none was named): undefined when it is its own. */
export function channelProblem(key: ApiKey, scope: ChannelScope | undefined, target: string | undefined): string | undefined {
  if (key.role !== 'channel' || !scope) return undefined;
  if (target === key.channel) return undefined;
  if (scope === 'query' && target === undefined) return `a channel key must list its own orders only: add ?channel=${key.channel}`;
  return `a channel key for ${key.channel} may not act on ${target === undefined ? 'an order of no channel' : `channel ${target}`}`;
}
