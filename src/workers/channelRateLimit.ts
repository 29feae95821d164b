import { isGrpcServiceError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { NativeConnection } from '@temporalio/worker';
import { logger } from '../observability/logger';

const UNIMPLEMENTED = 12;
const PERMISSION_DENIED = 7;

/**
 * The per-channel call limit, kept by the Temporal server: channel activities carry their sales
 * channel as fairness key (src/domain/priority.ts), and the channel queue's default rate limit per
 * fairness key caps each channel's calls across every worker of every process together. A worker
 * only limits itself (and `maxTaskQueueActivitiesPerSecond` limits the queue as a whole), so
 * neither could keep one marketplace under its API's limit while another one bursts; a token
 * bucket of our own in PostgreSQL could, at the cost of a database round trip per call and a
 * retry loop the server already has. Every worker sets the same value at start (idempotent); the
 * last start wins when two configurations disagree, which docs/deployment.md warns about.
 * Returns false, with a warning, when the server refuses (older than 1.29, a Cloud namespace whose
 * key may not change queue configuration, …): the queue-wide limit still holds, and a refused
 * setting must not keep the workers from starting.
 */
export async function applyChannelRateLimit(connection: NativeConnection, namespace: string, channelQueue: string, perSecond: number): Promise<boolean> {
  try {
    await connection.workflowService.updateTaskQueueConfig({
      namespace,
      identity: 'orderhub worker',
      taskQueue: channelQueue,
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      updateFairnessKeyRateLimitDefault: { rateLimit: { requestsPerSecond: perSecond }, reason: 'CHANNEL_CALLS_PER_SECOND_PER_CHANNEL' },
    });
    return true;
  } catch (err) {
    // Any answer of the server's (unimplemented, not permitted, fairness off, …): the workers still start, with a warning.
    if (!isGrpcServiceError(err)) throw err;
    const reason = err.code === UNIMPLEMENTED ? 'not supported' : err.code === PERMISSION_DENIED ? 'not permitted' : err.message;
    logger.warn({ taskQueue: channelQueue, reason }, 'the Temporal server keeps no per-channel rate limit: only the channel queue as a whole is limited (docs/deployment.md)');
    return false;
  }
}
