import { channelParams } from '../channels/router';
import type { JsonSchema, Operation } from './registry';
import { ref } from './responses';
import { STORABLE_JSON, withStorableRules } from './storableJson';

/*
 * A channel's native order payload, mapped by src/channels/<channel>.ts. The adapters check every
 * field themselves (and name it in the 400), so the shapes here are loose: the identifying fields
 * of each channel's format, anything else allowed.
 */
const shape = (title: string, description: string, required: string[]): JsonSchema =>
  withStorableRules({
    title,
    description,
    type: 'object',
    required,
    properties: Object.fromEntries(required.map((k) => [k, ref(STORABLE_JSON)])),
  }) as JsonSchema;

export const nativeOrderSchema: JsonSchema = {
  description: "The channel's own order format; which one is read depends on {channel}.",
  anyOf: [
    shape(
      'webstore',
      'Shopify-like: id, currency, created_at, financial_status, email/customer, shipping_address{first_name, last_name, address1, city, province_code, zip, country_code}, line_items[{sku, quantity, price}].',
      ['id', 'line_items'],
    ),
    shape(
      'amazon',
      'Amazon-like, merchant-fulfilled (MFN) only: AmazonOrderId, PurchaseDate, FulfillmentChannel, ShipServiceLevel, OrderTotal{CurrencyCode, Amount}, BuyerInfo, ShippingAddress, OrderItems[{SellerSKU, QuantityOrdered, ItemPrice, ShippingPrice}].',
      ['AmazonOrderId', 'OrderItems'],
    ),
    shape(
      'ebay',
      'eBay-like: orderId, creationDate, orderPaymentStatus, buyer, pricingSummary, fulfillmentStartInstructions[{shippingStep{shippingServiceCode, shipTo}}], lineItems[{sku, quantity, lineItemCost}] (line totals).',
      ['orderId', 'lineItems'],
    ),
    shape('pos', 'Point of sale, picked up at the store: saleId, storeId, completedAt, currency, items[{sku, qty, unitPrice}], tenders[{type, amount}].', ['saleId', 'items']),
  ],
};

export const webhookOperations: Operation[] = [
  {
    operationId: 'receiveChannelOrder',
    method: 'post',
    path: '/api/v1/channels/:channel/orders',
    tag: 'channels',
    summary: "A channel's native order webhook, signed with the channel's secret",
    description: 'The payload is mapped to a create-order request; a field the mapping cannot read is a 400 naming it.',
    webhook: true,
    params: channelParams,
    body: { json: nativeOrderSchema },
    responses: [
      { status: 202, description: 'The order was created.', schema: 'ChannelOrderResult' },
      { status: 200, description: 'This order was seen before; the original order.', schema: 'ChannelOrderResult' },
    ],
    // Any content type is read as raw bytes (the signature covers them), so no 415.
    // An unknown channel has no secret, so it is a 401 like a bad signature.
    // 429: the channel's own budget (RATE_LIMIT_*), counted only for correctly signed deliveries.
    errors: [400, 413, 429],
  },
];
