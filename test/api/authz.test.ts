import { apiKey, findKey, parseApiKeys, presentedKey } from '../../src/api/auth/keys';
import { TokenBuckets } from '../../src/api/auth/rateLimiter';
import { channelProblem, pathMethods, requiredRole, roleProblem, ROUTE_ACCESS } from '../../src/api/auth/roles';
import { servedRoutes } from '../support/servedRoutes';

/** `GET /api/v1/orders/:` for `GET /api/v1/orders/:orderId`: parameter names do not matter. */
const shape = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path.replace(/:[A-Za-z0-9_]+/g, ':')}`;

const K = (c: string) => c.repeat(24);
const ops = apiKey(K('o'), 'ops');
const carrier = apiKey(K('c'), 'carrier');
const ebay = apiKey(K('e'), 'channel', 'ebay');
const admin = apiKey(K('a'), 'admin');

/** Who passes the role check for `method path`. */
function allowed(method: string, path: string): string[] {
  const access = requiredRole(method, path);
  if (access.kind !== 'roles') return [access.kind];
  return [admin, ops, carrier, ebay].filter((k) => !roleProblem(access, k)).map((k) => k.role);
}

describe('role table', () => {
  test.each([
    ['GET', '/healthz', ['public']],
    ['GET', '/metrics', ['public']],
    ['GET', '/dashboard', ['public']],
    ['GET', '/dashboard/dashboard.js', ['public']],
    ['GET', '/api/v1/openapi.json', ['public']],
    ['GET', '/api/v1/docs', ['public']],
    ['POST', '/api/v1/channels/ebay/orders', ['public']],
    ['POST', '/api/v1/orders', ['admin', 'ops', 'channel']],
    ['GET', '/api/v1/orders', ['admin', 'ops', 'channel']],
    ['GET', '/api/v1/orders/ord_1', ['admin', 'ops', 'channel']],
    ['HEAD', '/api/v1/orders/ord_1', ['admin', 'ops', 'channel']],
    ['POST', '/api/v1/orders/ord_1/cancel', ['admin', 'ops']],
    ['POST', '/api/v1/orders/ord_1/holds/payment/release', ['admin', 'ops']],
    ['PUT', '/api/v1/orders/ord_1/shipping-address', ['admin', 'ops']],
    ['POST', '/api/v1/carrier/events', ['admin', 'carrier']],
    ['POST', '/api/v1/inventory/adjustments', ['admin', 'ops']],
    ['PUT', '/api/v1/channels/ebay/buffer', ['admin', 'ops']],
    ['GET', '/api/v1/rules', ['admin', 'ops']],
    ['POST', '/api/v1/rules/preview', ['admin', 'ops']],
    // Rules decide fraud review and holds: only admin keys change them.
    ['PUT', '/api/v1/rules', ['admin']],
    ['POST', '/api/v1/rules/versions/3/restore', ['admin']],
    ['GET', '/api/v1/reports/summary', ['admin', 'ops']],
    ['GET', '/api/v1/fulfillment/queue', ['admin', 'ops']],
    ['GET', '/api/v1/holds', ['admin', 'ops']],
    // Deny by default: a path or method without its own entry is refused, even under a known prefix.
    ['GET', '/api/v1/nothing-here', ['unlisted']],
    ['GET', '/favicon.ico', ['unlisted']],
    ['POST', '/api/v1/orders/ord_1/something-new', ['unlisted']],
    ['DELETE', '/api/v1/rules', ['unlisted']],
    ['GET', '/api/v1/holds/x/y', ['unlisted']],
  ])('%s %s: %j', (method, path, roles) => {
    expect(allowed(method, path).sort()).toEqual([...roles].sort());
  });

  test('matches like Express does: any case, one trailing slash', () => {
    expect(allowed('post', '/API/V1/Carrier/Events/')).toEqual(['admin', 'carrier']);
    expect(requiredRole('GET', '/HEALTHZ/').kind).toBe('public');
  });

  test("a path's methods (Allow for 405 and OPTIONS): a concrete path wins over a template; unknown paths have none", () => {
    expect(pathMethods('/api/v1/rules')).toEqual({ methods: ['GET', 'HEAD', 'PUT'], public: false });
    expect(pathMethods('/api/v1/inventory/adjustments')).toEqual({ methods: ['POST'], public: false });
    expect(pathMethods('/api/v1/inventory/SKU-1')).toEqual({ methods: ['GET', 'HEAD'], public: false });
    expect(pathMethods('/HEALTHZ/')).toEqual({ methods: ['GET', 'HEAD'], public: true });
    expect(pathMethods('/api/v1/channels/ebay/orders')).toEqual({ methods: ['POST'], public: true });
    expect(pathMethods('/api/v1/holds/x')).toBeUndefined();
  });

  test('public routes are public for their method only', () => {
    expect(requiredRole('POST', '/healthz').kind).toBe('unlisted');
    expect(requiredRole('GET', '/api/v1/channels/ebay/orders').kind).toBe('unlisted');
    expect(requiredRole('POST', '/api/v1/channels/ebay/orders/x').kind).toBe('unlisted');
  });

  test('every route Express serves has its own entry, and every entry is a route Express serves', () => {
    const served = servedRoutes().map(shape).sort();
    const listed = ROUTE_ACCESS.map((r) => shape(r)).sort();
    expect({ withoutEntry: served.filter((r) => !listed.includes(r)), withoutRoute: listed.filter((r) => !served.includes(r)) }).toEqual({ withoutEntry: [], withoutRoute: [] });
    expect(served.length).toBeGreaterThan(35);
    // Each served route resolves to its own entry (no entry shadows another).
    for (const r of ROUTE_ACCESS)
      expect([r.method, r.path, requiredRole(r.method, r.path.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'file.js'))]).toEqual([r.method, r.path, r.access]);
  });

  test('a 403 names the role it needs', () => {
    expect(roleProblem(requiredRole('POST', '/api/v1/orders/o/holds/x/release'), carrier)).toMatch(/carrier key may not.*ops or admin/);
    expect(roleProblem(requiredRole('PUT', '/api/v1/rules'), ops)).toMatch(/ops key may not.*needs admin\)/);
  });

  test('channel keys act on their own channel only', () => {
    expect(channelProblem(ebay, 'body', 'ebay')).toBeUndefined();
    expect(channelProblem(ebay, 'body', 'amazon')).toMatch(/ebay may not act on channel amazon/);
    expect(channelProblem(ebay, 'query', undefined)).toMatch(/\?channel=ebay/);
    expect(channelProblem(ops, 'body', 'amazon')).toBeUndefined();
  });
});

describe('API_KEYS', () => {
  test('parses roles and channels; ids name the role, never the key', () => {
    const keys = parseApiKeys(` ${K('a')}:admin, ${K('b')}:channel:ebay ,${K('c')}:carrier`);
    expect(keys.map((k) => [k.role, k.channel])).toEqual([
      ['admin', undefined],
      ['channel', 'ebay'],
      ['carrier', undefined],
    ]);
    expect(keys[1].id).toMatch(/^channel:ebay:[0-9a-f]{12}$/);
    expect(JSON.stringify(keys.map((k) => k.id))).not.toContain(K('b'));
  });

  test('names each key: <key>:<role>:<name>, <key>:channel:<channel>:<name>; an unnamed key is known by its id', () => {
    const keys = parseApiKeys(`${K('a')}:admin:alice,${K('b')}:channel:ebay:ebay-sync,${K('c')}:ops:night.shift@example.com,${K('d')}:carrier`);
    expect(keys.map((k) => [k.role, k.channel, k.name])).toEqual([
      ['admin', undefined, 'alice'],
      ['channel', 'ebay', 'ebay-sync'],
      ['ops', undefined, 'night.shift@example.com'],
      ['carrier', undefined, keys[3].id],
    ]);
    // A name does not change the id, so idempotency records and logs keep their scope.
    expect(keys[0].id).toBe(apiKey(K('a'), 'admin').id);
    // Two keys may share a name: the old and the new key of one person during a rotation.
    expect(parseApiKeys(`${K('a')}:ops:alice,${K('b')}:ops:alice`).map((k) => k.name)).toEqual(['alice', 'alice']);
  });

  test.each([
    ['short:admin', /at least 24/],
    [`${K('a')}:ops:rules`, /reserved/],
    [`${K('a')}:ops:System`, /reserved/],
    [`${K('a')}:ops:two words`, /name may use/],
    [`${K('a')}:channel:ebay:x:y`, /too many/],
    [`${K('a')}:ops:alice:bob`, /too many/],
    [`${K('a')}:root`, /role must be/],
    [`${K('a')}:channel`, /needs a channel code/],
    [`${K('a')}:ops,${K('a')}:admin`, /listed twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseApiKeys(text)).toThrow(message);
    expect(() => parseApiKeys(text)).not.toThrow(K('a'));
  });

  test('finds keys by either header', () => {
    const keys = [ops, carrier];
    expect(findKey(keys, K('c'))).toBe(carrier);
    expect(findKey(keys, K('x'))).toBeUndefined();
    expect(presentedKey({ authorization: `Bearer ${K('o')}` })).toBe(K('o'));
    expect(presentedKey({ 'x-api-key': K('o') })).toBe(K('o'));
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
  });
});

describe('rate limiter', () => {
  test('allows a burst, then the sustained rate, and says when to retry', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('b').allowed).toBe(true); // callers are limited separately
    now += 1000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  test('Retry-After covers the wait for one token, and idle callers are forgotten', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 2, burst: 1 }, () => now);
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 120_000;
    buckets.take('b');
    expect(buckets.size).toBe(1);
  });
});
