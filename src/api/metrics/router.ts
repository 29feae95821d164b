import { Router } from 'express';
import type { Db } from '../../db/prisma';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../../observability/renderMetrics';
import { databaseMetricsText } from './dbMetrics';

/** GET /metrics: Prometheus text with the database figures, this process's own, and the Temporal SDK's. */
export function metricsRouter(db: Db): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await renderMetrics([() => databaseMetricsText(db)]);
    res.type(METRICS_CONTENT_TYPE).send(text);
  });
  return router;
}
