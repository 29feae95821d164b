import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { logger } from './logger';

/** Routes under /api/v1/orders/<orderId>: the order ID is read from the path, whatever the outcome. */
const ORDER_PATH = /^\/api\/v1\/orders\/([^/?]+)/;

/**
 * One JSON line per API request once its response is finished: method, path, status and
 * duration, plus orderId for an order's routes. 5xx log at error; client mistakes (4xx) are
 * the client's, so they log at info like the rest.
 */
export function requestLogger(log: Logger = logger.child({ component: 'api' })): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const orderId = ORDER_PATH.exec(path)?.[1];
      const level = res.statusCode >= 500 ? 'error' : 'info';
      log[level]({ method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, ...(orderId && { orderId: safeDecode(orderId) }) }, 'request');
    });
    next();
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
