import { Router } from 'express';
import { METRICS_AUTHENTICATE, METRICS_KEY_REQUIRED, metricsKeyCheck } from '../../observability/metricsKey';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../../observability/renderMetrics';
import { HttpError } from '../httpError';

export interface MetricsRouteSettings {
  /** The database figures, computed at most once per interval (cachedDatabaseMetrics). */
  databaseText: () => Promise<string>;
  /** METRICS_KEY: when set, a scrape must present it. */
  key?: string;
}

/** GET /metrics: Prometheus text with the database figures, this process's own, and the Temporal SDK's. */
export function metricsRouter({ databaseText, key }: MetricsRouteSettings): Router {
  const router = Router();
  const allowed = metricsKeyCheck(key);
  router.get('/metrics', async (req, res) => {
    if (!allowed(req.headers)) {
      res.setHeader('WWW-Authenticate', METRICS_AUTHENTICATE);
      throw new HttpError(401, 'unauthorized', METRICS_KEY_REQUIRED);
    }
    const text = await renderMetrics([databaseText]);
    res.type(METRICS_CONTENT_TYPE).send(text);
  });
  return router;
}
