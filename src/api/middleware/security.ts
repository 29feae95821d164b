import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { HttpError } from '../httpError';

/**
 * Security headers on every response. The API answers JSON, so the default CSP is strict; the
 * dashboard and the docs page set their own CSP on their routes, which replaces this one.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    // Plain HTTP on loopback in development; TLS terminates in front of the hub (which sets HSTS there).
    strictTransportSecurity: false,
  });
}

// The signed channel webhook reads the raw bytes of whatever its channel sends.
const RAW_BODY_ROUTES = [/^\/api\/v1\/channels\/[^/]+\/orders\/?$/i, /^\/api\/v1\/channels\/[^/]+\/webhooks\/?$/i];
// The products import takes a CSV file (text/csv) instead of JSON.
const CSV_BODY_ROUTES = [/^\/api\/v1\/products\/import\/?$/i];

/** POST /api/v1/channels/:channel/orders: authenticated by its HMAC signature, not by an API key. */
export const isSignedWebhook = (method: string, path: string) => method === 'POST' && RAW_BODY_ROUTES.some((r) => r.test(path));

/**
 * Request bodies under /api are JSON: a POST/PUT/PATCH that carries a body of another type is
 * answered 415 instead of being parsed as an empty body and failing validation confusingly.
 */
export const requireJsonBodies: RequestHandler = (req, _res, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !/^\/api(\/|$)/i.test(req.path)) return next();
  if (RAW_BODY_ROUTES.some((r) => r.test(req.path))) return next();
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(['application/json', 'application/*+json'])) return next();
  if (CSV_BODY_ROUTES.some((r) => r.test(req.path))) {
    if (req.is('text/csv')) return next();
    return next(new HttpError(415, 'unsupported_media_type', `this route takes a CSV file (Content-Type: text/csv), not ${req.headers['content-type'] ?? 'untyped'}`));
  }
  next(new HttpError(415, 'unsupported_media_type', `request bodies must be JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}`));
};

/** Deeper than any body the API accepts (a rule set's conditions nest to about 70 levels). */
export const MAX_JSON_DEPTH = 128;

// NUL cannot be stored in PostgreSQL text, and a lone surrogate is not Unicode: such a string
// fails deep inside a workflow or the database, so it is refused here with the field's name.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * After the JSON body parser: a body nested deeper than `max` levels is a 400 before anything
 * walks it recursively (JSON.stringify for the idempotency hash, zod), so a small hostile body
 * such as 10,000 nested arrays cannot exhaust the stack; so is a string (value or key) holding
 * NUL or a lone surrogate.
 */
export function checkJsonBody(max = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    const problem = bodyProblem(req.body, max);
    if (problem) return next(new HttpError(400, 'validation_failed', `invalid request: ${problem.field}`, [problem]));
    next();
  };
}

/** One open object or array on the way from the root to the value being looked at. */
interface Frame {
  node: Record<string, unknown>;
  /** The object's own keys; undefined for an array, whose indexes are walked instead. */
  keys: string[] | undefined;
  size: number;
  next: number;
  /** Where the node sits in its parent: a key, or an array index. */
  at: string | number;
}

const frame = (node: object, at: string | number): Frame => {
  const keys = Array.isArray(node) ? undefined : Object.keys(node);
  return { node: node as Record<string, unknown>, keys, size: keys ? keys.length : (node as unknown[]).length, next: 0, at };
};

/**
 * The first field that is nested too deep or holds an unstorable string, named from `body`.
 * Iterative and depth-first, each value visited once: the open frames are the path to the value
 * at hand, so a field name is joined only for the one problem reported. (Copying the path at
 * every value made a 256 KB body nested 120 levels around a wide array cost ~300 ms.)
 */
export function bodyProblem(root: unknown, max = MAX_JSON_DEPTH): { field: string; message: string } | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  if (max < 1) return { field: 'body', message: `nested deeper than ${max} levels` };
  const open: Frame[] = [frame(root, 'body')];
  const field = (...more: (string | number)[]) => [...open.map((f) => f.at), ...more].join('.');
  while (open.length > 0) {
    const top = open[open.length - 1];
    if (top.next === top.size) {
      open.pop();
      continue;
    }
    const index = top.next++;
    const at = top.keys ? top.keys[index] : index;
    if (top.keys && UNSTORABLE.test(at as string)) return { field: field(), message: 'keys must not contain NUL or unpaired surrogate characters' };
    const child = top.node[at];
    if (typeof child === 'string') {
      if (UNSTORABLE.test(child)) return { field: field(at), message: 'must not contain NUL or unpaired surrogate characters' };
      continue;
    }
    if (typeof child !== 'object' || child === null) continue;
    if (open.length >= max) return { field: 'body', message: `nested deeper than ${max} levels` };
    open.push(frame(child, at));
  }
  return undefined;
}
