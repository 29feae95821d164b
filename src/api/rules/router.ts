import { Router } from 'express';
import { validate, validated } from '../middleware/validate';
import { listVersionsQuery, previewSchema, putRulesSchema, restoreSchema, versionParams } from './schemas';
import type { createRulesService, PreviewRequest, PutRulesRequest } from './service';
import { actorOf } from '../auth/actor';

/** Versioned order rules: read, replace (a new version), roll back, and try them on an order. */
export function rulesRouter(service: ReturnType<typeof createRulesService>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await service.active());
  });
  router.put('/', validate({ body: putRulesSchema }), async (req, res) => {
    res.status(201).json(await service.save(req.body as PutRulesRequest, actorOf(res)));
  });
  router.get('/versions', validate({ query: listVersionsQuery }), async (_req, res) => {
    res.json(await service.versions(validated<{ limit: number }>(res, 'query').limit));
  });
  router.get('/versions/:version', validate({ params: versionParams }), async (_req, res) => {
    res.json(await service.version(validated<{ version: number }>(res, 'params').version));
  });
  router.post('/versions/:version/restore', validate({ params: versionParams, body: restoreSchema }), async (req, res) => {
    res.status(201).json(await service.restore(validated<{ version: number }>(res, 'params').version, actorOf(res)));
  });
  router.post('/preview', validate({ body: previewSchema }), async (req, res) => {
    res.json(await service.preview(req.body as PreviewRequest));
  });
  return router;
}
