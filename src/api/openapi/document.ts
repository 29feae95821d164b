import type { z } from 'zod';
import { operations as allOperations } from './operations';
import type { ErrorStatus, JsonSchema, Operation } from './registry';
import { ref, responseSchemas } from './responses';
import { accessOf, roleExtension, securityOf, securitySchemes } from './security';
import { zodComponents } from './zodToJsonSchema';
import { IDEMPOTENCY_KEY_FORMAT } from '../middleware/idempotency';
import { STORABLE_JSON, storableJsonSchema, withStorableRules } from './storableJson';

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema> } & Record<string, unknown>;
};

const ERRORS: Record<ErrorStatus, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description: 'validation_failed: every bad field is listed in fields[] (e.g. body.lines.0.sku, query.limit, params.orderId); invalid_json: the body is not JSON.',
  },
  401: {
    name: 'Unauthorized',
    description:
      'unauthorized: no API key, or an unknown one (also on public routes when one is sent); for the channel webhook, invalid_signature: a missing, stale or wrong signature.',
  },
  403: { name: 'Forbidden', description: "forbidden: the API key's role may not call this operation, or a channel key acts on another channel." },
  404: { name: 'NotFound', description: 'not_found: unknown order, SKU, channel, rule version or tracking number.' },
  409: {
    name: 'Conflict',
    description:
      "invalid_order_state, cancel_in_progress, order_closed, update_rejected, conflict, insufficient_stock, adjustment_conflict or rules_no_longer_valid: the resource's state forbids the request; idempotency_key_in_use: a request with this Idempotency-Key is still being answered.",
  },
  413: { name: 'PayloadTooLarge', description: 'payload_too_large: the body is over 256 kB.' },
  415: { name: 'UnsupportedMediaType', description: "unsupported_media_type: the body's encoding or charset is not supported." },
  422: {
    name: 'Unprocessable',
    description:
      'payment_mismatch: the payment does not match the order total; idempotency_key_mismatch: the Idempotency-Key was used for a different request (for inventory adjustments, ever).',
  },
  429: { name: 'TooManyRequests', description: 'rate_limited: over the per-key (or, without a valid key, per-address) rate limit; Retry-After says when to try again.' },
  503: {
    name: 'Unavailable',
    description:
      'A dependency is unavailable; order_busy: the order did not take the change in time because the hub is behind (it may still apply it: read the order, then retry after Retry-After).',
  },
};

/** src/api/middleware/idempotency.ts: every POST under /api/v1/ may carry one, except the webhook, which is answered before that middleware (and has its own de-duplication). */
const idempotent = (op: Operation) => op.method === 'post' && op.path.startsWith('/api/v1/') && !op.webhook;
const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Optional, 1-255 printable ASCII characters (anything else is a 400 naming header.Idempotency-Key): a repeat within 24 h (same API key, method, path and body) gets the first answer again with Idempotent-Replayed: true; the same key with another method, path or body is a 422 idempotency_key_mismatch, and one still being answered a 409 idempotency_key_in_use.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_FORMAT.source },
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
  const generated = Object.fromEntries(Object.entries(zodComponents(named)).map(([id, s]) => [id, withStorableRules(s) as JsonSchema]));
  const inputs = new Set([...named.values()].filter((id) => id.startsWith('_')));
  const schemas: Record<string, JsonSchema> = { ...responseSchemas, [STORABLE_JSON]: storableJsonSchema };
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
      description: [
        'Multichannel order management hub. Generated at start-up from the zod schemas that validate each request; errors share one shape (components.schemas.Error).',
        "A request that breaks this document is a 400 naming the field; a rule JSON Schema cannot state (one field against another, or against stored data) is in its operation's description, also a 400 naming the field.",
        'No string or key anywhere in a request may hold NUL or an unpaired surrogate, and a body may nest at most 128 levels (400).',
        'A method a path does not list is a 405 with an Allow header naming the methods it has (after authentication: without a valid key a protected path is a 401).',
      ].join(' '),
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
    ...[...(op.headers ?? []), ...(idempotent(op) ? [IDEMPOTENCY_HEADER] : [])].map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: h.schema ?? { type: 'string' },
    })),
  ];
  const missing = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).filter((p) => !parameters.some((x) => x.in === 'path' && x.name === p));
  if (missing.length > 0) throw new Error(`${op.operationId}: path parameters without a schema: ${missing.join(', ')}`);

  const access = accessOf(op);
  // Every request passes the rate limit first; keyed POSTs may meet the idempotency checks.
  const errors = new Set<ErrorStatus>([...op.errors, 429, ...(idempotent(op) ? ([400, 409, 422] as const) : [])]);
  if (access.kind === 'webhook') errors.add(401);
  else if (access.kind === 'roles') [401, 403].forEach((s) => errors.add(s as ErrorStatus));
  const responses: Record<string, JsonSchema> = {};
  for (const r of op.responses) {
    const schema = typeof r.schema === 'string' ? ref(r.schema) : r.schema;
    const content = schema && { [r.contentType ?? 'application/json']: { schema } };
    // Two entries for one status are two media types of the same answer (JSON or CSV, say).
    const prior = responses[String(r.status)] as { description: string; content?: JsonSchema } | undefined;
    responses[String(r.status)] = prior
      ? { description: `${prior.description} ${r.description}`, content: { ...prior.content, ...content } }
      : { description: r.description, ...(content && { content }) };
  }
  for (const s of [...errors].sort()) responses[String(s)] ??= { $ref: `#/components/responses/${ERRORS[s].name}` };
  responses.default = { description: "internal_error: a fault on orderhub's side (5xx).", content: { 'application/json': { schema: ref('Error') } } };

  const role = roleExtension(access);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, role.text].filter(Boolean).join('\n\n'),
    'x-orderhub-role': role.roles,
    security: securityOf(access),
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && {
      requestBody: {
        required: true,
        content: { [('contentType' in op.body && op.body.contentType) || 'application/json']: { schema: 'schema' in op.body ? ref(op.body.name) : op.body.json } },
      },
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
