import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from './logger';
import { METRICS_AUTHENTICATE, METRICS_KEY_REQUIRED, isMetricsScrape, metricsKeyCheck } from './metricsKey';
import { METRICS_CONTENT_TYPE, renderMetrics } from './renderMetrics';

export interface MetricsServerOptions {
  /** More families before the process's own, e.g. the database figures when the API process serves /metrics here. */
  extra?: Array<() => Promise<string>>;
  /** METRICS_KEY: when set, a scrape must present it. */
  key?: string;
}

/**
 * GET /metrics on a port of its own: the worker process (no API; one scrape target per worker
 * replica), or the API process when API_METRICS_PORT keeps /metrics off the API port. Failing to
 * listen only loses metrics, never the process.
 */
export function startMetricsServer(port: number, host = '0.0.0.0', options: MetricsServerOptions = {}): { port: Promise<number>; close(): Promise<void> } {
  const log = logger.child({ component: 'metrics' });
  const allowed = metricsKeyCheck(options.key);
  const server = http.createServer((req, res) => {
    if (!isMetricsScrape(req.method ?? '', req.url?.split('?')[0] ?? '')) {
      res.writeHead(404).end();
      return;
    }
    if (!allowed(req.headers)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': METRICS_AUTHENTICATE }).end(`${METRICS_KEY_REQUIRED}\n`);
      return;
    }
    renderMetrics(options.extra).then(
      (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : text),
      (err) => {
        log.error({ err }, 'rendering metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  const listening = new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      log.info({ port: bound }, 'metrics at /metrics');
      resolve(bound);
    });
  });
  // Whoever does not wait for the port (the worker) must not crash on an unhandled rejection.
  listening.catch(() => undefined);
  server.on('error', (err) => log.error({ err, port }, 'metrics server failed; the process runs on without /metrics'));
  return { port: listening, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
