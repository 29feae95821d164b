import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

let installed = false;

/** The SDK logs every worker state change at INFO; the hub keeps it to warnings unless asked. */
export function installTemporalRuntime(level: LogLevel = (process.env.TEMPORAL_LOG_LEVEL as LogLevel) || 'WARN'): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed by the embedding process: keep its choice.
  }
}
