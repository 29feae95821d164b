/** The returns API (issue 18, docs/returns.md): operations and their response shapes. */
import { orderIdParams } from '../orders/actionSchemas';
import { channelParams } from '../channels/router';
import { createReturnSchema, listReturnsQuery, receiptSchema, returnIdParams, returnPolicySchema, returnRetrySchema } from '../returns/schemas';
import { EXCHANGE_POLICIES, REPLACEMENT_STATES, RETURN_SHIPPING_POLICIES, RETURN_STATUSES } from '../../domain/returns';
import { BODY_ERRORS, type JsonSchema, type Operation } from './registry';
import { arr, bool, int, money, nullable, obj, ref, str, time } from './schemaBuilders';

const returnStatus: JsonSchema = { type: 'string', enum: [...RETURN_STATUSES] };

const returnSummary = obj({
  returnId: str,
  orderId: str,
  channel: str,
  status: returnStatus,
  currency: str,
  refund: { ...money, description: 'what went back to the customer so far' },
  createdAt: time,
  updatedAt: time,
});

export const returnResponseSchemas: Record<string, JsonSchema> = {
  ReturnSummary: returnSummary,
  ReturnList: obj({ items: arr(ref('ReturnSummary')), nextCursor: nullable(str) }),
  ReturnPolicyView: obj({
    channel: str,
    returnWindowDays: int,
    returnShipping: { type: 'string', enum: [...RETURN_SHIPPING_POLICIES] },
    exchangeShipsAt: { type: 'string', enum: [...EXCHANGE_POLICIES] },
  }),
  ReturnCreated: obj({ returnId: str, status: { type: 'string', enum: ['requested'] } }),
  Return: {
    allOf: [
      ref('ReturnSummary'),
      obj({
        note: nullable(str),
        requestedBy: str,
        carrier: nullable(str),
        trackingNumber: nullable(str),
        locationId: nullable(str),
        shippingRefunded: bool,
        exchangeOrderId: nullable(str),
        attentionReason: nullable(str),
        expiresAt: nullable(time),
        receivedAt: nullable(time),
        refundedAt: nullable(time),
        closedAt: nullable(time),
        lines: arr(obj({ lineNo: int, sku: str, quantity: int, reason: nullable(str), receivedResellable: int, receivedDamaged: int, refund: money })),
        replacements: arr(
          obj({
            lineNo: { ...int, description: "the replacement order's line number" },
            sku: str,
            quantity: int,
            state: { type: 'string', enum: [...REPLACEMENT_STATES], description: 'held: reserved at locationId; unreserved: the replacement order reserves it; ordered; released' },
            locationId: nullable(str),
          }),
        ),
      }),
    ],
  },
};

export const returnOperations: Operation[] = [
  {
    operationId: 'createReturn',
    method: 'post',
    path: '/api/v1/orders/:orderId/returns',
    tag: 'returns',
    summary: 'Open a return of shipped or delivered units',
    description:
      "Units are named by lineId (lines[].lineNo in GET) or sku, one of them (both or neither: 400 naming body.lines.N.lineId). 409 return_refused naming body.lines.N.quantity when more units are asked than have shipped less those earlier returns hold, or naming body.lines.N when the channel's return window (returnWindowDays after delivery, 30 by default) has closed; 400 for a line the order does not have. Two requests for the last units: one 201, one 409. replacements makes it an exchange: as many replacement units as units returned (else 400 naming body.replacements), each a product that ships (else 400 naming body.replacements.N.sku); their stock is reserved now where a location has it.",
    params: orderIdParams,
    body: { schema: createReturnSchema, name: 'CreateReturnRequest' },
    responses: [{ status: 201, description: 'The return, waiting for its parcel.', schema: 'ReturnCreated' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'listReturns',
    method: 'get',
    path: '/api/v1/returns',
    tag: 'returns',
    summary: 'Returns, newest first (keyset pages like the orders list)',
    query: listReturnsQuery,
    responses: [{ status: 200, description: 'A page of returns.', schema: 'ReturnList' }],
    errors: [400],
  },
  {
    operationId: 'getReturn',
    method: 'get',
    path: '/api/v1/returns/:returnId',
    tag: 'returns',
    summary: 'One return with its lines',
    params: returnIdParams,
    responses: [{ status: 200, description: 'The return.', schema: 'Return' }],
    errors: [400, 404],
  },
  {
    operationId: 'receiveReturn',
    method: 'post',
    path: '/api/v1/returns/:returnId/receipt',
    tag: 'returns',
    summary: "Record the return parcel's receipt: units per line and condition",
    description:
      'Resellable units go back on hand at locationId (omitted: where they shipped from) through the stock ledger; damaged ones are refunded but not restocked. The refund (price less discounts plus tax per unit, as partial cancel) then goes back once, the ERP gets a credit note and the channel is told. Answers with the return once the receipt is recorded. 400 validation_failed naming body.lines.N.lineId for a line the return does not have, or body.locationId for an unknown location; 409 return_refused naming body.lines.N.quantity when more units are counted than the return asked for, or when the return was received already or expired.',
    params: returnIdParams,
    body: { schema: receiptSchema, name: 'ReturnReceiptRequest' },
    responses: [{ status: 200, description: 'The return, received.', schema: 'Return' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'retryReturnStep',
    method: 'post',
    path: '/api/v1/returns/:returnId/retry',
    tag: 'returns',
    summary: 'needs_attention: run the failed partner step(s) of a return again',
    description: 'A refund, credit note, channel notice or label that failed past its retries waits here; 409 return_refused when no step (or not the named one) is waiting.',
    params: returnIdParams,
    body: { schema: returnRetrySchema, name: 'ReturnRetryRequest' },
    responses: [{ status: 200, description: 'The return once the step ran again.', schema: 'Return' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'getReturnPolicy',
    method: 'get',
    path: '/api/v1/channels/:channel/return-policy',
    tag: 'returns',
    summary: "A channel's return policy: window, shipping refund, when an exchange ships",
    params: channelParams,
    responses: [{ status: 200, description: 'The policy.', schema: 'ReturnPolicyView' }],
    errors: [400, 404],
  },
  {
    operationId: 'setReturnPolicy',
    method: 'put',
    path: '/api/v1/channels/:channel/return-policy',
    tag: 'returns',
    summary: "Set a channel's return policy (applies to returns opened from now on)",
    params: channelParams,
    body: { schema: returnPolicySchema, name: 'ReturnPolicyRequest' },
    responses: [{ status: 200, description: 'The policy.', schema: 'ReturnPolicyView' }],
    errors: [...BODY_ERRORS, 404],
  },
];
