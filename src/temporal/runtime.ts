import { Runtime, type LogLevel } from '@temporalio/worker';
import { logger } from '../observability/logger';
import { createTemporalLogger } from '../observability/temporalLogger';
import { setTemporalMetricsExporter, temporalMetricsAddress } from '../observability/temporalMetrics';

let installed = false;

/**
 * The SDK logs every worker state change at INFO; the hub keeps it to warnings unless asked.
 * Its logs (native core ones too) go out as JSON lines through pino. With `metrics`, the SDK's
 * worker metrics are exported in Prometheus format on that loopback port, for /metrics to append.
 */
export function installTemporalRuntime(level: LogLevel = (process.env.TEMPORAL_LOG_LEVEL as LogLevel) || 'WARN', metrics?: { port: number }): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({
      logger: createTemporalLogger(level, logger.child({ component: 'temporal' })),
      telemetryOptions: {
        logging: { filter: { core: level, other: 'ERROR' }, forward: {} },
        ...(metrics && { metrics: { prometheus: { bindAddress: temporalMetricsAddress(metrics.port) } } }),
      },
    });
    if (metrics) setTemporalMetricsExporter(metrics.port);
  } catch {
    // Already installed by the embedding process: keep its choice.
  }
}
