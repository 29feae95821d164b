import { randomBytes } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { createSku, orderPayload } from '../support/fixtures';
import { wideAtDepth } from '../support/hostileBodies';
import { startTestHub, type TestHub } from '../support/testHub';
import { sample, signed } from '../channels/webhookSupport';

/*
 * Property-based fuzz of the order endpoints, the public routes and the signed channel webhook
 * against the real hub (in-process), database and Temporal: malformed and hostile bodies must be
 * answered 4xx JSON (never 5xx, never a crash) within a latency bound (a stall breaks it), must
 * not pollute prototypes, and must not create orders.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const BATCH = 8; // requests in flight at once
// batches: (90 + 40 + 15 + 20) × 8 = 1,320 payloads
const RUNS = {
  orders: Number(process.env.FUZZ_ORDER_RUNS ?? 90),
  others: Number(process.env.FUZZ_OTHER_RUNS ?? 40),
  public: Number(process.env.FUZZ_PUBLIC_RUNS ?? 15),
  webhook: Number(process.env.FUZZ_WEBHOOK_RUNS ?? 20),
};
/**
 * Per request, 8 in flight: every refusal and every public route within 2 s, generous for a
 * loaded 2-core box and far below a stall (a body that cost ~300 ms of CPU once kept 8 concurrent
 * requests waiting for seconds, and /healthz's probes timed out). An accepted order waits for
 * Temporal (update-with-start; ~2.5 s for the first ones on a cold worker here), so it gets 10 s.
 */
const LATENCY_BOUND_MS = Number(process.env.FUZZ_LATENCY_BOUND_MS ?? 2000);
const ACCEPTED_LATENCY_BOUND_MS = Number(process.env.FUZZ_ACCEPTED_LATENCY_BOUND_MS ?? 10_000);
const PUBLIC_PATHS = ['/healthz', '/metrics', '/api/v1/openapi.json', '/api/v1/docs', '/dashboard'];
const PREFIX = `FUZZ-${randomBytes(4).toString('hex')}-`;
const NIL_ORDER = '00000000-0000-4000-8000-000000000000';

let t: TestHub;
let sku: string;
let orderId: string;
let originalRules: unknown[];
let seq = 0;

/** A payload on the wire: raw body bytes/text and its content type (undefined: no header). */
interface Shot {
  kind: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  path: string;
  body?: string | Buffer;
  contentType?: string;
  idempotencyKey?: string;
  /** Sent without an API key. */
  anonymous?: boolean;
  /** Signed as this channel's webhook (no API key): the exact bytes sent. */
  signedBy?: string;
}

interface Outcome {
  shot: Shot;
  status: number;
  json: unknown;
  problem?: string;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const statuses = new Map<number, number>();
const kinds = new Map<string, number>();
const acceptedOrders = new Set<string>();
const accepted: { kind: string; path: string; status: number }[] = [];
let sent = 0;
/** The slowest answer so far: refusals (and public routes), and accepted requests. */
const slowest = { refused: { ms: 0, what: '' }, accepted: { ms: 0, what: '' } };
const describeSlowest = () => `refused ${slowest.refused.ms} ms (${slowest.refused.what}); accepted ${slowest.accepted.ms} ms (${slowest.accepted.what})`;

beforeAll(async () => {
  t = await startTestHub();
  sku = await createSku(t.hub.db, { 'WH-EAST': 1_000_000 });
  const created = await t.api.post('/api/v1/orders').send(orderPayload({ sku, externalId: `${PREFIX}seed` }));
  expect(created.status).toBe(202);
  acceptedOrders.add(`${PREFIX}seed`);
  orderId = created.body.orderId ?? created.body.id;
  expect(typeof orderId).toBe('string');
  originalRules = (await t.api.get('/api/v1/rules')).body.rules;
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} to reproduce), externalId prefix ${PREFIX}`);
});

afterAll(async () => {
  // A rules mutation that happened to be valid is undone (same rules as before the run).
  if (accepted.some((a) => a.path === '/api/v1/rules')) await t.api.put('/api/v1/rules').send({ rules: originalRules, comment: 'fuzz-restore' });
  await t?.stop();
});

// ---------------------------------------------------------------------------------------------
// Values

const HUGE = 100_000;
const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFF',
    'x\uD83D',
    '😀'.repeat(50),
    '\u202Eevil\u202C',
    'مرحبا بالعالم',
    '\uFEFF',
    '\r\n',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    '../../etc/passwd',
    '%00',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    'null',
    'true',
    '[]',
    '{}',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('a', '😀', '\u0000', 'ي', '9').map((c) => c.repeat(HUGE / c.length)),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1.5, -1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 10_001, 1e-300, 19.99),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
);
const quantity = fc.oneof(hostileNumber, fc.constantFrom('1', '1.0', 'one', null, [1], { value: 1 }), fc.integer({ min: 1, max: 5 }));
const price = fc.oneof(
  fc.constantFrom(
    '-1.00',
    '0',
    '0.00',
    '1e5',
    '999999999999',
    '999999999999.999',
    '1000000000000',
    ' 1.00',
    '1.00 ',
    '1,00',
    '+1.00',
    '.5',
    '5.',
    '0x10',
    '١٢٣',
    '19.99',
    19.99,
    -5,
    0,
    1e308,
    null,
  ),
  hostileNumber,
);

/** The leaf paths of a JSON value, e.g. ['lines', 0, 'quantity']. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value, remove);
  return copy;
}

/** JSON text with `raw` (already JSON text) spliced in at `path`. */
function spliceRaw(base: unknown, path: (string | number)[], raw: string): string {
  const marker = `__FUZZ_RAW_${seq++}__`;
  return JSON.stringify(setAt(base, path, marker)).replace(JSON.stringify(marker), raw);
}

const deepText = fc.record({ depth: fc.constantFrom(100, 1_000, 10_000, 10_000, 50_000), shape: fc.constantFrom('array', 'object', 'mixed') }).map(({ depth, shape }) => {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (shape === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return '[{"a":'.repeat(depth / 2) + 'null' + '}]'.repeat(depth / 2);
});

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
/** A JSON object text like {"__proto__":{"polluted":"yes"}} (JSON.parse makes these own keys). */
const protoText = fc.oneof(
  fc.constant('{"polluted":"yes","isAdmin":true}'),
  fc.constant('{"prototype":{"polluted":"yes"}}'),
  fc.constant('{"__proto__":{"polluted":"yes"}}'),
  fc.constant('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  fc.constant('{"toString":"boom","valueOf":"boom","hasOwnProperty":"boom"}'),
);

// ---------------------------------------------------------------------------------------------
// Bodies, built on a valid payload per endpoint

type BodyGen = fc.Arbitrary<Omit<Shot, 'method' | 'path'>>;

/** 250 KB nested 1-120 levels around a wide array: ~300 ms of CPU each when the body check copied paths. */
const wideNested: BodyGen = fc.constantFrom(1, 64, 120).map((depth) => ({ kind: 'wide-nested', body: wideAtDepth(depth, 250 * 1024), contentType: 'application/json' }));

function bodies(base: () => unknown): BodyGen {
  const json = (kind: string) => (v: unknown) => ({ kind, body: JSON.stringify(v), contentType: 'application/json' });
  const baseAndPath = fc.integer({ min: 0, max: 1_000 }).map((n) => {
    const b = base();
    const all = paths(b).filter((p) => p.length > 0);
    return { b, path: all[n % all.length] };
  });
  return fc.oneof(
    // One field broken at a time: wrong type / hostile value, or removed.
    { weight: 6, arbitrary: fc.tuple(baseAndPath, hostileValue).map(([{ b, path }, v]) => json('mutate-field')(setAt(b, path, v))) },
    { weight: 2, arbitrary: baseAndPath.map(({ b, path }) => json('remove-field')(setAt(b, path, undefined, true))) },
    // Huge strings: under the 256kb limit, and a few over it.
    {
      weight: 2,
      arbitrary: fc.tuple(baseAndPath, fc.constantFrom('a', '€', '😀', '\u0000')).map(([{ b, path }, c]) => json('huge-string')(setAt(b, path, c.repeat(HUGE / c.length)))),
    },
    { weight: 1, arbitrary: fc.tuple(baseAndPath, fc.constantFrom(300_000, 1_000_000)).map(([{ b, path }, n]) => ({ ...json('over-limit')(setAt(b, path, 'x'.repeat(n))) })) },
    // Deep nesting as raw text, in a field or as the whole body.
    {
      weight: 2,
      arbitrary: fc.tuple(baseAndPath, deepText).map(([{ b, path }, raw]) => ({ kind: 'deep-nesting', body: spliceRaw(b, path, raw), contentType: 'application/json' })),
    },
    { weight: 1, arbitrary: deepText.map((raw) => ({ kind: 'deep-nesting', body: raw, contentType: 'application/json' })) },
    // Within the size and depth limits, but costly to look at if the body check is not linear.
    { weight: 1, arbitrary: wideNested },
    // Unicode: emoji, RTL, NUL, lone surrogates (as JSON escapes), and invalid UTF-8 bytes.
    {
      weight: 2,
      arbitrary: fc
        .tuple(baseAndPath, fc.constantFrom('😀👨‍👩‍👧', '\u202Egnp.exe', 'שלום', '\u0000', 'a\\u0000b', '\\ud800', '\\udfff\\ud800', 'e\u0301'))
        .map(([{ b, path }, s]) => ({ kind: 'unicode', body: spliceRaw(b, path, `"${s}"`), contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(baseAndPath, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([{ b, path }, bytes]) => {
        const [before, after] = spliceRaw(b, path, '"@@"').split('@@');
        return { kind: 'invalid-utf8', body: Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xc3, ...bytes]), Buffer.from(after)]), contentType: 'application/json' };
      }),
    },
    // Prototype-pollution keys at the top level and nested.
    {
      weight: 3,
      arbitrary: fc.tuple(baseAndPath, protoKey, protoText, fc.boolean()).map(([{ b, path }, key, raw, top]) => {
        const text = JSON.stringify(b);
        const at = top ? [] : path.slice(0, -1);
        const target = at.length === 0 ? b : at.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], b);
        if (target === null || typeof target !== 'object' || Array.isArray(target)) {
          return { kind: 'proto-keys', body: `{"${key}":${raw},${text.slice(1)}`, contentType: 'application/json' };
        }
        const inner = JSON.stringify(target);
        return { kind: 'proto-keys', body: spliceRaw(b, at, `{"${key}":${raw},${inner.slice(1)}`), contentType: 'application/json' };
      }),
    },
    // Text that is not JSON.
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '{',
            '{"channel": ',
            '{"a":1,}',
            "{'a':1}",
            '{"a":NaN}',
            '{"a":Infinity}',
            '{"a":undefined}',
            '{"a":1}{"b":2}',
            '\uFEFF{}',
            '/* */{}',
            '{"a":"\u0001"}',
            '{"a":01}',
            '[1,]',
            'nul',
            'tru',
            '"unterminated',
            '{"a":1e99999}',
          ),
          fc.string({ maxLength: 50 }),
          fc.integer({ min: 1, max: 400 }).map((n) => JSON.stringify(base()).slice(0, n)),
        )
        .map((body) => ({ kind: 'invalid-json', body, contentType: 'application/json' })),
    },
    // Wrong content types (with a valid JSON body).
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/json; charset=nope',
          'json',
          '*/*',
          '',
          undefined,
        )
        .map((contentType) => ({ kind: 'content-type', body: JSON.stringify(base()), contentType })),
    },
    // Empty bodies and JSON values that are not objects.
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<[string | undefined, string | undefined]>(
          [undefined, undefined],
          ['', 'application/json'],
          [' ', 'application/json'],
          ['null', 'application/json'],
          ['""', 'application/json'],
          ['0', 'application/json'],
          ['true', 'application/json'],
          ['{}', 'application/json'],
          ['[]', 'application/json'],
          ['{}', undefined],
        )
        .map(([body, contentType]) => ({ kind: 'empty-or-scalar', body, contentType })),
    },
    { weight: 1, arbitrary: fc.constantFrom('array', 'array-of-arrays').map((k) => json('array-body')(k === 'array' ? [base()] : [[base()], base()])) },
  );
}

function validOrder() {
  return orderPayload({ sku, externalId: `${PREFIX}${seq++}` });
}

/** POST /api/v1/orders also gets targeted quantity / price mutations of a valid order. */
const orderBodies: BodyGen = fc.oneof(
  { weight: 10, arbitrary: bodies(validOrder) },
  {
    weight: 2,
    arbitrary: fc.tuple(quantity, price).map(([q, p]) => {
      const o = validOrder();
      return { kind: 'quantity-price', body: JSON.stringify({ ...o, lines: [{ ...o.lines[0], quantity: q, unitPrice: p }] }), contentType: 'application/json' };
    }),
  },
  { weight: 1, arbitrary: price.map((p) => ({ kind: 'quantity-price', body: JSON.stringify({ ...validOrder(), shippingPrice: p }), contentType: 'application/json' })) },
);

const address = { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', postalCode: '22201', country: 'US' };
const pathId = fc.oneof(
  { weight: 6, arbitrary: fc.constant('REAL') },
  { weight: 3, arbitrary: fc.constant(NIL_ORDER) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'not-a-uuid',
      '%00',
      '..%2F..%2Fetc',
      encodeURIComponent('😀'),
      'a'.repeat(5_000),
      '%E0%A4%A',
      '00000000-0000-4000-8000-00000000000G',
      '__proto__',
      'constructor',
    ),
  },
);
const holdReason = fc.oneof(fc.constantFrom('manual', 'fraud_review', 'address', 'payment'), fc.constantFrom('__proto__', 'constructor', 'nope', '%00', encodeURIComponent('😀')));

const otherShots: fc.Arbitrary<Shot> = fc.oneof(
  fc
    .tuple(
      pathId,
      bodies(() => ({ amount: '25.00', currency: 'USD', reference: `fuzz-${seq++}`, status: 'succeeded' })),
    )
    .map(([id, b]) => ({ ...b, method: 'POST' as const, path: `/api/v1/orders/${id}/payment` })),
  fc
    .tuple(
      pathId,
      bodies(() => ({ reason: 'customer asked' })),
    )
    .map(([id, b]) => ({ ...b, method: 'POST' as const, path: `/api/v1/orders/${id}/cancel` })),
  fc
    .tuple(
      pathId,
      bodies(() => ({ reason: 'manual', note: 'fuzz' })),
    )
    .map(([id, b]) => ({ ...b, method: 'POST' as const, path: `/api/v1/orders/${id}/holds` })),
  fc
    .tuple(
      pathId,
      holdReason,
      bodies(() => ({ note: 'ok' })),
    )
    .map(([id, r, b]) => ({ ...b, method: 'POST' as const, path: `/api/v1/orders/${id}/holds/${r}/release` })),
  fc
    .tuple(
      pathId,
      bodies(() => ({ address })),
    )
    .map(([id, b]) => ({ ...b, method: 'PUT' as const, path: `/api/v1/orders/${id}/shipping-address` })),
  bodies(() => ({ rules: originalRules, comment: 'fuzz' })).map((b) => ({ ...b, method: 'PUT' as const, path: '/api/v1/rules' })),
  bodies(() => ({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt', note: 'fuzz' })).map((b) => ({ ...b, method: 'POST' as const, path: '/api/v1/inventory/adjustments' })),
);

/**
 * Public routes: bodies on GET and HEAD (never read), and on POST/PUT (no such route), with and
 * without a key. Half are the costly wide nested bodies, so a batch that had to parse them would
 * stall past the latency bound.
 */
const publicBodies: BodyGen = fc.oneof(
  bodies(() => ({ probe: 'fuzz', list: [1, 'two', { three: 3 }] })),
  wideNested,
);
const publicShots: fc.Arbitrary<Shot> = fc
  .tuple(fc.constantFrom(...PUBLIC_PATHS), fc.constantFrom<Shot['method']>('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT'), fc.boolean(), publicBodies)
  .map(([path, method, anonymous, b]) => ({ ...b, method, path, anonymous }));

/** A valid eBay delivery with an order number of this run, so an accepted one is counted. */
function nativeEbayOrder() {
  const p = sample('ebay-order');
  p.orderId = `${PREFIX}wh-${seq++}`;
  p.lineItems.forEach((l: { sku: string }) => (l.sku = sku));
  return p;
}

/** The signed webhook: hostile bodies correctly signed, so they get past the signature to the parser and the adapter. */
const webhookShots: fc.Arbitrary<Shot> = bodies(nativeEbayOrder).map((b) => ({ ...b, method: 'POST' as const, path: '/api/v1/channels/ebay/orders', signedBy: 'ebay' }));

// With an Idempotency-Key now and then: the middleware hashes the parsed body too.
const withKey = <T extends Omit<Shot, 'method' | 'path'>>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, fc.integer({ min: 0, max: 9 })).map(([s, n]) => (n === 0 ? { ...s, idempotencyKey: `fuzz-${PREFIX}${seq++}` } : s));

// ---------------------------------------------------------------------------------------------
// Sending and checking

/** One request with node:http, which (unlike fetch) sends a body with GET and HEAD as a hostile client may. */
function rawRequest(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body && { 'content-length': String(body.length) }) }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

async function send(shot: Shot): Promise<Outcome> {
  const body = shot.body === undefined ? undefined : Buffer.from(shot.body);
  const headers: Record<string, string> = {};
  if (shot.signedBy) {
    // The webhook's signature covers the exact bytes; its content type is whatever the shot says.
    // (An invalid UTF-8 body is signed as its decoded text, so it fails the signature: 401.)
    const signature = signed(t.webhookSecrets[shot.signedBy][0], (body ?? Buffer.alloc(0)).toString('utf8'));
    delete signature['Content-Type'];
    Object.assign(headers, signature);
  } else if (!shot.anonymous) {
    headers.authorization = `Bearer ${t.keys.admin}`;
  }
  if (shot.contentType !== undefined) headers['content-type'] = shot.contentType;
  if (shot.idempotencyKey) headers['idempotency-key'] = shot.idempotencyKey;
  const path = shot.path.replace('/REAL/', `/${orderId}/`);
  let res: Answer;
  const started = Date.now();
  try {
    res = await rawRequest(`${t.hub.apiUrl}${path}`, shot.method, headers, body);
  } catch (err) {
    return { shot, status: -1, json: undefined, problem: `request failed: ${(err as Error).message}` };
  }
  const ms = Date.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = undefined;
  }
  const accepted = res.status < 300 && !PUBLIC_PATHS.includes(shot.path);
  const bound = accepted ? ACCEPTED_LATENCY_BOUND_MS : LATENCY_BOUND_MS;
  const slowestOfKind = accepted ? slowest.accepted : slowest.refused;
  if (ms > slowestOfKind.ms) Object.assign(slowestOfKind, { ms, what: `${shot.kind} ${shot.method} ${path.slice(0, 80)} ${res.status}` });
  const late = ms > bound ? `answered ${res.status} in ${ms} ms, over the ${bound} ms bound` : undefined;
  return { shot: { ...shot, path }, status: res.status, json, problem: check(shot, res, json) ?? late };
}

function check(shot: Shot, res: Answer, json: unknown): string | undefined {
  if (res.status >= 500) return `${res.status} ${JSON.stringify(json)}`;
  if (res.status >= 400 && shot.method !== 'HEAD') {
    const body = json as { error?: unknown; message?: unknown } | undefined;
    if (!/application\/json/.test(res.contentType)) return `${res.status} not JSON (${res.contentType})`;
    if (typeof body?.error !== 'string' || typeof body.message !== 'string') return `${res.status} without error/message: ${JSON.stringify(json)}`;
  }
  return undefined;
}

/** For POST /api/v1/orders: the body as the API sees it, if it is JSON and an object the schema accepts. */
function schemaValidOrder(shot: Shot): { externalId: string } | undefined {
  if (shot.contentType !== 'application/json' || shot.body === undefined) return undefined;
  try {
    const parsed = createOrderSchema.safeParse(JSON.parse(Buffer.from(shot.body).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function record(o: Outcome) {
  sent++;
  statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
  kinds.set(o.shot.kind, (kinds.get(o.shot.kind) ?? 0) + 1);
  if (o.status >= 200 && o.status < 300) {
    if (PUBLIC_PATHS.includes(o.shot.path)) return undefined; // a public page or probe, its body ignored
    accepted.push({ kind: o.shot.kind, path: o.shot.path, status: o.status });
    if (o.shot.path === '/api/v1/orders') {
      const valid = schemaValidOrder(o.shot);
      if (!valid) return `${o.status} for a body the order schema refuses`;
      acceptedOrders.add(valid.externalId);
    }
    if (o.shot.signedBy) {
      // A mutation the eBay adapter still reads as an order: the answer names it.
      const workflowId = (o.json as { workflowId?: unknown } | undefined)?.workflowId;
      if (typeof workflowId !== 'string') return `${o.status} without a workflowId: ${JSON.stringify(o.json)}`;
      const externalId = workflowId.slice(`order:${o.shot.signedBy}:`.length);
      if (externalId.startsWith(PREFIX)) acceptedOrders.add(externalId);
    }
  }
  return undefined;
}

const describeShot = (s: Shot) => {
  const body = s.body === undefined ? '<none>' : Buffer.from(s.body).toString('utf8');
  return `${s.kind} ${s.method} ${s.path.slice(0, 120)} [${s.contentType}] ${body.length} chars: ${body.slice(0, 300)}`;
};

async function fire(batch: Shot[]): Promise<void> {
  const outcomes = await Promise.all(batch.map(send));
  for (const o of outcomes) {
    const problem = o.problem ?? record(o);
    if (problem) throw new Error(`${problem}\n  payload: ${describeShot(o.shot)}`);
  }
  if (
    ({} as Record<string, unknown>).polluted !== undefined ||
    (Object.prototype as Record<string, unknown>).isAdmin !== undefined ||
    ([] as unknown as Record<string, unknown>).polluted !== undefined
  ) {
    throw new Error(`a prototype was polluted after: ${batch.map(describeShot).join('\n')}`);
  }
}

const fuzzOptions = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

test('hostile bodies to POST /api/v1/orders are 4xx JSON and create nothing', async () => {
  const shot = withKey(orderBodies).map((b): Shot => ({ ...b, method: 'POST', path: '/api/v1/orders' }));
  await fc.assert(fc.asyncProperty(fc.array(shot, { minLength: BATCH, maxLength: BATCH }), fire), fuzzOptions(RUNS.orders));
});

test('hostile bodies and IDs to the order actions, rules and inventory adjustments are 4xx JSON', async () => {
  await fc.assert(fc.asyncProperty(fc.array(withKey(otherShots) as fc.Arbitrary<Shot>, { minLength: BATCH, maxLength: BATCH }), fire), fuzzOptions(RUNS.others));
  console.log(`slowest so far: ${describeSlowest()}`);
});

test('hostile bodies to the public routes, on GET and HEAD too, with and without a key: never read, never 5xx, never slow', async () => {
  await fc.assert(fc.asyncProperty(fc.array(publicShots, { minLength: BATCH, maxLength: BATCH }), fire), fuzzOptions(RUNS.public));
});

test('correctly signed hostile bodies to the channel webhook are 4xx JSON, or an order the adapter reads', async () => {
  await fc.assert(fc.asyncProperty(fc.array(webhookShots, { minLength: BATCH, maxLength: BATCH }), fire), fuzzOptions(RUNS.webhook));
});

test('afterwards: the hub is alive, no prototype is polluted, only the valid orders exist', async () => {
  expect(sent).toBeGreaterThanOrEqual(1_000);
  const health = await t.api.get('/healthz');
  expect(health.status).toBe(200);

  const probes: unknown[] = [{}, [], Object.create(null) ?? {}, new Map(), () => 0, ''];
  for (const p of probes) {
    expect((p as Record<string, unknown>).polluted).toBeUndefined();
    expect((p as Record<string, unknown>).isAdmin).toBeUndefined();
  }
  expect(Object.prototype.toString.call({})).toBe('[object Object]');
  expect(typeof ({} as { hasOwnProperty: unknown }).hasOwnProperty).toBe('function');

  const stored = await t.hub.db.order.findMany({ where: { externalId: { startsWith: PREFIX } }, select: { externalId: true } });
  expect(stored.map((o) => o.externalId).sort()).toEqual([...acceptedOrders].sort());

  console.log(
    [
      `fuzz seed ${SEED}: ${sent} payloads`,
      `statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
      `kinds: ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`,
      `accepted (2xx): ${accepted.length}, ${JSON.stringify(Object.fromEntries(countBy(accepted.map((a) => `${a.path.replace(/[0-9a-f-]{36}/, ':id')} ${a.status} ${a.kind}`))))}`,
      `slowest: ${describeSlowest()}`,
      `orders created: ${stored.length} (incl. the seed order)`,
    ].join('\n'),
  );
});

function countBy(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
