import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { carrierEventSignal, type CarrierEvent } from '../../workflows/messages';
import { HttpError, notFound } from '../httpError';
import { temporalErrorToHttp } from '../temporalErrors';

export function createCarrierService(db: Db, temporal: Client) {
  return {
    /** Routes a tracking event to the order that owns the parcel. */
    async receive(event: Omit<CarrierEvent, 'at'> & { at?: string }) {
      // The shipment reference finds the parcel even before its tracking number is on record.
      const shipment = event.shipmentId
        ? await db.shipment.findUnique({ where: { id: event.shipmentId }, include: { order: true } })
        : await db.shipment.findUnique({ where: { trackingNumber: event.trackingNumber }, include: { order: true } });
      if (!shipment) throw notFound(event.shipmentId ? `shipment ${event.shipmentId}` : `shipment with tracking number ${event.trackingNumber}`);
      if (shipment.trackingNumber && shipment.trackingNumber !== event.trackingNumber) {
        throw new HttpError(400, 'validation_failed', 'tracking number does not belong to this shipment', [
          { field: 'body.trackingNumber', message: `shipment ${shipment.id} has another tracking number` },
        ]);
      }
      try {
        await temporal.workflow.getHandle(shipment.order.workflowId).signal(carrierEventSignal, { ...event, at: event.at ?? new Date().toISOString() });
        return { status: 202, body: { accepted: true, orderId: shipment.orderId } };
      } catch (err) {
        // A late event for a finished order is normal carrier behaviour, not an error.
        if (temporalErrorToHttp(err)?.status === 409) return { status: 200, body: { accepted: false, orderId: shipment.orderId, reason: 'order is closed' } };
        throw err;
      }
    },
  };
}
