import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { badRequest, type FieldProblem } from '../httpError';
import { UNSTORABLE } from '../schemaParts';

type Part = 'body' | 'query' | 'params';
type Schemas = Partial<Record<Part, z.ZodType>>;

/**
 * Validates and normalizes request parts with zod. A failure is a 400 naming every bad field,
 * e.g. "lines.0.quantity". Parsed values replace the raw ones (res.locals.valid for query).
 */
export function validate(schemas: Schemas): RequestHandler {
  return (req, res, next) => {
    const fields: FieldProblem[] = [];
    const valid: Partial<Record<Part, unknown>> = {};
    for (const part of Object.keys(schemas) as Part[]) {
      // Bodies were checked as a whole after parsing (checkJsonBody); query and path strings are checked here.
      const unstorable = part === 'body' ? undefined : unstorableString(req[part], part);
      if (unstorable) {
        fields.push(unstorable);
        continue;
      }
      const result = schemas[part]!.safeParse(req[part] ?? {});
      if (result.success) valid[part] = result.data;
      else fields.push(...result.error.issues.map((i) => ({ field: [part, ...i.path.map(String)].join('.'), message: i.message })));
    }
    // One problem per field: a format check and the money parser may both refuse the same amount.
    const seen = new Set<string>();
    fields.splice(0, fields.length, ...fields.filter((f) => !seen.has(f.field) && seen.add(f.field)));
    if (fields.length > 0) {
      return next(badRequest(`invalid request: ${fields.map((f) => f.field).join(', ')}`, fields));
    }
    if (valid.body !== undefined) req.body = valid.body;
    res.locals.valid = valid;
    next();
  };
}

export function validated<T>(res: { locals: Record<string, unknown> }, part: Part): T {
  return (res.locals.valid as Record<Part, T>)[part];
}

/**
 * The first query or path string (qs may nest them) holding NUL or a lone surrogate: refused
 * like in a body, before it can reach a database query (a NUL made PostgreSQL fail with a 500).
 */
function unstorableString(value: unknown, path: string): FieldProblem | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { field: path, message: 'must not contain NUL or unpaired surrogate characters' } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const problem = unstorableString(child, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * For routes whose body fields are all optional (PATCH): no body at all is a 400, as the document
 * says (requestBody required), rather than an empty change.
 */
export const requireBody: RequestHandler = (req, _res, next) =>
  req.body === undefined ? next(badRequest('invalid request: body', [{ field: 'body', message: 'a JSON object is required' }])) : next();
