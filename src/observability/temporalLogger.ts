import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { orderIdForWorkflow } from './orderLogContext';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** `order:<channel>:<externalId>`; the external ID may itself contain colons. */
const ORDER_WORKFLOW_ID = /^order:([^:]+):(.+)$/;

/**
 * The Temporal Runtime's logger, writing through pino. The SDK puts workflowId, workflowType,
 * activityType, taskQueue etc. in each entry's metadata; order workflows also get channel,
 * externalId and, once one of their activities ran here, orderId. TEMPORAL_LOG_LEVEL filters
 * first (the SDK is chatty at INFO), then the pino logger's own level.
 */
export function createTemporalLogger(level: LogLevel, log: PinoLogger): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    log[PINO_LEVEL[entry.level]](temporalLogFields(entry.meta), entry.message);
  });
}

export function temporalLogFields(meta: Record<string, unknown> = {}): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...meta };
  // The SDK passes failures as `error`; pino serializes errors (message, stack) under `err`.
  if (fields.error instanceof Error && fields.err === undefined) {
    fields.err = fields.error;
    delete fields.error;
  }
  const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
  const order = workflowId ? ORDER_WORKFLOW_ID.exec(workflowId) : null;
  if (workflowId && order) {
    fields.channel ??= order[1];
    fields.externalId ??= order[2];
    const orderId = orderIdForWorkflow(workflowId);
    if (orderId) fields.orderId ??= orderId;
  }
  return fields;
}
