import {
  cancelSchema,
  correctAddressSchema,
  createOrderSchema,
  holdParams,
  listOrdersQuery,
  orderIdParams,
  paymentSchema,
  placeHoldSchema,
  reevaluateSchema,
  releaseHoldSchema,
  retryStepSchema,
  skipStepSchema,
} from '../orders/schemas';
import { BODY_ERRORS, type Operation } from './registry';

const P = '/api/v1/orders';
const storedOrder = { status: 200, description: 'The stored order (as GET /api/v1/orders/{orderId}), once the workflow has recorded the change.', schema: 'Order' };

/** An operator's change to one running order: a Temporal update, answered with the stored order. */
function orderUpdate(op: Pick<Operation, 'operationId' | 'method' | 'path' | 'summary' | 'description' | 'params' | 'body'> & { errors?: Operation['errors'] }): Operation {
  return { tag: 'orders', params: orderIdParams, responses: [storedOrder], ...op, errors: [...BODY_ERRORS, 404, 409, 503, ...(op.errors ?? [])] };
}

export const orderOperations: Operation[] = [
  {
    operationId: 'createOrder',
    method: 'post',
    path: P,
    tag: 'orders',
    summary: 'Create an order (idempotent per channel + externalId)',
    description:
      'Only a structurally unusable order is a 400 naming the field: wrong types, no lines, a quantity below 1, money that is not a decimal string or has more decimal places than its currency has (JPY none, USD 2, KWD 3) or is above 2,000,000,000 minor units (body.lines.N.unitPrice, body.shippingPrice; an order total above that: body.lines), a currency not in ISO 4217, an unknown channel or the hub-made `exchange` channel (body.channel), a pickup store that does not exist, serve pickups or feed the channel (body.fulfillment.pickupLocationId). E-mail, customer name and the shipping address (or any of its fields) may be missing: an order that must ship without a complete address is held `address`, and a line whose SKU is not a known product is accepted and holds the order `unmapped_sku` before any stock is reserved.',
    body: { schema: createOrderSchema, name: 'CreateOrderRequest' },
    responses: [
      { status: 202, description: 'The order was created and recorded.', schema: 'OrderAccepted' },
      { status: 200, description: 'This channel + externalId was seen before; the original order, the new body ignored.', schema: 'OrderAccepted' },
    ],
    errors: [...BODY_ERRORS],
  },
  {
    operationId: 'listOrders',
    method: 'get',
    path: P,
    tag: 'orders',
    summary: 'Find orders, newest first: by status, channel, channel order id, e-mail, name, SKU, open hold reason, placed date',
    description:
      "Filters combine with AND; each item adds the customer's name and e-mail. cursor is the nextCursor of the previous page (any string of its pattern names a position in the list): keyset pages never repeat or skip an order that arrives meanwhile. An empty date range (placedFrom after placedTo) finds nothing.",
    query: listOrdersQuery,
    responses: [{ status: 200, description: 'A page of order summaries; pass nextCursor as cursor for the next.', schema: 'OrderList' }],
    errors: [400],
  },
  {
    operationId: 'getOrder',
    method: 'get',
    path: `${P}/:orderId`,
    tag: 'orders',
    summary: 'One order with its lines, holds, parcels and timeline',
    params: orderIdParams,
    responses: [{ status: 200, description: 'The order.', schema: 'Order' }],
    errors: [400, 404],
  },
  orderUpdate({
    operationId: 'recordPayment',
    method: 'post',
    path: `${P}/:orderId/payment`,
    summary: 'Record a payment',
    description:
      '400 naming body.amount when it has more decimal places than its currency has or is above 2,000,000,000 minor units. 409 invalid_order_state when the order does not await a payment; 409 cancel_in_progress once a cancel of the order was accepted (the channel must give the money back itself); 422 payment_mismatch when a succeeded payment differs from the total.',
    body: { schema: paymentSchema, name: 'PaymentRequest' },
    errors: [422],
  }),
  orderUpdate({
    operationId: 'cancelOrder',
    method: 'post',
    path: `${P}/:orderId/cancel`,
    summary: 'Cancel an order (answers once compensation has finished)',
    description:
      'Answers with status cancelled, or with status needs_attention when the refund failed past its retry budget: an integration hold names it, and POST …/integration/retry finishes the cancellation. 409 cancel_in_progress while a cancel is already being compensated. ' +
      'With lines (a partial cancel, once the order is paid and its stock reserved): the units not in a parcel that has left are cancelled, their stock released, their share (price less discounts plus tax, per unit, largest remainder) refunded, the ERP gets a credit note and the channel a line cancellation; the rest of the order goes on (lines[].cancelledQuantity, partialRefunds). Cancelling every unit left before anything shipped is the full cancel (shipping refunded). ' +
      '409 invalid_order_state naming lines[i].quantity when more units are asked than can still be cancelled; 400 invalid_request naming lines[i].lineId or lines[i].sku for a line the order does not have. The Idempotency-Key (when sent) is the request id: a repeat returns nothing twice.',
    body: { schema: cancelSchema, name: 'CancelRequest' },
  }),
  orderUpdate({
    operationId: 'placeHold',
    method: 'post',
    path: `${P}/:orderId/holds`,
    summary: 'Place a fraud_review, address or manual hold',
    body: { schema: placeHoldSchema, name: 'PlaceHoldRequest' },
  }),
  orderUpdate({
    operationId: 'releaseHold',
    method: 'post',
    path: `${P}/:orderId/holds/:reason/release`,
    summary: 'Release the open hold of a reason',
    description:
      "409 for a hold that resolves by itself (payment, inventory, integration), and for unmapped_sku while a line's SKU is still not a known product (the message names the lines).",
    params: holdParams,
    body: { schema: releaseHoldSchema, name: 'ReleaseHoldRequest' },
  }),
  orderUpdate({
    operationId: 'correctShippingAddress',
    method: 'put',
    path: `${P}/:orderId/shipping-address`,
    summary: 'Replace the shipping address (labels are bought again)',
    description: '409 cancel_in_progress once a cancel of the order was accepted. A cancel that arrives during a correction waits for it, then voids the new labels.',
    body: { schema: correctAddressSchema, name: 'CorrectAddressRequest' },
  }),
  orderUpdate({
    operationId: 'reevaluateRules',
    method: 'post',
    path: `${P}/:orderId/rules/evaluate`,
    summary: 'Run the rules again on an order (pinned or latest version)',
    body: { schema: reevaluateSchema, name: 'ReevaluateRequest' },
  }),
  orderUpdate({
    operationId: 'retryIntegration',
    method: 'post',
    path: `${P}/:orderId/integration/retry`,
    summary: 'needs_attention: run the failed partner step(s) again',
    body: { schema: retryStepSchema, name: 'RetryStepRequest' },
  }),
  orderUpdate({
    operationId: 'skipIntegration',
    method: 'post',
    path: `${P}/:orderId/integration/skip`,
    summary: 'needs_attention: go on without a failed ERP or CRM step',
    body: { schema: skipStepSchema, name: 'SkipStepRequest' },
  }),
];
