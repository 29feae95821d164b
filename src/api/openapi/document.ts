import type { z } from 'zod';
import { operations as allOperations } from './operations';
import type { ErrorStatus, JsonSchema, Operation } from './registry';
import { ref, responseSchemas } from './responses';
import { securitySchemes, securityOf, roleExtension } from './security';
import { zodComponents } from './zodToJsonSchema';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, JsonSchema>>; components: { schemas: Record<string, JsonSchema> } & Record<string, unknown> };

const ERRORS: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'validation_failed: every bad field is listed in fields[] (e.g. body.lines.0.sku, query.limit, params.orderId); invalid_json: the body is not JSON.' },
  401: { name: 'Unauthorized', description: 'No valid credentials: a missing or unknown API key, or a missing, stale or wrong webhook signature.' },
  403: { name: 'Forbidden', description: "The API key's role may not call this operation." },
  404: { name: 'NotFound', description: 'not_found: unknown order, SKU, channel, rule version or tracking number.' },
  409: { name: 'Conflict', description: "invalid_order_state, order_closed, update_rejected, conflict, insufficient_stock or rules_no_longer_valid: the resource's state forbids the request." },
  413: { name: 'PayloadTooLarge', description: 'payload_too_large: the body is over 256 kB.' },
  415: { name: 'UnsupportedMediaType', description: "unsupported_media_type: the body's encoding or charset is not supported." },
  422: { name: 'Unprocessable', description: 'payment_mismatch: the payment does not match the order total.' },
  429: { name: 'TooManyRequests', description: 'Too many requests; retry later.' },
  503: { name: 'Unavailable', description: 'A dependency is unavailable.' },
};

/** Express `:param` → OpenAPI `{param}`. */
export const toOpenApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Builds the whole document from the operations' zod schemas; called once at start-up. */
export function buildOpenApiDocument(operations: Operation[] = allOperations): OpenApiDocument {
  // Bodies become named components; params and queries are converted too, then split into parameters.
  const named = new Map<z.ZodType, string>();
  for (const op of operations) {
    if (op.body && 'schema' in op.body) nameOnce(named, op.body.schema, op.body.name);
    if (op.params) nameOnce(named, op.params, `_params_${op.operationId}`);
    if (op.query) nameOnce(named, op.query, `_query_${op.operationId}`);
  }
  const generated = zodComponents(named);
  const inputs = new Set([...named.values()].filter((id) => id.startsWith('_')));
  const schemas: Record<string, JsonSchema> = { ...responseSchemas };
  for (const [id, s] of Object.entries(generated)) if (!inputs.has(id)) schemas[id] = s;

  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const item = (paths[toOpenApiPath(op.path)] ??= {});
    if (item[op.method]) throw new Error(`two operations for ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operationObject(op, (schema) => generated[named.get(schema)!]);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'orderhub API',
      version: '1',
      description: 'Multichannel order management hub. Generated at start-up from the zod schemas that validate each request; errors share one shape (components.schemas.Error).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(Object.values(ERRORS).map((e) => [e.name, { description: e.description, content: { 'application/json': { schema: ref('Error') } } }])),
      securitySchemes,
    },
  };
}

function nameOnce(named: Map<z.ZodType, string>, schema: z.ZodType, name: string) {
  if (!named.has(schema)) named.set(schema, name);
}

function operationObject(op: Operation, jsonOf: (s: z.ZodType) => JsonSchema): JsonSchema {
  const parameters = [
    ...(op.params ? toParameters(jsonOf(op.params), 'path') : []),
    ...(op.query ? toParameters(jsonOf(op.query), 'query') : []),
    ...(op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } })),
  ];
  const missing = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).filter((p) => !parameters.some((x) => x.in === 'path' && x.name === p));
  if (missing.length > 0) throw new Error(`${op.operationId}: path parameters without a schema: ${missing.join(', ')}`);

  const errors = new Set<ErrorStatus>(op.errors);
  if (op.access === 'webhook') errors.add(401);
  else if (op.access !== 'public') [401, 403].forEach((s) => errors.add(s as ErrorStatus));
  const responses: Record<string, JsonSchema> = {};
  for (const r of op.responses) {
    const schema = typeof r.schema === 'string' ? ref(r.schema) : r.schema;
    responses[String(r.status)] = { description: r.description, ...(schema && { content: { [r.contentType ?? 'application/json']: { schema } } }) };
  }
  for (const s of [...errors].sort()) responses[String(s)] ??= { $ref: `#/components/responses/${ERRORS[s].name}` };
  responses.default = { description: 'internal_error: a fault on orderhub\'s side (5xx).', content: { 'application/json': { schema: ref('Error') } } };

  const role = roleExtension(op.access);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, role.text].filter(Boolean).join('\n\n'),
    'x-orderhub-role': role.roles,
    security: securityOf(op.access),
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && {
      requestBody: { required: true, content: { 'application/json': { schema: 'schema' in op.body ? ref(op.body.name) : op.body.json } } },
    }),
    responses,
  };
}

/** One parameter per property of a converted params/query object schema. */
function toParameters(objectSchema: JsonSchema, where: 'path' | 'query') {
  const props = (objectSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectSchema.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    // Path parameters are always required; a query field is when it has no default.
    required: where === 'path' || required.has(name),
    schema,
  }));
}
