import { Router } from 'express';
import { requireBody, validate } from '../middleware/validate';
import { createLocationSchema, locationParams, updateLocationSchema, type CreateLocationRequest, type UpdateLocationRequest } from './schemas';
import type { createLocationService } from './service';

export function locationsRouter(service: ReturnType<typeof createLocationService>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await service.list());
  });
  router.post('/', validate({ body: createLocationSchema }), async (req, res) => {
    res.status(201).json(await service.create(req.body as CreateLocationRequest));
  });
  router.patch('/:locationId', requireBody, validate({ params: locationParams, body: updateLocationSchema }), async (req, res) => {
    res.json(await service.update(String(req.params.locationId), req.body as UpdateLocationRequest));
  });
  return router;
}
