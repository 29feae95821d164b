import { Router } from 'express';
import { created, ok, partnerRoute } from '../partnerRoute';
import { Rejection, optionalString, requiredObject, requiredString, skuQuantities } from '../requestFields';
import type { SimulatorState } from '../state';

/** The carrier sells labels and can void them until the parcel has been picked up. */
export function carrierRoutes(state: SimulatorState): Router {
  const router = Router();
  const shipments = state.carrierShipments;

  router.post(
    '/carrier/shipments',
    partnerRoute(state, 'carrier', 'createShipment', ({ body, baseUrl }) => {
      const orderId = requiredString(body.orderId, 'orderId');
      const shipmentId = requiredString(body.shipmentId, 'shipmentId');
      const service = optionalString(body.service, 'service') ?? 'standard';
      // A return label (the hub's return workflow): from the customer back to a warehouse; the auto-advance moves it the same way.
      const direction = optionalString(body.direction, 'direction') ?? 'outbound';
      if (direction !== 'outbound' && direction !== 'return') throw new Rejection(400, { error: 'direction must be outbound or return' });
      const to = requiredObject(body.to, 'to');
      requiredString(to.country, 'to.country');
      skuQuantities(body.items, 'items');
      const shipment = shipments.create({ orderId, shipmentId, service, direction });
      return created({
        shipmentId: shipment.shipmentId,
        trackingNumber: shipment.trackingNumber,
        labelId: shipment.labelId,
        carrier: shipment.carrier,
        labelUrl: `${baseUrl}/carrier/labels/${shipment.labelId}`,
      });
    }),
  );

  router.post(
    '/carrier/shipments/:trackingNumber/void',
    partnerRoute(state, 'carrier', 'voidShipment', ({ body, params }) => {
      optionalString(body.reason, 'reason');
      const trackingNumber = params.trackingNumber ?? '';
      const result = shipments.void(trackingNumber);
      if (result.outcome === 'unknown') throw new Rejection(404, { error: `unknown trackingNumber ${trackingNumber}` });
      if (result.outcome === 'too_late') {
        throw new Rejection(409, { error: `shipment already ${result.status}`, status: result.status });
      }
      return ok({ trackingNumber, voided: true });
    }),
  );

  // Where labelUrl points; plain text is enough for a demo to "print".
  router.get('/carrier/labels/:labelId', (req, res) => {
    const shipment = shipments.findByLabel(req.params.labelId);
    if (!shipment) {
      res.status(404).json({ error: `unknown label ${req.params.labelId}` });
      return;
    }
    res
      .type('text/plain')
      .send(`${shipment.carrier.toUpperCase()} ${shipment.service}\n` + `tracking ${shipment.trackingNumber}\nshipment ${shipment.shipmentId}\norder ${shipment.orderId}\n`);
  });

  return router;
}
