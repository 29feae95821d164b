import { Router } from 'express';
import { created, ok, partnerRoute } from '../partnerRoute';
import { isJsonObject, type JsonObject, optionalDecimal, Rejection, optionalString, requiredDecimal, requiredString, skuQuantities } from '../requestFields';
import type { SimulatorState } from '../state';

function validateOrderLines(value: unknown): void {
  skuQuantities(value, 'lines');
  // skuQuantities has proven every line is an object.
  (value as JsonObject[]).forEach((line, index) => optionalDecimal(line.unitPrice, `lines[${index}].unitPrice`));
}

/** Issue 13: an invoice's or credit note's lines and shipping lines, when sent, carry decimal amounts. */
function validateDocument(body: JsonObject): void {
  if (body.lines === undefined) return;
  skuQuantities(body.lines, 'lines');
  (body.lines as JsonObject[]).forEach((line, i) => {
    for (const field of ['unitPrice', 'subtotal', 'total']) requiredDecimal(line[field], `lines[${i}].${field}`);
    for (const list of ['discounts', 'taxLines']) {
      const parts = line[list] ?? [];
      if (!Array.isArray(parts)) throw new Rejection(422, { error: `lines[${i}].${list} must be an array` });
      parts.forEach((p: unknown, k: number) => requiredDecimal(isJsonObject(p) ? p.amount : undefined, `lines[${i}].${list}[${k}].amount`));
    }
  });
  for (const field of ['subtotal', 'discounts', 'shipping', 'tax', 'total']) optionalDecimal(body[field], field);
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
      validateDocument(body);
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
      validateDocument(body);
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
