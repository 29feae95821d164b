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
