import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import { RETURN_ID, returnWorkflowId } from '../../domain/ids';
import { carrierEventSignal, type CarrierEvent } from '../../workflows/messages';
import { returnCarrierEventSignal } from '../../workflows/returns/messages';
import { HttpError, notFound } from '../httpError';
import { temporalErrorToHttp } from '../temporalErrors';

type IncomingEvent = Omit<CarrierEvent, 'at'> & { at?: string };

export function createCarrierService(db: Db, temporal: Client) {
  /** A return parcel (issue 18): its label was bought with the return's id as the shipment reference. */
  async function receiveReturnParcel(event: IncomingEvent) {
    const ret =
      event.shipmentId && RETURN_ID.test(event.shipmentId)
        ? await db.return.findUnique({ where: { id: event.shipmentId } })
        : await db.return.findUnique({ where: { trackingNumber: event.trackingNumber } });
    if (!ret) return undefined;
    if (ret.trackingNumber && ret.trackingNumber !== event.trackingNumber) {
      throw new HttpError(400, 'validation_failed', 'tracking number does not belong to this return', [
        { field: 'body.trackingNumber', message: `return ${ret.id} has another tracking number` },
      ]);
    }
    try {
      await temporal.workflow.getHandle(returnWorkflowId(ret.id)).signal(returnCarrierEventSignal, { ...event, at: event.at ?? new Date().toISOString() });
      return { status: 202, body: { accepted: true, orderId: ret.orderId, returnId: ret.id } };
    } catch (err) {
      if (temporalErrorToHttp(err)?.status === 409) return { status: 200, body: { accepted: false, orderId: ret.orderId, returnId: ret.id, reason: 'return is closed' } };
      throw err;
    }
  }

  return {
    /** Routes a tracking event to the order that owns the parcel, or to the return whose parcel it is. */
    async receive(event: IncomingEvent) {
      if (event.shipmentId && RETURN_ID.test(event.shipmentId)) {
        const routed = await receiveReturnParcel(event);
        if (routed) return routed;
      }
      // The shipment reference finds the parcel even before its tracking number is on record.
      const shipment = event.shipmentId
        ? await db.shipment.findUnique({ where: { id: event.shipmentId }, include: { order: true } })
        : await db.shipment.findUnique({ where: { trackingNumber: event.trackingNumber }, include: { order: true } });
      if (!shipment) {
        const routed = event.shipmentId ? undefined : await receiveReturnParcel(event);
        if (routed) return routed;
        throw notFound(event.shipmentId ? `shipment ${event.shipmentId}` : `shipment with tracking number ${event.trackingNumber}`);
      }
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
