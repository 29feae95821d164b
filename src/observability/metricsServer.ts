import http from 'node:http';
import { logger } from './logger';
import { METRICS_CONTENT_TYPE, renderMetrics } from './renderMetrics';

/**
 * GET /metrics for a process without the API (the worker in docker-compose): a separate scrape
 * target per worker replica. Failing to listen only loses metrics, never the worker.
 */
export function startMetricsServer(port: number, host = '0.0.0.0'): { close(): Promise<void> } {
  const log = logger.child({ component: 'metrics' });
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    renderMetrics().then(
      (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(text),
      (err) => {
        log.error({ err }, 'rendering metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  server.on('error', (err) => log.error({ err, port }, 'metrics server failed; the worker runs on without /metrics'));
  server.listen(port, host, () => log.info({ port }, 'metrics at /metrics'));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
