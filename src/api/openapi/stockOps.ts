import { carrierEventSchema } from '../carrier/router';
import { backorderPolicySchema, bufferSchema, channelParams } from '../channels/router';
import { adjustmentSchema, ledgerQuery, listQuery, skuParams } from '../inventory/router';
import { BODY_ERRORS, type Operation } from './registry';

export const stockOperations: Operation[] = [
  {
    operationId: 'listStock',
    method: 'get',
    path: '/api/v1/inventory',
    tag: 'inventory',
    summary: 'SKUs, lowest availability first',
    query: listQuery,
    responses: [{ status: 200, description: 'Stock totals per SKU.', schema: 'StockList' }],
    errors: [400],
  },
  {
    operationId: 'getStock',
    method: 'get',
    path: '/api/v1/inventory/:sku',
    tag: 'inventory',
    summary: "One SKU's stock per location and what each channel may list",
    params: skuParams,
    responses: [{ status: 200, description: 'The stock view.', schema: 'Stock' }],
    errors: [400, 404],
  },
  {
    operationId: 'getStockLedger',
    method: 'get',
    path: '/api/v1/inventory/:sku/ledger',
    tag: 'inventory',
    summary: "A SKU's stock moves, newest first",
    params: skuParams,
    query: ledgerQuery,
    responses: [{ status: 200, description: 'Ledger entries.', schema: 'Ledger' }],
    errors: [400, 404],
  },
  {
    operationId: 'adjustStock',
    method: 'post',
    path: '/api/v1/inventory/adjustments',
    tag: 'inventory',
    summary: 'Adjust stock by delta, or set it by a cycle count',
    description:
      'Exactly one of delta or countedOnHand. 400 naming body.sku or body.locationId when it is unknown. 409 insufficient_stock when on-hand would drop below zero or below what is reserved. ' +
      'An adjustment with an identity (adjustmentId, or the Idempotency-Key header) applies once, ever: sent again it answers 200 with the stock and adjustment.replayed true; ' +
      'the same adjustmentId with a different request is a 409 adjustment_conflict, the same Idempotency-Key a 422 idempotency_key_mismatch.',
    body: { schema: adjustmentSchema, name: 'AdjustmentRequest' },
    responses: [
      { status: 201, description: 'Applied: the new stock view and the adjustment.', schema: 'AdjustmentResult' },
      { status: 200, description: 'Applied before (same identity): the stock view now, and the adjustment as it was applied (replayed true).', schema: 'AdjustmentResult' },
    ],
    errors: [...BODY_ERRORS, 409, 422],
  },
  {
    operationId: 'getChannelBuffer',
    method: 'get',
    path: '/api/v1/channels/:channel/buffer',
    tag: 'channels',
    summary: "A channel's listing buffer",
    params: channelParams,
    responses: [{ status: 200, description: 'The buffer.', schema: 'ChannelBuffer' }],
    errors: [400, 404],
  },
  {
    operationId: 'setChannelBuffer',
    method: 'put',
    path: '/api/v1/channels/:channel/buffer',
    tag: 'channels',
    summary: "Replace a channel's buffer and re-push every SKU to it",
    description: '400 naming body.locationIds.N for a location that does not exist.',
    params: channelParams,
    body: { schema: bufferSchema, name: 'ChannelBuffer' },
    responses: [{ status: 200, description: 'The stored buffer.', schema: 'ChannelBuffer' }],
    errors: [...BODY_ERRORS, 404],
  },
  {
    operationId: 'getBackorderPolicy',
    method: 'get',
    path: '/api/v1/channels/:channel/backorder-policy',
    tag: 'channels',
    summary: "A channel's backorder policy and the effective one",
    params: channelParams,
    responses: [{ status: 200, description: 'The policy.', schema: 'BackorderPolicyView' }],
    errors: [400, 404],
  },
  {
    operationId: 'setBackorderPolicy',
    method: 'put',
    path: '/api/v1/channels/:channel/backorder-policy',
    tag: 'channels',
    summary: "Set a channel's backorder policy (null: the hub's default)",
    params: channelParams,
    body: { schema: backorderPolicySchema, name: 'BackorderPolicyRequest' },
    responses: [{ status: 200, description: 'The policy.', schema: 'BackorderPolicyView' }],
    errors: [...BODY_ERRORS, 404],
  },
  {
    operationId: 'receiveCarrierEvent',
    method: 'post',
    path: '/api/v1/carrier/events',
    tag: 'carrier',
    summary: 'Carrier webhook: a parcel event',
    description:
      "A return parcel (shipmentId is the return's id, or the tracking number is a return label's) goes to the return's workflow. 400 naming body.trackingNumber when the parcel named by shipmentId has another tracking number.",
    body: { schema: carrierEventSchema, name: 'CarrierEvent' },
    responses: [
      { status: 202, description: 'The event was passed to the order (or the return).', schema: 'CarrierEventResult' },
      { status: 200, description: 'A late event for a finished order: accepted false with a reason.', schema: 'CarrierEventResult' },
    ],
    errors: [...BODY_ERRORS, 404],
  },
];
