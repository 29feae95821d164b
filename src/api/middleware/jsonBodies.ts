import express, { type RequestHandler } from 'express';
import { operations } from '../openapi/operations';
import { checkJsonBody } from './security';

export const JSON_BODY_LIMIT = '256kb';

/** `/api/v1/orders/:orderId/payment` -> a pattern matching the paths Express routes to it. */
function routePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  // Like Express's default routing: case-insensitive, one optional trailing slash.
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * The operations that take a JSON body, from the API document (test/api/openapi.test.ts keeps it
 * equal to the routes Express serves). The signed webhook is not one: it reads its raw bytes.
 */
const isText = (op: (typeof operations)[number]) => op.body !== undefined && 'contentType' in op.body && op.body.contentType !== undefined;
const BODY_ROUTES = operations.filter((op) => op.body !== undefined && !op.webhook && !isText(op)).map((op) => ({ method: op.method.toUpperCase(), path: routePattern(op.path) }));
/** Routes whose body is text (the products CSV import): read as a string before the idempotency check hashes it. */
const TEXT_ROUTES = operations.filter(isText).map((op) => ({ method: op.method.toUpperCase(), path: routePattern(op.path) }));

export function takesJsonBody(method: string, path: string): boolean {
  return BODY_ROUTES.some((r) => r.method === method && r.path.test(path));
}

export function takesTextBody(method: string, path: string): boolean {
  return TEXT_ROUTES.some((r) => r.method === method && r.path.test(path));
}

/** 1,000 catalog rows are about 80 kB; the limit leaves room for long names. */
export const TEXT_BODY_LIMIT = '2mb';

/**
 * express.json, then the depth / NUL check, only for requests to a route that takes a body. Any
 * other request's body (a GET's, a POST to a route without one) is never parsed nor looked at:
 * parsing is the only work an anonymous caller could make the hub do per byte sent, and public
 * routes are GETs.
 */
export function jsonBodies(): RequestHandler {
  const parse = express.json({ limit: JSON_BODY_LIMIT });
  const parseText = express.text({ type: 'text/csv', limit: TEXT_BODY_LIMIT });
  const check = checkJsonBody();
  return (req, res, next) => {
    if (takesTextBody(req.method, req.path)) return parseText(req, res, next);
    if (!takesJsonBody(req.method, req.path)) return next();
    parse(req, res, (err?: unknown) => (err ? next(err) : check(req, res, next)));
  };
}
