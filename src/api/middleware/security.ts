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
const RAW_BODY_ROUTES = [/^\/api\/v1\/channels\/[^/]+\/orders\/?$/i];

/**
 * Request bodies under /api are JSON: a POST/PUT/PATCH that carries a body of another type is
 * answered 415 instead of being parsed as an empty body and failing validation confusingly.
 */
export const requireJsonBodies: RequestHandler = (req, _res, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !/^\/api(\/|$)/i.test(req.path)) return next();
  if (RAW_BODY_ROUTES.some((r) => r.test(req.path))) return next();
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(['application/json', 'application/*+json'])) return next();
  next(new HttpError(415, 'unsupported_media_type', `request bodies must be JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}`));
};

/** Deeper than any body the API accepts (a rule set's conditions nest to about 70 levels). */
export const MAX_JSON_DEPTH = 128;

// NUL cannot be stored in PostgreSQL text, and a lone surrogate is not Unicode: such a string
// fails deep inside a workflow or the database, so it is refused here with the field's name.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * After express.json: a body nested deeper than `max` levels is a 400 before anything walks it
 * recursively (JSON.stringify for the idempotency hash, zod), so a small hostile body such as
 * 10,000 nested arrays cannot exhaust the stack; so is a string (value or key) holding NUL or a
 * lone surrogate. The walk itself is iterative.
 */
export function checkJsonBody(max = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    const problem = bodyProblem(req.body, max);
    if (problem) return next(new HttpError(400, 'validation_failed', `invalid request: ${problem.field}`, [problem]));
    next();
  };
}

/** The first field that is nested too deep or holds an unstorable string, named from `body`. */
export function bodyProblem(root: unknown, max = MAX_JSON_DEPTH): { field: string; message: string } | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  const stack: [unknown, string[]][] = [[root, ['body']]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return { field: path.join('.'), message: 'must not contain NUL or unpaired surrogate characters' };
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (path.length > max) return { field: 'body', message: `nested deeper than ${max} levels` };
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key)) return { field: path.join('.'), message: 'keys must not contain NUL or unpaired surrogate characters' };
      stack.push([child, [...path, key]]);
    }
  }
  return undefined;
}
