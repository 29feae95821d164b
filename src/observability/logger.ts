import pino, { type Logger } from 'pino';
import { logLevelFromEnv, type LogLevel } from '../config';

/**
 * The one root logger: JSON lines on stdout, level as a word, ISO timestamps. Its level comes
 * from LOG_LEVEL; entry points apply the loaded config with setLogLevel before they log. Take
 * children (logger.child({ component })) inside functions, not at import time: a child keeps the
 * level its parent had when it was made.
 */
export const logger: Logger = pino({
  level: logLevelFromEnv(process.env),
  formatters: { level: (label) => ({ level: label }) },
  timestamp: pino.stdTimeFunctions.isoTime,
  // API keys never reach the logs, should a request or an HTTP client's error ever be logged whole.
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers["x-api-key"]',
      'headers.authorization',
      'headers["x-api-key"]',
      'err.config.headers.Authorization',
      'err.config.headers["X-Api-Key"]',
      'req.headers["x-orderhub-signature"]',
      'headers["x-orderhub-signature"]',
    ],
    censor: '[redacted]',
  },
});

export function setLogLevel(level: LogLevel | undefined): void {
  if (level) logger.level = level;
}

/** Errors as fields pino serializes (message, stack, type), whatever was thrown. */
export function errorFields(err: unknown): { err: Error } {
  return { err: err instanceof Error ? err : new Error(String(err)) };
}
