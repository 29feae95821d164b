import { logger } from './logger';

/**
 * The Temporal SDK exports its worker metrics (task slots, poll and task latencies, activity
 * and workflow outcomes) from the native runtime through its own Prometheus listener, which
 * prom-client cannot read. It listens on loopback only; whichever /metrics this process serves
 * fetches that text and appends it, so one scrape target per process has both.
 */
let exporterUrl: string | undefined;

export function temporalMetricsAddress(port: number): string {
  return `127.0.0.1:${port}`;
}

export function setTemporalMetricsExporter(port: number): void {
  exporterUrl = `http://${temporalMetricsAddress(port)}/metrics`;
}

/** The SDK's metrics text, or '' when this process runs no worker or the exporter does not answer. */
export async function temporalMetricsText(timeoutMs = 2000): Promise<string> {
  if (!exporterUrl) return '';
  try {
    const res = await fetch(exporterUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    return await res.text();
  } catch (err) {
    logger.warn({ err, exporterUrl }, 'Temporal SDK metrics unavailable');
    return '';
  }
}
