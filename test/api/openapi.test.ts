import request from 'supertest';
import { createApp } from '../../src/api/app';
import { toOpenApiPath } from '../../src/api/openapi/document';
import { listRoutes } from '../../src/api/openapi/routes';
import { createOrderSchema } from '../../src/api/orders/schemas';
import { orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/testHub';

type Json = Record<string, unknown>;

let t: TestHub;
let doc: Json;
beforeAll(async () => {
  t = await startTestHub();
  const res = await t.api.get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => t?.stop());

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON pointer inside the document ("#/components/schemas/Order"), or undefined. */
function resolve(root: Json, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
}

/** Problems of one JSON Schema (2020-12 as OpenAPI 3.1 uses it): keyword types, nested schemas, compilable patterns. */
function schemaProblems(s: unknown, at: string): string[] {
  if (typeof s === 'boolean') return [];
  if (!isObject(s)) return [`${at}: a schema must be an object`];
  const problems: string[] = [];
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  for (const ty of types) if (!JSON_TYPES.includes(ty as string)) problems.push(`${at}.type: ${String(ty)}`);
  if (s.properties !== undefined) {
    if (!isObject(s.properties)) problems.push(`${at}.properties: not an object`);
    else for (const [k, v] of Object.entries(s.properties)) problems.push(...schemaProblems(v, `${at}.properties.${k}`));
  }
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))) problems.push(`${at}.required: not a list of names`);
  for (const k of ['items', 'not', 'additionalProperties']) if (s[k] !== undefined) problems.push(...schemaProblems(s[k], `${at}.${k}`));
  for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (s[k] === undefined) continue;
    if (!Array.isArray(s[k]) || (s[k] as unknown[]).length === 0) problems.push(`${at}.${k}: not a non-empty list`);
    else (s[k] as unknown[]).forEach((v, i) => problems.push(...schemaProblems(v, `${at}.${k}.${i}`)));
  }
  if (s.enum !== undefined && !Array.isArray(s.enum)) problems.push(`${at}.enum: not a list`);
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern as string);
    } catch {
      problems.push(`${at}.pattern: does not compile`);
    }
  }
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'])
    if (s[k] !== undefined && typeof s[k] !== 'number') problems.push(`${at}.${k}: not a number`);
  if (s.$ref !== undefined && typeof s.$ref !== 'string') problems.push(`${at}.$ref: not a string`);
  return problems;
}

/** Structural check of an OpenAPI 3.x document: what a generator bug would most likely break. */
function documentProblems(d: Json): string[] {
  const problems: string[] = [];
  if (typeof d.openapi !== 'string' || !/^3\.(0|1)\.\d+$/.test(d.openapi)) problems.push('openapi: not a 3.0/3.1 version');
  const info = d.info as Json | undefined;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') problems.push('info: needs title and version');
  if (!isObject(d.paths)) return [...problems, 'paths: missing'];
  const components = (d.components ?? {}) as Json;
  const schemes = (components.securitySchemes ?? {}) as Json;
  for (const [name, s] of Object.entries((components.schemas ?? {}) as Json)) problems.push(...schemaProblems(s, `components.schemas.${name}`));
  for (const [name, scheme] of Object.entries(schemes)) {
    const sc = scheme as Json;
    if (!['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS'].includes(sc.type as string)) problems.push(`securitySchemes.${name}: bad type`);
    if (sc.type === 'apiKey' && (typeof sc.name !== 'string' || !['header', 'query', 'cookie'].includes(sc.in as string)))
      problems.push(`securitySchemes.${name}: apiKey needs name and in`);
    if (sc.type === 'http' && typeof sc.scheme !== 'string') problems.push(`securitySchemes.${name}: http needs scheme`);
  }
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(d.paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    if (!isObject(item)) {
      problems.push(`${path}: not an object`);
      continue;
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, opValue] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      if (!HTTP_METHODS.includes(method)) {
        problems.push(`${at}: not an HTTP method`);
        continue;
      }
      const op = opValue as Json;
      if (typeof op.operationId !== 'string') problems.push(`${at}: no operationId`);
      else if (ids.has(op.operationId)) problems.push(`${at}: duplicate operationId ${op.operationId}`);
      else ids.add(op.operationId);
      if (typeof op.summary !== 'string' || op.summary === '') problems.push(`${at}: no summary`);
      if (!Array.isArray(op['x-orderhub-role'])) problems.push(`${at}: no x-orderhub-role`);
      const params = (op.parameters ?? []) as Json[];
      for (const p of params) {
        if (typeof p.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(p.in as string)) problems.push(`${at}: parameter needs name and in`);
        if (p.in === 'path' && p.required !== true) problems.push(`${at}: path parameter ${String(p.name)} must be required`);
        problems.push(...schemaProblems(p.schema, `${at} parameter ${String(p.name)}`));
      }
      for (const name of templated) if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${at}: path parameter ${name} undeclared`);
      for (const p of params) if (p.in === 'path' && !templated.includes(p.name as string)) problems.push(`${at}: path parameter ${String(p.name)} not in the path`);
      if (op.requestBody !== undefined) {
        const content = (op.requestBody as Json).content;
        if (!isObject(content) || Object.keys(content).length === 0) problems.push(`${at}: requestBody without content`);
        else for (const [type, media] of Object.entries(content)) problems.push(...schemaProblems((media as Json).schema, `${at} body ${type}`));
      }
      if (!isObject(op.responses) || Object.keys(op.responses).length === 0) problems.push(`${at}: no responses`);
      else
        for (const [status, r] of Object.entries(op.responses)) {
          if (!/^([1-5](\d\d|XX)|default)$/.test(status)) problems.push(`${at}: response key ${status}`);
          const resp = r as Json;
          if (typeof resp.$ref !== 'string' && typeof resp.description !== 'string') problems.push(`${at} ${status}: needs a description`);
          for (const [type, media] of Object.entries((resp.content ?? {}) as Json)) problems.push(...schemaProblems((media as Json).schema, `${at} ${status} ${type}`));
        }
      for (const requirement of (op.security ?? []) as Json[])
        for (const name of Object.keys(requirement)) if (!(name in schemes)) problems.push(`${at}: unknown security scheme ${name}`);
    }
  }
  // Every $ref anywhere must point at something in this document.
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}.${i}`));
    else if (isObject(node))
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && resolve(d, v) === undefined) problems.push(`${at}: $ref ${v} does not resolve`);
        walk(v, `${at}.${k}`);
      }
  };
  walk(d, '#');
  return problems;
}

/** Just enough of JSON Schema to replay samples: the keywords zod emits for the order body. */
function accepts(s: unknown, v: unknown): boolean {
  if (typeof s === 'boolean') return s;
  const schema = s as Json;
  if (typeof schema.$ref === 'string') return accepts(resolve(doc, schema.$ref), v);
  const typeOf = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : Number.isInteger(x) ? 'integer' : typeof x);
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    const actual = typeOf(v);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(v)) return false;
  if ('const' in schema && schema.const !== v) return false;
  if (typeof v === 'string') {
    // JSON Schema reads patterns as Unicode regexes and counts lengths in code points (an emoji is one).
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) return false;
    if (typeof schema.minLength === 'number' && [...v].length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && [...v].length > schema.maxLength) return false;
  }
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && v > schema.maximum) return false;
  }
  if (Array.isArray(v)) {
    if (typeof schema.minItems === 'number' && v.length < schema.minItems) return false;
    if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) return false;
    if (schema.items !== undefined && !v.every((x) => accepts(schema.items, x))) return false;
  }
  if (isObject(v)) {
    const props = (schema.properties ?? {}) as Json;
    if (((schema.required ?? []) as string[]).some((k) => !(k in v))) return false;
    for (const [k, x] of Object.entries(v)) {
      if (k in props) {
        if (!accepts(props[k], x)) return false;
      } else if (schema.additionalProperties !== undefined && !accepts(schema.additionalProperties, x)) return false;
    }
  }
  if (Array.isArray(schema.allOf) && !schema.allOf.every((x) => accepts(x, v))) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((x) => accepts(x, v))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((x) => accepts(x, v)).length !== 1) return false;
  return true;
}

test('the document is a structurally valid OpenAPI 3.1 document', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(documentProblems(doc)).toEqual([]);
});

test('the structural check itself catches broken documents', () => {
  const broken = JSON.parse(JSON.stringify(doc)) as Json & { paths: Record<string, Record<string, Json>> };
  broken.paths['/api/v1/orders'].post.responses = { 202: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } };
  broken.paths['/api/v1/orders'].get.operationId = 'createOrder';
  const problems = documentProblems(broken);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('$ref #/components/schemas/Nope does not resolve'),
      expect.stringContaining('duplicate operationId createOrder'),
      expect.stringContaining('202: needs a description'),
    ]),
  );
});

test('every Express route is documented, and every documented route exists', () => {
  // A second app on the same dependencies: only its route table is read, it never listens.
  const app = createApp({
    db: t.hub.db,
    temporal: t.hub.temporal,
    taskQueue: t.taskQueue,
    orderOptions: { paymentTimeoutMs: 60_000, backorderTimeoutMs: 60_000 },
    stockEvents: { reserved: async () => {}, changed: async () => {} },
  });
  const routes = new Set(listRoutes(app).map((r) => `${r.method.toUpperCase()} ${toOpenApiPath(r.path)}`));
  const documented = new Set(Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item as Json).map((m) => `${m.toUpperCase()} ${path}`)));
  expect({ undocumented: [...routes].filter((r) => !documented.has(r)).sort(), withoutRoute: [...documented].filter((r) => !routes.has(r)).sort() }).toEqual({
    undocumented: [],
    withoutRoute: [],
  });
  expect(routes.size).toBeGreaterThan(30);
});

test('every operation names its role, security and error responses', () => {
  const ops = Object.values(doc.paths as Record<string, Record<string, Json>>).flatMap((item) => Object.values(item));
  for (const op of ops) {
    const roles = op['x-orderhub-role'] as string[];
    const security = op.security as Json[];
    const responses = op.responses as Json;
    if (roles.length > 0) {
      expect(security.length).toBeGreaterThan(0);
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['401', '403']));
      expect(op.description).toMatch(/Role: /);
    }
    // The signed webhooks (the hub's, Shopify's) read any content type as raw bytes, so only they have no 415.
    const webhook = security.some((r) => 'webhookSignature' in r || 'shopifyHmac' in r);
    if (op.requestBody) expect(Object.keys(responses)).toEqual(expect.arrayContaining(webhook ? ['400', '401', '413'] : ['400', '413', '415']));
  }
  const byId = (id: string) => ops.find((o) => o.operationId === id)!;
  expect(byId('createOrder')['x-orderhub-role']).toEqual(['channel', 'ops', 'admin']);
  expect(byId('receiveCarrierEvent')['x-orderhub-role']).toEqual(['carrier', 'admin']);
  expect(byId('putRules')['x-orderhub-role']).toEqual(['admin']);
  expect(byId('restoreRuleVersion')['x-orderhub-role']).toEqual(['admin']);
  // Roles come from the auth middleware's table; a documented route missing there would be refused.
  expect(ops.filter((o) => String(o.description).includes('Not in the role table')).map((o) => o.operationId)).toEqual([]);
  expect(byId('health').security).toEqual([]);
  expect(byId('receiveChannelOrder').security).toEqual([{ webhookTimestamp: [], webhookSignature: [] }]);
  expect(byId('receiveChannelOrder').parameters).not.toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key' })]));
  expect(byId('recordPayment').responses).toHaveProperty('422');
  expect(byId('cancelOrder').parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
  expect(byId('listOrders').responses).toHaveProperty('429');
  const badRequest = resolve(doc, '#/components/responses/BadRequest') as Json;
  const errorSchema = resolve(doc, '#/components/schemas/Error') as Json;
  expect(badRequest.description).toMatch(/validation_failed/);
  expect(Object.keys(errorSchema.properties as Json)).toEqual(['error', 'message', 'fields']);
});

describe('the POST /api/v1/orders body schema agrees with its zod schema', () => {
  const base = orderPayload({ sku: 'TEE-BLK-M' }) as unknown as Json;
  // Samples away from the refinements JSON Schema cannot express (money per currency, pickup location).
  const samples: [string, unknown][] = [
    ['a valid order', base],
    ['no lines', { ...base, lines: [] }],
    ['quantity 0', { ...base, lines: [{ sku: 'TEE-BLK-M', quantity: 0, unitPrice: '1.00' }] }],
    ['fractional quantity', { ...base, lines: [{ sku: 'TEE-BLK-M', quantity: 1.5, unitPrice: '1.00' }] }],
    ['price as a number', { ...base, lines: [{ sku: 'TEE-BLK-M', quantity: 1, unitPrice: 1 }] }],
    ['unknown tier', { ...base, customer: { ...(base.customer as Json), tier: 'gold' } }],
    ['lower-case country', { ...base, shippingAddress: { ...(base.shippingAddress as Json), country: 'us' } }],
    ['no payment', { ...base, payment: undefined }],
    ['unknown shipping service', { ...base, shippingService: 'teleport' }],
    ['pickup with a location', { ...base, fulfillment: { mode: 'pickup', pickupLocationId: 'WH-WEST' } }],
    ['a bad placedAt', { ...base, placedAt: 'yesterday' }],
    // Lengths in code points on both sides: 200 emoji are 200 characters (400 UTF-16 units).
    ['a name of 200 emoji', { ...base, customer: { ...(base.customer as Json), name: '\u{1F600}'.repeat(200) } }],
    ['a name of 201 emoji', { ...base, customer: { ...(base.customer as Json), name: '\u{1F600}'.repeat(201) } }],
    ['a name of only whitespace', { ...base, customer: { ...(base.customer as Json), name: ' \t\u3000 ' } }],
    ['a city with a NUL', { ...base, shippingAddress: { ...(base.shippingAddress as Json), city: 'Spring\u0000field' } }],
    ['pickup without a location', { ...base, fulfillment: { mode: 'pickup' } }],
    ['a lower-case currency', { ...base, currency: 'usd' }],
    ['not an object', [1, 2]],
  ];
  test.each(samples)('%s', (_name, sample) => {
    const body = JSON.parse(JSON.stringify(sample)) as unknown;
    const schema = ((doc.paths as Json)['/api/v1/orders'] as Record<string, Json>).post.requestBody as Json;
    const json = ((schema.content as Json)['application/json'] as Json).schema;
    expect(accepts(json, body)).toBe(createOrderSchema.safeParse(body).success);
  });
  test('the samples include both outcomes', () => {
    const outcomes = new Set(samples.map(([, s]) => createOrderSchema.safeParse(JSON.parse(JSON.stringify(s))).success));
    expect(outcomes).toEqual(new Set([true, false]));
  });
});

test('the Idempotency-Key header is documented with the format the middleware enforces', async () => {
  const ops = Object.values(doc.paths as Record<string, Record<string, Json>>).flatMap((item) => Object.values(item));
  const header = ((ops.find((o) => o.operationId === 'createOrder')!.parameters as Json[]).find((p) => p.name === 'Idempotency-Key') as Json).schema as Json;
  expect(header).toMatchObject({ type: 'string', minLength: 1, maxLength: 255 });
  const pattern = new RegExp(header.pattern as string, 'u');
  for (const key of ['a', 'order-42 retry', '~'.repeat(255)]) expect(pattern.test(key)).toBe(true);
  for (const key of ['', ' leading', 'trailing ', 'caf\u00e9', 'x'.repeat(256)]) expect(pattern.test(key)).toBe(false);
  // The middleware agrees: a key outside the pattern is a 400 naming the header.
  const refused = await t.api
    .post('/api/v1/rules/preview')
    .set('Idempotency-Key', 'caf\u00e9')
    .send({ order: orderPayload({ sku: 'TEE-BLK-M' }) });
  expect(refused.status).toBe(400);
  expect(refused.body.fields[0].field).toBe('header.Idempotency-Key');
});

test('a method a known path lacks is a 405 naming the allowed ones; OPTIONS lists them; a concrete path wins over a template', async () => {
  const cases: [string, string, number, string | undefined][] = [
    ['delete', '/healthz', 405, 'GET, HEAD'],
    ['delete', '/api/v1/orders', 405, 'GET, HEAD, POST'],
    ['patch', '/api/v1/orders/00000000-0000-4000-8000-000000000000', 405, 'GET, HEAD'],
    ['get', '/api/v1/orders/00000000-0000-4000-8000-000000000000/cancel', 405, 'POST'],
    // GET /inventory/:sku would match, but /inventory/adjustments is a path of its own (POST only).
    ['get', '/api/v1/inventory/adjustments', 405, 'POST'],
    ['options', '/api/v1/inventory/adjustments', 204, 'POST'],
    ['options', '/api/v1/rules', 204, 'GET, HEAD, PUT'],
    // A path no route has stays the role table's deny by default.
    ['delete', '/api/v1/nowhere', 403, undefined],
  ];
  for (const [method, path, status, allow] of cases) {
    const res = await (t.api as unknown as Record<string, (p: string) => Promise<{ status: number; headers: Record<string, string>; body: Json }>>)[method](path);
    expect({ method, path, status: res.status, allow: res.headers.allow }).toEqual({ method, path, status, allow });
    if (status === 405) expect(res.body.error).toBe('method_not_allowed');
  }
  // Authentication comes first: without a key a protected path says 401, whatever the method; a public path's 405 needs no key.
  const anonymous = await request(t.hub.apiUrl).delete('/api/v1/orders');
  expect(anonymous.status).toBe(401);
  const publicPath = await request(t.hub.apiUrl).post('/healthz');
  expect({ status: publicPath.status, allow: publicPath.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
  // A method the path has still needs its role.
  expect((await t.as(t.keys.ops).put('/api/v1/rules').send({ rules: [] })).status).toBe(403);
});

test('/api/v1/docs is a self-contained HTML page listing every operation', async () => {
  const res = await t.api.get('/api/v1/docs');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).not.toMatch(/<script|src="http|href="http/);
  for (const item of Object.values(doc.paths as Record<string, Record<string, Json>>)) {
    for (const op of Object.values(item)) expect(res.text).toContain(`id="${op.operationId as string}"`);
  }
  expect(res.text).toContain('/api/v1/orders/{orderId}/holds/{reason}/release');
});
