import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { errorFields, logger } from '../../observability/logger';

const log = logger.child({ component: 'healthz' });

/**
 * Liveness of the two things every order needs: Temporal and the database. The route is public
 * (probes carry no key), so it says only up or down per dependency: a probe's error text can
 * name hosts, ports and database users. The error goes to the log instead.
 */
export function healthRouter(db: Db, temporal: Client): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [database, temporalOk] = await Promise.all([
      probe('database', () => db.$queryRaw`SELECT 1`),
      probe('temporal', () => temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database.ok && temporalOk.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal: temporalOk });
  });
  return router;
}

async function probe(name: string, check: () => Promise<unknown>): Promise<{ ok: boolean }> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref())]);
    return { ok: true };
  } catch (err) {
    log.warn({ ...errorFields(err), dependency: name }, 'health probe failed');
    return { ok: false };
  }
}
