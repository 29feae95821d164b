import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { CARRIER_EVENT_TYPES, carrierEventSignal } from '../../workflows/messages';
import { HttpError, notFound } from '../httpError';
import { validate } from '../middleware/validate';
import { temporalErrorToHttp } from '../temporalErrors';

const carrierEventSchema = z.object({
  trackingNumber: z.string().trim().min(1).max(64),
  shipmentId: z.string().trim().min(1).max(128).optional(),
  type: z.enum(CARRIER_EVENT_TYPES),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** Carrier tracking events, routed to the order that owns the parcel. */
export function carrierRouter(db: Db, temporal: Client): Router {
  const router = Router();
  router.post('/events', validate({ body: carrierEventSchema }), async (req, res) => {
    const event = req.body as z.infer<typeof carrierEventSchema>;
    // The shipment reference finds the parcel even before its tracking number is on record.
    const shipment = event.shipmentId
      ? await db.shipment.findUnique({ where: { id: event.shipmentId }, include: { order: true } })
      : await db.shipment.findUnique({ where: { trackingNumber: event.trackingNumber }, include: { order: true } });
    if (!shipment) throw notFound(event.shipmentId ? `shipment ${event.shipmentId}` : `shipment with tracking number ${event.trackingNumber}`);
    if (shipment.trackingNumber && shipment.trackingNumber !== event.trackingNumber) {
      throw new HttpError(400, 'validation_failed', 'tracking number does not belong to this shipment', [{ field: 'body.trackingNumber', message: `shipment ${shipment.id} has another tracking number` }]);
    }
    try {
      await temporal.workflow.getHandle(shipment.order.workflowId).signal(carrierEventSignal, { ...event, at: event.at ?? new Date().toISOString() });
      res.status(202).json({ accepted: true, orderId: shipment.orderId });
    } catch (err) {
      // A late event for a finished order is normal carrier behaviour, not an error.
      if (temporalErrorToHttp(err)?.status === 409) return void res.status(200).json({ accepted: false, orderId: shipment.orderId, reason: 'order is closed' });
      throw err;
    }
  });
  return router;
}
