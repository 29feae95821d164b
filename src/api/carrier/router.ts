import { Router } from 'express';
import { z } from 'zod';
import { CARRIER_EVENT_TYPES } from '../../workflows/messages';
import { validate } from '../middleware/validate';
import { text } from '../schemaParts';
import type { createCarrierService } from './service';

export const carrierEventSchema = z.object({
  trackingNumber: text(64),
  shipmentId: text(128).optional(),
  type: z.enum(CARRIER_EVENT_TYPES),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The carrier's webhook for parcel events. */
export function carrierRouter(service: ReturnType<typeof createCarrierService>): Router {
  const router = Router();
  router.post('/events', validate({ body: carrierEventSchema }), async (req, res) => {
    const result = await service.receive(req.body as z.infer<typeof carrierEventSchema>);
    res.status(result.status).json(result.body);
  });
  return router;
}
