import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';

/** Liveness of the two things every order needs: Temporal and the database. */
export function healthRouter(db: Db, temporal: Client): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [database, temporalOk] = await Promise.all([
      probe(() => db.$queryRaw`SELECT 1`),
      probe(() => temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database.ok && temporalOk.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal: temporalOk });
  });
  return router;
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref())]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
