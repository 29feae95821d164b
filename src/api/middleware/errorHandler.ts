import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, RetryLaterError } from '../httpError';
import { temporalErrorToHttp } from '../temporalErrors';
import { logger } from '../../observability/logger';

/** Unknown routes answer in JSON too. */
export const notFoundHandler: RequestHandler = (req, _res, next) => next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));

/** The one place errors become responses. Client mistakes are 4xx with a reason; only our faults are 5xx. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const http = toHttpError(err);
  if (http instanceof RetryLaterError) res.setHeader('Retry-After', String(http.retryAfterSeconds));
  if (http.status >= 500) logger.error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'request failed');
  res.status(http.status).json({ error: http.code, message: http.message, ...(http.fields && { fields: http.fields }), ...http.extra });
};

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const bodyParserType = (err as { type?: string })?.type;
  if (bodyParserType === 'entity.parse.failed') return new HttpError(400, 'invalid_json', 'request body is not valid JSON', [{ field: 'body', message: 'not valid JSON' }]);
  if (bodyParserType === 'entity.too.large') return new HttpError(413, 'payload_too_large', 'request body is too large');
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') return new HttpError(415, 'unsupported_media_type', 'unsupported body encoding');
  const status = (err as { status?: number })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'bad_request', (err as Error).message);
  return temporalErrorToHttp(err) ?? new HttpError(500, 'internal_error', 'internal error');
}
