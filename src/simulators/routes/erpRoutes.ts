import { Router } from 'express';
import { created, ok, partnerRoute } from '../partnerRoute';
import { type JsonObject, optionalDecimal, optionalString, requiredDecimal, requiredString, skuQuantities } from '../requestFields';
import type { SimulatorState } from '../state';

function validateOrderLines(value: unknown): void {
  skuQuantities(value, 'lines');
  // skuQuantities has proven every line is an object.
  (value as JsonObject[]).forEach((line, index) => optionalDecimal(line.unitPrice, `lines[${index}].unitPrice`));
}

/** The ERP books sales orders, invoices and credit notes; it just hands out document numbers. */
export function erpRoutes(state: SimulatorState): Router {
  const router = Router();
  const numbers = state.documentNumbers;

  router.post(
    '/erp/sales-orders',
    partnerRoute(state, 'erp', 'createSalesOrder', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      validateOrderLines(body.lines);
      optionalDecimal(body.total, 'total');
      return created({ erpOrderId: numbers.next('SO') });
    }),
  );

  router.post(
    '/erp/invoices',
    partnerRoute(state, 'erp', 'createInvoice', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      requiredString(body.shipmentId, 'shipmentId');
      optionalString(body.trackingNumber, 'trackingNumber');
      return created({ invoiceId: numbers.next('INV') });
    }),
  );

  router.post(
    '/erp/credit-notes',
    partnerRoute(state, 'erp', 'createCreditNote', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      requiredDecimal(body.amount, 'amount');
      requiredString(body.currency, 'currency');
      optionalString(body.reason, 'reason');
      return created({ creditNoteId: numbers.next('CN') });
    }),
  );

  // Cancelling is accepted even for orders the ERP never booked: compensations must not get stuck.
  router.post(
    '/erp/sales-orders/:orderId/cancel',
    partnerRoute(state, 'erp', 'cancelSalesOrder', ({ body, params }) => {
      optionalString(body.reason, 'reason');
      return ok({ orderId: params.orderId, cancelled: true });
    }),
  );

  return router;
}
